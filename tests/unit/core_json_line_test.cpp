// JsonLineParser (simdjson) reads log lines as nlohmann::json::parse did: same lines accepted,
// same numbers (the correctly rounded double of the decimal text), same keys. Expected values
// come from the compiler's own decimal-to-double conversion of literals, from glibc's strtod
// (both correctly rounded), worked out by hand, or from nlohmann::json itself (the old reader).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>

#include <nlohmann/json.hpp>

#include "core/json_line.hpp"

using namespace latbench;

namespace {

// The value of member "v" of `line`, nullopt when the line is rejected.
std::optional<double> number_of(const std::string& line) {
  JsonLineParser parser;
  const auto object = parser.parse_object(line);
  if (!object) return std::nullopt;
  const auto v = last_member(*object, "v");
  return v ? json_number(*v) : std::nullopt;
}

std::optional<double> number_text(const std::string& text) { return number_of("{\"v\":" + text + "}"); }

TEST(CoreJsonLine, TrickyNumbersAreTheCorrectlyRoundedDouble) {
  struct Case { const char* text; double expected; };
  for (const Case& c : std::vector<Case>{
           {"0.1", 0.1},
           {"12.5", 12.5},
           {"1E2", 100},
           {"1e+2", 100},
           {"3.14159265358979323846264338327950288", 3.141592653589793},
           {"0.30000000000000000000000000000000000000001", 0.3},
           {"9007199254740993", 9007199254740992.0},  // 2^53 + 1: halfway, rounds to even (2^53)
           {"9007199254740995", 9007199254740996.0},  // 2^53 + 3: halfway, rounds to even (2^53 + 4)
           {"18446744073709551615", 18446744073709551616.0},  // UINT64_MAX rounds up to 2^64
           {"18446744073709551616", 18446744073709551616.0},  // 2^64: beyond 64 bits, still a number
           {"-9223372036854775809", -9223372036854775808.0},
           {"123456789012345678901234567890", 1.2345678901234568e29},
           {"99999999999999999999e-10", 9999999999.9999999999},
           {"1e308", 1e308},
           {"1.7976931348623157e308", std::numeric_limits<double>::max()},
           {"2.2250738585072011e-308", 2.2250738585072011e-308},  // the largest subnormal, famously
           {"4.9e-324", std::numeric_limits<double>::denorm_min()},
           {"1e-400", 0.0},  // underflows to zero: a number, as before
       }) {
    const auto v = number_text(c.text);
    ASSERT_TRUE(v) << c.text;
    EXPECT_EQ(*v, c.expected) << c.text;
  }
}

TEST(CoreJsonLine, MinusZeroIntegerIsZeroAndMinusZeroFractionKeepsItsSign) {
  // nlohmann read "-0" as the integer 0 and "-0.0" as the double -0.0.
  EXPECT_FALSE(std::signbit(*number_text("-0")));
  EXPECT_TRUE(std::signbit(*number_text("-0.0")));
}

TEST(CoreJsonLine, NumbersBeyondDoubleMakeTheLineInvalid) {
  for (const char* text : {"1e309", "-1e309", "1.7976931348623159e308", "1e400000000000"})
    EXPECT_FALSE(number_text(text)) << text;
}

TEST(CoreJsonLine, LongDecimalsMatchStrtodBitForBit) {
  std::mt19937_64 rng(42);
  auto digits = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng() % 10);
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string text = std::to_string(1 + rng() % 9) + digits(static_cast<int>(rng() % 25));
    if (rng() % 2) text += "." + digits(1 + static_cast<int>(rng() % 30));
    if (rng() % 2) text += "e" + std::to_string(static_cast<int>(rng() % 600) - 300);
    if (rng() % 2) text = "-" + text;
    const double expected = std::strtod(text.c_str(), nullptr);
    const auto v = number_text(text);
    if (!std::isfinite(expected)) {
      EXPECT_FALSE(v) << text;
      continue;
    }
    ASSERT_TRUE(v) << text;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(*v), std::bit_cast<std::uint64_t>(expected)) << text;
  }
}

TEST(CoreJsonLine, IntegerTextOnlyForIntegersOf64Bits) {
  JsonLineParser parser;
  const auto object = parser.parse_object(
      R"({"u":18446744073709551615,"s":-9223372036854775808,"z":-0,"f":1.0,"e":1e2,"b":18446744073709551616,"t":"7"})");
  ASSERT_TRUE(object);
  auto text = [&](const char* key) { return json_integer_text(*last_member(*object, key)); };
  EXPECT_EQ(text("u"), "18446744073709551615");
  EXPECT_EQ(text("s"), "-9223372036854775808");
  EXPECT_EQ(text("z"), "0");
  EXPECT_FALSE(text("f"));
  EXPECT_FALSE(text("e"));
  EXPECT_FALSE(text("b"));  // nlohmann made it a double
  EXPECT_FALSE(text("t"));
}

