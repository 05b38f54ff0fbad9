#pragma once
// `latbench compare` end to end: load the sources, compare each with the first (the baseline),
// render the table and write the exports asked for. The CLI only fills CompareRequest.
#include <string>
#include <vector>

#include "core/text_table.hpp"
#include "compare/comparison.hpp"
#include "app/profile_rounds.hpp"
#include "compare/source.hpp"
#include "report/plot_set.hpp"

namespace latbench::app {

struct CompareRequest {
  std::vector<std::string> sources;  // first = baseline; at least two; all profiles or none
  // Names of the sources in the table and exports, one per source; empty: each source's file or
  // folder name (with its parent when two would read alike).
  std::vector<std::string> labels;
  ProfileRoundsOptions profiles;     // how profiles (*.yaml) are run
  compare::SourceOptions source;
  compare::CompareOptions compare;
  std::string export_json, export_csv, export_markdown;  // empty: not written
  std::string plot_dir;                                   // empty: no plots
  report::PlotOptions plot;
  TextWidth width;                   // of the terminal table (--wide: no limit)
};

struct CompareOutcome {
  std::vector<compare::Comparison> comparisons;  // one per non-baseline source
  std::string table;                    // the terminal table
  std::vector<std::string> notes;       // things the sources made us skip, for stderr
  report::PlotOutcome plots;            // with plot_dir: overlaid percentiles, CDF, box plots
  std::filesystem::path run_dir;        // profiles: the folder holding every round's run
  bool interrupted = false;             // profiles: Ctrl-C stopped the rounds early
};

// Throws latbench::Error (input) naming the source or export file at fault; (usage) when labels
// are given but not one per source.
CompareOutcome run_compare(const CompareRequest& request);

}  // namespace latbench::app
