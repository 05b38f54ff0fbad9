// The Server-Timing response header as the client parses it (any server may send anything).
// What it keeps must be what the parser promises: finite, non-negative durations, unique names.
#include <cmath>
#include <set>
#include <string>

#include "client/server_timing.hpp"
#include "fuzz_support.hpp"

using namespace latbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  std::set<std::string> names;
  for (const auto& m : client::parse_server_timing(header)) {
    fuzz::check(std::isfinite(m.dur_ms) && m.dur_ms >= 0, "dur is finite and >= 0");
    fuzz::check(names.insert(m.name).second, "a metric name is kept once");
  }
  return 0;
}
