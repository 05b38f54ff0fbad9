#include "core/base64.hpp"

#include <gtest/gtest.h>

#include "common/frames_cases.hpp"

using namespace latbench;
using test::frames_case;
using test::frames_pattern;

TEST(CoreBase64, EncodesAsPythonDoes) {
  for (std::size_t n = 0; n < 6; ++n) {
    std::string out;
    base64_append(out, frames_pattern(n));
    EXPECT_EQ(out, frames_case("b64_" + std::to_string(n))) << n;
    EXPECT_EQ(out.size(), base64_encoded_size(n));
  }
  std::string out = "prefix:";
  base64_append(out, frames_pattern(1000));
  EXPECT_EQ(out, "prefix:" + frames_case("b64_1000"));
}

TEST(CoreBase64, DecodesWhatPythonEncoded) {
  for (std::size_t n = 0; n < 6; ++n) {
    std::string out;
    auto r = base64_decode_append(out, frames_case("b64_" + std::to_string(n)));
    ASSERT_TRUE(r.ok()) << r.error().what();
    EXPECT_EQ(*r, n);
    EXPECT_EQ(out, frames_pattern(n));
  }
  std::string out;
  ASSERT_TRUE(base64_decode_append(out, frames_case("b64_1000")).ok());
  EXPECT_EQ(out, frames_pattern(1000));
}

TEST(CoreBase64, AcceptsMissingPadding) {
  std::string out;
  ASSERT_TRUE(base64_decode_append(out, "AwoR").ok());  // 3 bytes
  std::string unpadded;
  ASSERT_TRUE(base64_decode_append(unpadded, "Awo").ok());  // "Awo=" without its '='
  EXPECT_EQ(unpadded, frames_pattern(2));
}

TEST(CoreBase64, NamesTheOffsetOfABadCharacter) {
  std::string out;
  auto r = base64_decode_append(out, "AwoR A==");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(std::string(r.error().what()), "base64 offset 4: ' ' is not a base64 character");
  r = base64_decode_append(out, "Aw-_");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(std::string(r.error().what()), "base64 offset 2: '-' is not a base64 character");
}

TEST(CoreBase64, RefusesLengthsNoEncodingHas) {
  std::string out;
  EXPECT_FALSE(base64_decode_append(out, "AwoRG").ok());    // 5 = 4k+1
  EXPECT_FALSE(base64_decode_append(out, "Awo==").ok());    // padded but not 4k long
  EXPECT_FALSE(base64_decode_append(out, "A===").ok());     // '=' in the third place from the end
}
