// What a record table keeps per row: ids and times only when asked (they cost memory per record),
// nothing per row when streaming.
#include <gtest/gtest.h>

#include <cmath>

#include "logs/log_data.hpp"

using latbench::logs::RecordTable;
using latbench::logs::TableOptions;

namespace {
RecordTable two_rows(TableOptions options) {
  RecordTable t(options);
  const std::size_t c = t.column("total");
  for (double v : {5.0, 7.0}) {
    t.begin_row();
    t.set(c, v);
    t.set_id(v == 5.0 ? "a" : "b");
    t.set_timestamp(v * 1000);
  }
  return t;
}
}  // namespace

TEST(LogsRecordTable, KeepsIdsAndTimesByDefault) {
  const RecordTable t = two_rows({});
  EXPECT_TRUE(t.has_ids());
  EXPECT_EQ(t.id(1), "b");
  EXPECT_EQ(t.timestamp(0), 5000);
  EXPECT_EQ(t.at(1, 0), 7);
}

TEST(LogsRecordTable, DropsWhatTheOptionsLeaveOut) {
  const RecordTable no_ids = two_rows({.ids = false});
  EXPECT_FALSE(no_ids.keeps_ids());
  EXPECT_FALSE(no_ids.has_ids());
  EXPECT_EQ(no_ids.timestamp(1), 7000);
  const RecordTable no_times = two_rows({.timestamps = false});
  EXPECT_TRUE(std::isnan(no_times.timestamp(0)));
  EXPECT_EQ(no_times.id(0), "a");
  // Streaming keeps neither, whatever the other options say.
  const RecordTable streaming = two_rows({.streaming = true});
  EXPECT_FALSE(streaming.keeps_ids());
  EXPECT_FALSE(streaming.keeps_timestamps());
  EXPECT_FALSE(streaming.has_ids());
}
