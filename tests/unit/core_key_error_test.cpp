#include <gtest/gtest.h>

#include "core/key_error.hpp"

using namespace latbench;

namespace {

Result<int> parse_template(bool good) {
  if (!good) return key_usage_error("log_format", "unclosed ${ at offset 0");
  return 1;
}

}  // namespace

// A parser that returns a Result names the key; its caller puts the flag in the key's place.
TEST(CoreKeyError, AResultKeepsTheKeySoTheCallerCanLocateIt) {
  auto r = parse_template(false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().key(), "log_format");
  EXPECT_EQ(std::string(r.error().what()), "log_format: unclosed ${ at offset 0");
  EXPECT_EQ(std::string(r.error().relocated("--log-format").what()), "--log-format: unclosed ${ at offset 0");
  try {
    (void)std::move(r).take();
    ADD_FAILURE() << "take() of an error returned";
  } catch (const Error& e) {
    EXPECT_EQ(e.key(), "log_format");
    EXPECT_EQ(e.kind(), ErrorKind::usage);
  }
}

TEST(CoreKeyError, AnErrorWithoutAKeyIsNotRelocated) {
  const Error plain = input_error("x.yaml:3: not a format");
  EXPECT_TRUE(plain.key().empty());
  EXPECT_EQ(std::string(plain.relocated("--format").what()), "x.yaml:3: not a format");
  const Error copied = as_key_error(usage_error("max: item 1: 'p50<<': expected a duration"), "max");
  EXPECT_EQ(copied.key(), "max");
  EXPECT_EQ(std::string(copied.relocated("--max").what()), "--max: item 1: 'p50<<': expected a duration");
}
