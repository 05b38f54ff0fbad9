// hlog/codec.hpp: HdrHistogram's V2 compressed encoding. The bytes Java's HistogramLogWriter wrote
// (tests/fixtures/hlog/java_written.hlog) decode to the counts of the values it was given, and
// what we encode decodes back to the same counts; ZigZag LEB128 as ZigZagEncoding.java.
#include <gtest/gtest.h>

#include <climits>

#include "core/base64.hpp"
#include "hlog/codec.hpp"
#include "hlog/log_reader.hpp"
#include "unit/hlog_java_fixture.hpp"

using namespace latbench;
using namespace latbench::hlog;

namespace {

void expect_same_counts(const Histogram& a, const Histogram& b) {
  ASSERT_EQ(a.count(), b.count());
  ASSERT_EQ(a.layout(), b.layout());
  for (int i = 0; i < a.counts_length(); ++i) ASSERT_EQ(a.count_at_index(i), b.count_at_index(i)) << "index " << i;
}

Histogram of(const std::vector<long long>& values) {
  Histogram h;
  for (long long v : values) h.record(v);
  return h;
}

}  // namespace

TEST(HlogCodec, ZigZagLeb128RoundTripsAndTakesJavasByteCounts) {
  // (value, bytes) as ZigZagEncoding.putLong writes them: 7 bits a byte, the 9th byte whole.
  const std::pair<std::int64_t, std::size_t> cases[] = {
      {0, 1}, {-1, 1}, {63, 1}, {-64, 1}, {64, 2}, {8191, 2}, {8192, 3}, {-1000, 2},
      {LLONG_MAX, 9}, {LLONG_MIN, 9}, {std::int64_t{1} << 55, 9}, {(std::int64_t{1} << 48) - 1, 7}, {std::int64_t{1} << 49, 8}};
  for (auto [value, bytes] : cases) {
    std::string out;
    put_zigzag(out, value);
    EXPECT_EQ(out.size(), bytes) << value;
    std::size_t pos = 0;
    auto back = get_zigzag(out, pos);
    ASSERT_TRUE(back.ok()) << value;
    EXPECT_EQ(*back, value);
    EXPECT_EQ(pos, out.size());
  }
  std::string cut;
  put_zigzag(cut, 1'000'000);
  cut.pop_back();
  std::size_t pos = 0;
  EXPECT_FALSE(get_zigzag(cut, pos).ok());
}

TEST(HlogCodec, JavasEncodedIntervalsDecodeToTheValuesItRecorded) {
  const auto log = read_log(test::hlog_fixture("java_written.hlog"));
  ASSERT_TRUE(log.ok()) << log.error().what();
  const auto intervals = test::java_intervals();
  ASSERT_EQ(log->intervals.size(), intervals.size());
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    SCOPED_TRACE("interval " + std::to_string(i));
    expect_same_counts(log->intervals[i].histogram, of(intervals[i].values));
  }
}

TEST(HlogCodec, WhatWeEncodeDecodesToTheSameCounts) {
  for (const auto& interval : test::java_intervals()) {
    const Histogram h = of(interval.values);
    const std::string bytes = encode_compressed(h);
    ASSERT_EQ(static_cast<unsigned char>(bytes[0]), 0x1c);
    ASSERT_EQ(static_cast<unsigned char>(bytes[3]), 0x14);  // 0x1c849314: compressed V2
    auto back = decode_compressed(bytes);
    ASSERT_TRUE(back.ok()) << back.error().what();
    expect_same_counts(*back, h);
  }
  // Another layout travels in the header.
  Histogram small(Layout{10, 100'000, 2});
  small.record(12'345, 7);
  auto back = decode_compressed(encode_compressed(small));
  ASSERT_TRUE(back.ok()) << back.error().what();
  expect_same_counts(*back, small);
}

TEST(HlogCodec, BrokenBytesAreErrorsThatSayWhatIsWrong) {
  Histogram h;
  h.record(40'000, 3);
  const std::string good = encode_compressed(h);
  auto says = [](std::string_view bytes, const std::string& words) {
    auto r = decode_compressed(bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(std::string(r.error().what()).find(words), std::string::npos) << r.error().what();
  };
  says(good.substr(0, 5), "too short");
  std::string cookie = good;
  cookie[3] = 0x13;  // the uncompressed cookie
  says(cookie, "not a compressed V2 histogram");
  says(good.substr(0, good.size() - 4), "longer than");
  std::string corrupt = good;
  corrupt[10] = static_cast<char>(corrupt[10] ^ 0x55);
  says(corrupt, "corrupt");
}
