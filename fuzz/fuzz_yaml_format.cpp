// The YAML format compiler (--format my_format.yaml): the YAML, its regexes, units, blocks and
// timestamp formats, then a log parsed with what it compiled, on one thread and in parts.
//
// Input: the format's YAML, a line "@@@ log", then the log.
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "logs/parse_parts.hpp"
#include "logs/yaml_format.hpp"

using namespace latbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view log(reinterpret_cast<const char*>(data), size);
  const std::string yaml(fuzz::take_until(log, "\n@@@ log\n"));
  fuzz::expect_only_latbench_errors("yaml format", [&] {
    auto format = logs::parse_yaml_format(yaml, "fuzz.format.yaml");
    if (!format) return;
    logs::LogData out;
    logs::LineReader reader(logs::bytes_from_memory(log, 128));
    (*format)->parse(reader, out);
    if ((*format)->fresh()) (void)logs::parse_text_in_parts(**format, log, 3, {});
  });
  return 0;
}
