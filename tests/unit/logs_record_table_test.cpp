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

TEST(LogsRecordTable, AppendingABigPartKeepsEveryValueInOrder) {
  // Parts of 3M and 2.5M values (24 and 20 MiB): the later part is copied in 4 MiB steps and its
  // copied pages handed back as it goes; every value must still arrive, in order.
  latbench::logs::LogData first, later;
  const std::size_t c1 = first.table.column("total"), c2 = later.table.column("total");
  for (std::size_t i = 0; i < 3'000'000; ++i) {
    first.table.begin_row();
    first.table.set(c1, static_cast<double>(i));
  }
  for (std::size_t i = 0; i < 2'500'000; ++i) {
    later.table.begin_row();
    later.table.set(c2, static_cast<double>(i) + 0.5);
  }
  latbench::logs::append_log_part(first, std::move(later), 0);
  const auto& values = first.table.columns()[c1].values;
  ASSERT_EQ(values.size(), 5'500'000u);
  bool ok = true;
  for (std::size_t i = 0; i < values.size() && ok; ++i)
    ok = values[i] == (i < 3'000'000 ? static_cast<double>(i) : static_cast<double>(i - 3'000'000) + 0.5);
  EXPECT_TRUE(ok);
  EXPECT_EQ(first.table.rows(), 5'500'000u);
}
