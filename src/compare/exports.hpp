#pragma once
// The ways a set of comparisons (each candidate against the baseline) is written out: terminal
// table, JSON (stable keys, like the summary schema), CSV (one row per metric) and Markdown (a
// table ready to paste into a PR comment).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "compare/comparison.hpp"
#include "core/text_table.hpp"

namespace latbench::compare {

// Settings that every export states next to the numbers, so readers know what "~" means.
struct ReportContext {
  double alpha = 0.05;
  double noise_pct = 2.0;
  double confidence = 0.95;
};

// The sentence under every comparison (terminal and Markdown): the intervals, when a change counts,
// what '~' and '?' mean. One wording; Markdown gets its symbols as code and a real plus-minus sign.
enum class LegendStyle { text, markdown };
std::string verdict_legend(const ReportContext& ctx, LegendStyle style);

// The terminal table; within `width` it leaves out the two sides' intervals and the test.
std::string comparison_text(const std::vector<Comparison>& comparisons, const ReportContext& ctx,
                            const TextWidth& width = {});
nlohmann::json comparison_json(const std::vector<Comparison>& comparisons, const ReportContext& ctx);
std::string comparison_csv(const std::vector<Comparison>& comparisons);
// `charts[i]`, when present and not empty, follows comparison i's table (a Mermaid block).
std::string comparison_markdown(const std::vector<Comparison>& comparisons, const ReportContext& ctx,
                                const std::vector<std::string>& charts = {});

}  // namespace latbench::compare
