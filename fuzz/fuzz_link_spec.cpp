// Link specs and presets (--link NAME_OR_SPEC, profiles/links.yaml). A spec that parses must
// parse again from its own text (to_string is what reports and run folders show).
//
// Input: the first line is the --link argument, the rest a presets YAML file.
#include <string>

#include "fuzz_support.hpp"
#include "link/link_spec.hpp"

using namespace latbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file;
  std::string_view presets(reinterpret_cast<const char*>(data), size);
  const std::string_view spec = fuzz::take_until(presets, "\n");
  fuzz::expect_only_latbench_errors("link spec", [&] {
    for (auto parsed : {link::parse_link_spec(spec), link::resolve_link(spec, file.write(presets))}) {
      if (!parsed) continue;
      const std::string text = link::to_string(*parsed);
      auto again = link::parse_link_spec(text);
      if (!again) {
        std::fprintf(stderr, "fuzz: '%s' does not parse back: %s\n", text.c_str(), again.error().what());
        std::abort();
      }
    }
  });
  return 0;
}
