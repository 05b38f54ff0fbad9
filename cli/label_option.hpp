#pragma once
// --label NAME, given once per source in the sources' order: the same option on plot and
// compare, and the same check that there is one per source.
#include <cstddef>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace latbench::cli {

// Adds --label to `cmd`, collecting every occurrence into `labels`. `default_names` completes
// "(default: ...)" in the help.
void add_label_option(CLI::App& cmd, std::vector<std::string>& labels, const std::string& default_names);

// Throws a usage error naming --label unless `labels` is empty (the defaults) or has one per source.
void check_label_count(const std::vector<std::string>& labels, std::size_t sources);

}  // namespace latbench::cli
