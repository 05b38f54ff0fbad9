#include <gtest/gtest.h>

#include "report/sparkline.hpp"

using namespace latbench::report;

TEST(ReportSparkline, HeightsAreProportionalAndRareBinsStayVisible) {
  // level = round(8 c / max): 0 -> blank, 1 -> 1 (never rounded to blank), 4 -> 4, 8 -> 8.
  EXPECT_EQ(sparkline({0, 1, 4, 8}, Charset::unicode), " ▁▄█");
  EXPECT_EQ(sparkline({0, 1, 4, 8}, Charset::ascii), " .=@");
  EXPECT_EQ(sparkline({}, Charset::ascii), "");
}

TEST(ReportSparkline, LocaleDecidesTheCharsetWithLcAllFirst) {
  EXPECT_EQ(charset_from_locale(nullptr, nullptr, "en_US.UTF-8"), Charset::unicode);
  EXPECT_EQ(charset_from_locale("", "C.utf8", "C"), Charset::unicode);
  EXPECT_EQ(charset_from_locale("C", nullptr, "en_US.UTF-8"), Charset::ascii);
  EXPECT_EQ(charset_from_locale(nullptr, nullptr, nullptr), Charset::ascii);
}

TEST(ReportSparkline, MergesAdjacentBinsWithTheirEdges) {
  latbench::stats::Histogram h{{0, 1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}, 0, 0};
  const MergedBins m = merge_bins(h, 2);  // 3 bins per column
  EXPECT_EQ(m.counts, (std::vector<std::uint64_t>{6, 9}));
  EXPECT_EQ(m.edges, (std::vector<double>{0, 3, 5}));
}

TEST(ReportSparkline, HistogramLineShowsRangeAndCountsTheFarTail) {
  latbench::stats::Histogram h;
  for (int i = 0; i <= 100; ++i) h.edges.push_back(10.0 * i);
  h.counts.assign(100, 0);
  h.counts[1] = 40;
  h.counts[2] = 50;
  h.counts[3] = 9;
  h.counts[99] = 1;
  // Body: bins 0..4 (0-50 ms), the timeout at ~1 s is counted after it. Levels round(8 c / 50):
  // 0 -> ' ', 40 -> 6 '*', 50 -> 8 '@', 9 -> 1 '.', 0 -> ' '.
  EXPECT_EQ(histogram_sparkline(h, "ms", Charset::ascii), "0ms  *@.  50.0ms  +1 above");
}

TEST(ReportSparkline, TextHistogramBarsEndInTheirCounts) {
  latbench::stats::Histogram h{{0, 10, 20}, {2, 4}, 0, 0};
  EXPECT_EQ(text_histogram(h, "", Charset::unicode, 10, 4), "   0 - 10 |██ 2\n  10 - 20 |████ 4\n");
  EXPECT_EQ(text_histogram(h, "", Charset::ascii, 10, 4), "   0 - 10 |## 2\n  10 - 20 |#### 4\n");
}
