#include "label_option.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace latbench::cli {

void add_label_option(CLI::App& cmd, std::vector<std::string>& labels, const std::string& default_names) {
  cmd.add_option("--label", labels,
                 fmt::format("Name of a source in legends, tables and exports; give it once per source, in "
                             "order (default: {})", default_names))
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);  // repeated: one per source
}

void check_label_count(const std::vector<std::string>& labels, std::size_t sources) {
  if (labels.empty() || labels.size() == sources) return;
  throw usage_error(fmt::format("--label: {} for {}: give one --label per source, in the same order",
                                counted(labels.size(), "label"), counted(sources, "source")));
}

}  // namespace latbench::cli
