// Inputs the fuzzers (fuzz/) found crashing or escaping as a foreign exception, each checked in
// under tests/fixtures/fuzz/<target>/ and held to the answer latbench should give: an Error that
// names the file and what was expected.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "link/link_spec.hpp"
#include "common/test_paths.hpp"

namespace {

std::string fixture(const std::string& target, const std::string& name) {
  return latbench::test::fixtures_dir() + "/fuzz/" + target + "/" + name;
}

// The fuzz_link_spec input format: the --link argument, a newline, then the presets file.
struct LinkInput {
  std::string spec;
  std::filesystem::path presets;
};

LinkInput split_link_input(const std::string& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  std::string spec, rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto nl = rest.find('\n');
  spec = rest.substr(0, nl);
  rest = nl == std::string::npos ? std::string() : rest.substr(nl + 1);
  LinkInput input{spec, std::filesystem::temp_directory_path() / name};
  std::ofstream(input.presets, std::ios::binary) << rest;
  return input;
}

}  // namespace

// A presets file whose root is a plain scalar (here a damaged links.yaml whose indentation
// merged everything into one multi-line scalar) threw yaml-cpp's BadSubscript out of
// resolve_link: "internal error" without the file's name.
TEST(FuzzRegressions, LinkPresetsWithAScalarRootAreAnInputError) {
  const auto input = split_link_input(fixture("link_spec", "crash-cd63d771340ebdc535c260f057fa340aeeb6d10c"),
                                      "latbench_fuzz_links_scalar.yaml");
  ASSERT_EQ(input.spec, "4g");
  latbench::Result<latbench::link::LinkSpec> r = latbench::input_error("unset");
  ASSERT_NO_THROW(r = latbench::link::resolve_link(input.spec, input.presets.string()));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("expected a top-level map 'links: {name: spec}'"), std::string::npos)
      << r.error().what();
  EXPECT_NE(std::string(r.error().what()).find(input.presets.string()), std::string::npos);
  std::filesystem::remove(input.presets);
}

// The same loop would have thrown TypedBadConversion for a preset named by a map or a list.
TEST(FuzzRegressions, LinkPresetNamedByAListIsAnInputErrorWithItsLine) {
  const auto presets = std::filesystem::temp_directory_path() / "latbench_fuzz_links_key.yaml";
  std::ofstream(presets) << "links:\n  wifi: \"delay=3ms\"\n  ? [a, b]\n  : \"delay=1ms\"\n";
  latbench::Result<latbench::link::LinkSpec> r = latbench::input_error("unset");
  ASSERT_NO_THROW(r = latbench::link::resolve_link("4g", presets.string()));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find(presets.string() + ":3: a preset's name must be a string"), std::string::npos)
      << r.error().what();
  std::filesystem::remove(presets);
}
