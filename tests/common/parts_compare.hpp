#pragma once
// Parsing a log in parts must give exactly what one parse of the whole log gives: helpers that
// compare the two field by field (values bit for bit) and run every part count from 2 to 12.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "logs/format.hpp"
#include "logs/parse_parts.hpp"
#include "logs/yaml_format.hpp"

namespace latbench::test {

// The YAML log format `text` describes; the tests give only valid ones.
inline std::unique_ptr<logs::Format> yaml_format(const std::string& text) {
  return logs::parse_yaml_format(text, "test.yaml").take();
}

// One sequential parse of `text` by a fresh object of `format`, read in 4 KiB chunks.
inline logs::LogData parse_whole(const logs::Format& format, std::string_view text, bool streaming) {
  logs::LineReader reader(logs::bytes_from_memory(text, 4096));
  logs::LogData out(logs::TableOptions{.streaming = streaming});
  format.fresh()->parse(reader, out);
  return out;
}

inline std::uint64_t bits(double v) { return std::bit_cast<std::uint64_t>(v); }

inline void expect_same_log(const logs::LogData& want, const logs::LogData& got, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(want.table.rows(), got.table.rows());
  ASSERT_EQ(want.table.columns().size(), got.table.columns().size());
  for (std::size_t c = 0; c < want.table.columns().size(); ++c) {
    const logs::Column& a = want.table.columns()[c];
    const logs::Column& b = got.table.columns()[c];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.unit, b.unit);
    if (want.table.streaming()) {
      EXPECT_EQ(a.sketch->count(), b.sketch->count());
      EXPECT_EQ(a.sketch->min(), b.sketch->min());
      EXPECT_EQ(a.sketch->max(), b.sketch->max());
      EXPECT_NEAR(a.sketch->mean(), b.sketch->mean(), 1e-9 * std::fabs(a.sketch->mean()));
      EXPECT_EQ(a.sketch->percentile(0.5), b.sketch->percentile(0.5));
      continue;
    }
    for (std::size_t r = 0; r < want.table.rows(); ++r)
      ASSERT_EQ(bits(want.table.at(r, c)), bits(got.table.at(r, c))) << a.name << " row " << r;
  }
  for (std::size_t r = 0; r < want.table.rows(); ++r) {
    ASSERT_EQ(bits(want.table.timestamp(r)), bits(got.table.timestamp(r))) << "timestamp row " << r;
    ASSERT_EQ(want.table.failed(r), got.table.failed(r)) << "failed row " << r;
    ASSERT_EQ(want.table.id(r), got.table.id(r)) << "id row " << r;
  }
  EXPECT_EQ(want.counts, got.counts);
  EXPECT_EQ(want.notes, got.notes);
  EXPECT_EQ(want.skipped.lines, got.skipped.lines);
  EXPECT_EQ(want.skipped.reasons, got.skipped.reasons);
  EXPECT_EQ(want.skipped.first_lines, got.skipped.first_lines);
  EXPECT_EQ(want.lines, got.lines);
  EXPECT_EQ(want.ignored, got.ignored);
  ASSERT_EQ(want.extra_series.size(), got.extra_series.size());
  for (std::size_t i = 0; i < want.extra_series.size(); ++i) {
    EXPECT_EQ(want.extra_series[i].name, got.extra_series[i].name);
    EXPECT_EQ(want.extra_series[i].values, got.extra_series[i].values);
  }
}

// Every part count from 2 to 12 (cuts in many places), exact and streaming; the cuts must happen.
inline void expect_parts_equal_whole(const logs::Format& format, const std::string& text) {
  const std::string name = format.name();
  for (bool streaming : {false, true}) {
    const logs::LogData whole = parse_whole(format, text, streaming);
    for (std::size_t parts = 2; parts <= 12; ++parts) {
      const auto plan = logs::plan_parts(format, text.size(), parts, [&](std::uint64_t at, std::size_t n) {
        return std::string_view(text).substr(static_cast<std::size_t>(at), n);
      });
      ASSERT_EQ(plan.ends.size(), parts) << name << ": no place to cut";
      expect_same_log(whole, logs::parse_text_in_parts(format, text, parts, {.streaming = streaming}),
                      name + (streaming ? " streaming, " : " exact, ") + std::to_string(parts) + " parts");
    }
  }
}

inline void expect_parts_equal_whole(const char* builtin, const std::string& text) {
  expect_parts_equal_whole(*logs::find_format(builtin)->make({}), text);
}

}  // namespace latbench::test
