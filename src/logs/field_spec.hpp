#pragma once
// "--field name[:unit]" and the unit guess for fields named by users' logs (total_ms, latency_s).
// Durations are converted to ms (the Series unit for latency); other units are kept as given.
#include <string>
#include <string_view>
#include <vector>

namespace latbench::logs {

struct FieldSpec {
  std::string name;     // key / column / dotted path ("server.total")
  std::string unit;     // unit of the resulting series: "ms" for durations, else as given or ""
  double factor = 1;    // multiply raw values by this (e.g. 1000 for seconds)
};

// Unit from an explicit "name:unit", else guessed from the name's suffix (_ms, _us, _s, ...);
// names like latency/duration/elapsed/time count as ms; anything else is a plain number.
FieldSpec field_spec(std::string_view text);
std::vector<FieldSpec> field_specs(const std::vector<std::string>& texts);

// Keys that carry a request id in JSON lines and CSV headers, in order of preference.
bool is_request_id_key(std::string_view key);

}  // namespace latbench::logs
