// Profiles (latbench run --profile FILE): YAML -> validated RunConfig, through the same loader
// the CLI calls. A profile that loads must also survive its own round trip: the resolved YAML
// kept in every run folder (resolved_profile_yaml) loads again without an error.
#include <string>

#include "fuzz_support.hpp"
#include "profile/profile.hpp"

using namespace latbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_only_latbench_errors("profile", [&] {
    const profile::Profile p = profile::load_profile(file.write(text));
    const std::string resolved = profile::resolved_profile_yaml(p.config, p.name, p.description);
    try {
      (void)profile::parse_profile(resolved, "resolved.yaml");
    } catch (const latbench::Error& e) {
      std::fprintf(stderr, "fuzz: the resolved profile does not load back: %s\n%s\n", e.what(), resolved.c_str());
      std::abort();
    }
  });
  return 0;
}