TEST(CoreJsonLine, LastDuplicateCountsAndMembersComeInKeyOrder) {
  JsonLineParser parser;
  const auto object = parser.parse_object(R"({"b":1,"a":2,"b":3,"B":4,"\u0061a":5})");
  ASSERT_TRUE(object);
  EXPECT_EQ(json_number(*last_member(*object, "b")), 3.0);
  std::vector<simdjson::dom::key_value_pair> members;
  sorted_members(*object, members);
  std::vector<std::pair<std::string, double>> got;
  for (const auto& m : members) got.emplace_back(std::string(m.key), *json_number(m.value));
  // Bytewise key order: 'B' (0x42) < 'a' (0x61) < "aa" < 'b'; escapes are read before sorting.
  EXPECT_EQ(got, (std::vector<std::pair<std::string, double>>{{"B", 4}, {"a", 2}, {"aa", 5}, {"b", 3}}));
}

TEST(CoreJsonLine, AcceptsAndRejectsWhatNlohmannDid) {
  JsonLineParser parser;
  for (const char* ok : {"\xEF\xBB\xBF{\"v\":1}", " {\"v\":1}\t", "{}", "{\"v\":\"\\u0000\"}", "{\"v\":\"\\ud83d\\ude00\"}"})
    EXPECT_TRUE(parser.parse_object(ok)) << ok;
  const std::string deep = "{\"v\":" + std::string(3000, '[') + std::string(3000, ']') + "}";
  EXPECT_TRUE(parser.parse_object(deep));  // simdjson alone stops at 1024 levels
  EXPECT_TRUE(parser.parse_object("{\"v\":1}"));  // and the parser still works after that
  const std::string nest = std::string(3000, '[') + std::string(3000, ']');
  for (const std::string& both : {"{\"v\":18446744073709551616,\"d\":" + nest + "}", "{\"d\":" + nest + ",\"v\":18446744073709551616}"}) {
    JsonLineParser fresh;  // simdjson's depth limit not raised yet
    const auto object = fresh.parse_object(both);
    ASSERT_TRUE(object);
    EXPECT_EQ(json_number(*last_member(*object, "v")), 18446744073709551616.0);
  }
  for (const char* bad : {"", "[1]", "12", "{\"v\":1} x", "{\"v\":1}{}", "{\"v\":01}", "{\"v\":tru}", "{\"v\":1,}",
                          "{\"v\":\"\\x\"}", "{\"v\":\"\\ud800\"}", "{\"v\":\"\\udc00\"}", "{\"v\":\"a\tb\"}",
                          "{\"v\":1.}", "{\"v\":.5}", "{\"v\":+1}", "{\"v\":-}", "{\"v\":NaN}", "{\"v\":0x10}",
                          "{\"v\":18446744073709551616", "{\"v\":\"18446744073709551616\",}"})
    EXPECT_FALSE(parser.parse_object(bad)) << bad;
}

// Random lines, many of them broken: accepted exactly when nlohmann accepts them, with the same
// members (last duplicate, key order) and the same numbers.
TEST(CoreJsonLine, RandomLinesReadAsNlohmannReadThem) {
  std::mt19937 rng(7);
  const std::vector<std::string> numbers = {"-0", "-0.0", "1e309", "1e-400", "18446744073709551616", "-9223372036854775809",
                                            "12.5", "7", "01", "1.", "1e", "-", "99999999999999999999999", "4.9e-324"};
  const std::vector<std::string> others = {"\"a\"", "\"\\u0074\"", "\"\\ud800\"", "true", "false", "null", "tru", "[1,[2]]", "[1,]", "{\"x\":1}"};
  const std::vector<std::string> keys = {"a", "b", "total_ms", "\\u0061", "stage"};
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  JsonLineParser parser;
  for (int i = 0; i < 20000; ++i) {
    std::string line = "{";
    for (unsigned m = rng() % 5; m > 0; --m)
      line += "\"" + pick(keys) + "\":" + (rng() % 2 ? pick(numbers) : pick(others)) + (m > 1 ? "," : "");
    line += "}";
    if (rng() % 4 == 0) line.insert(rng() % line.size(), 1, "{}[],:\" 0e.-"[rng() % 12]);
    if (rng() % 8 == 0) line.erase(rng() % line.size(), 1);
    const auto expected = nlohmann::json::parse(line, nullptr, false);
    const auto object = parser.parse_object(line);
    ASSERT_EQ(bool(object), !expected.is_discarded() && expected.is_object()) << line;
    if (!object) continue;
    std::vector<simdjson::dom::key_value_pair> members;
    sorted_members(*object, members);
    ASSERT_EQ(members.size(), expected.size()) << line;
    auto it = expected.begin();
    for (const auto& m : members) {
      EXPECT_EQ(m.key, it.key()) << line;
      const auto number = json_number(m.value);
      EXPECT_EQ(number.has_value(), it->is_number()) << line;
      if (number && it->is_number()) {
        EXPECT_EQ(std::bit_cast<std::uint64_t>(*number), std::bit_cast<std::uint64_t>(it->get<double>())) << line;
      }
      EXPECT_EQ(json_integer_text(m.value).has_value(), it->is_number_integer()) << line;
      ++it;
    }
  }
}

}  // namespace
