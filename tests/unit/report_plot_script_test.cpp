// The text sent to gnuplot: quoting of user text, and data blocks that carry exactly the series.
// Expected numbers are worked out by hand in the comments, not by the code under test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "report/plot_kinds.hpp"
#include "report/plot_script.hpp"

using namespace latbench;
using namespace latbench::report;

namespace {

// The rows of `$name << EOD ... EOD` in `script`, each split into numbers.
std::vector<std::vector<double>> data_block(const std::string& script, const std::string& name) {
  const std::string head = "$" + name + " << EOD\n";
  const auto start = script.find(head);
  if (start == std::string::npos) return {};
  const auto end = script.find("\nEOD\n", start);
  std::istringstream lines(script.substr(start + head.size(), end - start - head.size()));
  std::vector<std::vector<double>> rows;
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::vector<double> row;
    std::string field;
    while (fields >> field) row.push_back(std::stod(field));
    rows.push_back(row);
  }
  return rows;
}

PlotSeries named_series(std::string name, std::vector<double> values) {
  PlotSeries s;
  s.name = std::move(name);
  s.unit = "ms";
  s.values = std::move(values);
  return s;
}

}  // namespace

TEST(ReportPlotScript, QuoteJoinsEachSingleQuoteAsItsOwnStringAndKeepsBackslashesLiteral) {
  EXPECT_EQ(gnuplot_quote("it's"), "'it'.\"\\047\".'s'");
  // gnuplot reads '''x' as '' and a stray x: a leading, trailing or doubled quote is never ''.
  EXPECT_EQ(gnuplot_quote("'x"), "\"\\047\".'x'");
  EXPECT_EQ(gnuplot_quote("x''"), "'x'.\"\\047\".\"\\047\"");
  EXPECT_EQ(gnuplot_quote("'"), "\"\\047\"");
  EXPECT_EQ(gnuplot_quote(""), "''");
  EXPECT_EQ(gnuplot_quote("a\\b"), "'a\\b'");  // single quotes: no escape processing at all
  EXPECT_EQ(gnuplot_quote("`cmd` @macro"), "'`cmd` @macro'");
}

TEST(ReportPlotScript, QuoteTurnsControlCharactersIntoSpacesSoNothingEndsTheCommand) {
  EXPECT_EQ(gnuplot_quote("a\nb\rc\td"), "'a b c d'");
  EXPECT_EQ(gnuplot_quote(std::string("x\0y", 3)), "'x y'");
}

TEST(ReportPlotScript, QuoteReplacesInvalidUtf8AndKeepsValidUtf8) {
  EXPECT_EQ(gnuplot_quote("caf\xc3\xa9"), "'caf\xc3\xa9'");
  EXPECT_EQ(gnuplot_quote("bad\xff\xc3"), "'bad?" "?'");  // split: "??'" would be a trigraph
  EXPECT_EQ(gnuplot_quote("\xc0\xaf"), "'?" "?'");  // overlong '/'
}

TEST(ReportPlotScript, TicLabelsDoublePercentSoANameCannotBecomeAFormat) {
  EXPECT_EQ(gnuplot_quote_tic("50% 'x'"), "'50%% '.\"\\047\".'x'.\"\\047\"");
  // gnuplot truncates long tic labels silently: 41 bytes kept, then "...".
  EXPECT_EQ(gnuplot_quote_tic(std::string(50, 'a')), "'" + std::string(41, 'a') + "...'");
}

TEST(ReportPlotScript, DataBlockRoundTripsEveryDouble) {
  GnuplotScript s(PlotOptions{});
  const std::vector<double> a = {0.1, 1.0 / 3.0, 1e-300, 123456789.125};
  const std::vector<double> b = {-2.5, 0, 7, 41.234};
  s.data_block("d", {a, b});
  const auto rows = data_block(s.text(), "d");
  ASSERT_EQ(rows.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(rows[i][0], a[i]);
    EXPECT_EQ(rows[i][1], b[i]);
  }
}

TEST(ReportPlotScript, TimelineSendsEachRequestAsData) {
  PlotSeries s = named_series("total", {12.5, 13.25, 99.0, 11.0, 12.0});
  s.flags.resize(5);
  s.flags[2].status = PointStatus::error;
  s.flags[0].warmup = true;
  const PlotScript script = timeline_script(s, PlotOptions{});
  const auto dots = data_block(script.text, "dots");
  ASSERT_EQ(dots.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(dots[i][0], static_cast<double>(i));
    EXPECT_EQ(dots[i][1], s.values[i]);
  }
  const auto errors = data_block(script.text, "errors");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0][0], 2.0);
  EXPECT_EQ(errors[0][1], 99.0);
  // Rolling median of 5 (the minimum window), centred, shrinking at the ends:
  // {12.5,13.25,99} -> 13.25; {12.5,13.25,99,11} -> (12.5+13.25)/2; all five -> 12.5;
  // {13.25,99,11,12} -> (12+13.25)/2; {99,11,12} -> 12.
  const auto median = data_block(script.text, "median");
  ASSERT_EQ(median.size(), 5u);
  EXPECT_DOUBLE_EQ(median[0][1], 13.25);
  EXPECT_DOUBLE_EQ(median[1][1], 12.875);
  EXPECT_DOUBLE_EQ(median[2][1], 12.5);
  EXPECT_DOUBLE_EQ(median[3][1], 12.625);
  EXPECT_DOUBLE_EQ(median[4][1], 12.0);
  EXPECT_NE(script.text.find("set object rect from -0.5, graph 0 to 0.5, graph 1"), std::string::npos);
  EXPECT_NE(script.text.find("'error (1)'"), std::string::npos);
}

TEST(ReportPlotScript, HistogramBarsAreExactlyTheStatisticsBins) {
  stats::Histogram h;
  h.edges = {0, 500, 1000, 1500, 3000};  // explicit, unequal edges
  h.counts = {3, 7, 2, 1};
  h.overflow = 2;
  const PlotScript script = histogram_script("total", "ms", h, HistogramMarks{15, 700, 2900, 5000}, PlotOptions{});
  const auto bins = data_block(script.text, "bins");
  ASSERT_EQ(bins.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(bins[i][0], h.edges[i]);
    EXPECT_EQ(bins[i][1], h.edges[i + 1]);
    EXPECT_EQ(bins[i][2], static_cast<double>(h.counts[i]));
  }
  EXPECT_NE(script.text.find("not drawn: 2 above 3.00s (max 5.00s)"), std::string::npos) << script.text;
  EXPECT_NE(script.text.find("set xrange [0:3000]"), std::string::npos);
}

TEST(ReportPlotScript, DeviceServerBlockCarriesBothSeriesAndTheirDifference) {
  const PlotSeries device = named_series("device", {50, 60, 70});
  const PlotSeries server = named_series("server", {40, 41, 42});
  const PlotScript script = device_server_script(device, server, PlotOptions{});
  const auto rows = data_block(script.text, "ds");
  ASSERT_EQ(rows.size(), 3u);
  const double expected[3][4] = {{0, 50, 40, 10}, {1, 60, 41, 19}, {2, 70, 42, 28}};
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t c = 0; c < 4; ++c) EXPECT_EQ(rows[i][c], expected[i][c]);
  }
  // Mean overhead (10 + 19 + 28) / 3 = 19 ms; share 57 / 180 = 31.7 %.
  EXPECT_NE(script.title.find("mean overhead 19.0ms = 31.7% of device time"), std::string::npos) << script.title;
}

TEST(ReportPlotScript, StagesStackCumulativelyAndSharesSumToHundred) {
  const std::vector<PlotSeries> stages = {named_series("decode", {2, 4}), named_series("infer", {30, 50}),
                                          named_series("network", {8, 6})};
  const PlotScript script = stages_script(stages, PlotOptions{});
  const auto tops = data_block(script.text, "st");
  ASSERT_EQ(tops.size(), 2u);
  EXPECT_EQ(tops[0], (std::vector<double>{0, 2, 32, 40}));
  EXPECT_EQ(tops[1], (std::vector<double>{1, 4, 54, 60}));
  // Means 3, 40, 7 of 50: shares 6%, 80%, 14% -> cumulative 0-6, 6-86, 86-100.
  const auto share = data_block(script.text, "share");
  ASSERT_EQ(share.size(), 3u);
  EXPECT_DOUBLE_EQ(share[0][1], 6);
  EXPECT_DOUBLE_EQ(share[1][1], 86);
  EXPECT_DOUBLE_EQ(share[2][1], 100);
}

TEST(ReportPlotScript, UserTextOnlyEntersCommandsQuoted) {
  const std::string evil = "x' ; system(\"touch /tmp/pwned\") ; '\nprint 1 \\";
  const PlotSeries s = named_series(evil, {1, 2, 3});
  for (const PlotScript& script : {timeline_script(s, PlotOptions{}), percentile_script({s}, PlotOptions{}),
                                   cdf_script({s}, PlotOptions{})}) {
    // The only occurrence of the name is inside quoted literals, each quote its own "\047".
    EXPECT_NE(script.text.find("'x'.\"\\047\".' ; system(\"touch /tmp/pwned\") ; '.\"\\047\".' print 1 \\"),
              std::string::npos);
    EXPECT_EQ(script.text.find("x' ;"), std::string::npos);
    EXPECT_EQ(script.text.find("\nprint 1"), std::string::npos);
  }
  // Box plot tics carry the name shortened (gnuplot cuts long tic labels), still quoted.
  const PlotScript box = box_script({s, s}, PlotOptions{});
  EXPECT_NE(box.text.find("('x'.\"\\047\".' ; system(\"touch /tmp/pwned\") ; '.\"\\047\".' print...' 1"), std::string::npos)
      << box.text;
  EXPECT_EQ(box.text.find("x' ;"), std::string::npos);
}

TEST(ReportPlotScript, EmptySeriesIsAnInputErrorNamingIt) {
  try {
    timeline_script(named_series("ttfb", {}), PlotOptions{});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("ttfb"), std::string::npos);
  }
}

TEST(ReportPlotScript, HistogramTitleCountsTheBinsDrawnAndTheLegendSitsAboveThePlot) {
  // 103 bins of 5 ms; 99 answers in the first six, one timeout in the last: the view ends one
  // empty bin after the body (bin 6), so 7 bins are drawn.
  stats::Histogram h;
  for (int i = 0; i <= 103; ++i) h.edges.push_back(5.0 * i);
  h.counts.assign(103, 0);
  const std::vector<std::uint64_t> body = {10, 30, 30, 20, 6, 3};
  std::copy(body.begin(), body.end(), h.counts.begin());
  h.counts.back() = 1;
  const PlotScript script = histogram_script("total", "ms", h, HistogramMarks{100, 12, 33, 514}, PlotOptions{});
  EXPECT_EQ(script.title, "total: histogram (n = 100, 7 bins of 5.00ms)");
  EXPECT_NE(script.text.find("set xrange [0:35]"), std::string::npos);
  // The median and p99 lines run the full height: the legend is outside, above the bars.
  EXPECT_NE(script.text.find("set key outside top center horizontal"), std::string::npos) << script.text;
  EXPECT_EQ(script.text.find("set key top right"), std::string::npos);
  EXPECT_NE(script.text.find("not drawn: 1 above 35.0ms (max 514.0ms)"), std::string::npos) << script.text;
}

TEST(ReportPlotScript, CdfStaysLinearUnlessTheValuesSpanTwoDecades) {
  // 21-226 ms, median 39: a long tail (226 > 5 x 39) but one decade: linear, gnuplot's tics.
  const PlotSeries narrow = named_series("total", {21, 25, 30, 32, 35, 38, 40, 41, 42, 45, 50, 226});
  const PlotScript linear = cdf_script({narrow}, PlotOptions{});
  EXPECT_EQ(linear.text.find("logscale"), std::string::npos) << linear.text;
  // 2 ms to 5 s, median 10: log, over the data only, with 1-2-5 labels in every decade.
  const PlotSeries wide = named_series("total", {2, 5, 8, 9, 10, 11, 12, 15, 5000});
  const PlotScript log = cdf_script({wide}, PlotOptions{});
  EXPECT_NE(log.text.find("set logscale x 10"), std::string::npos);
  EXPECT_NE(log.text.find("set xtics (2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)"), std::string::npos)
      << log.text;
  EXPECT_EQ(log.text.find("set xrange [1:"), std::string::npos);  // not widened to whole decades
}

TEST(ReportPlotScript, TimelineOfANonTimeSeriesIsNotLatencyAndShowsItsTrend) {
  PlotSeries heap = named_series("free_heap", {185312, 185296, 185280, 185276, 185264, 185252});
  heap.unit = "bytes";
  const PlotScript script = timeline_script(heap, PlotOptions{});
  EXPECT_EQ(script.title, "free_heap: value per record (n = 6)");
  EXPECT_EQ(script.text.find("set yrange [0:*]"), std::string::npos);  // the trend is not flattened
  EXPECT_NE(script.text.find("'each record'"), std::string::npos);
  // Least squares over x = 0..5: slope -11.43 bytes per record (sum (x - 2.5)(y - mean) / 17.5).
  EXPECT_NE(script.text.find("'trend -11.43 bytes per record'"), std::string::npos) << script.text;
}

TEST(ReportPlotScript, TimelineOfSecondsLongRequestsReadsInSeconds) {
  const PlotSeries total = named_series("total", {1467, 1389, 5003, 1435, 1620});
  const PlotScript script = timeline_script(total, PlotOptions{});
  EXPECT_NE(script.text.find("set ylabel 'total (s)'"), std::string::npos) << script.text;
  const auto dots = data_block(script.text, "dots");
  ASSERT_EQ(dots.size(), 5u);
  EXPECT_DOUBLE_EQ(dots[2][1], 5.003);
  // Below a second per request it stays in ms; below 1 ms in us.
  EXPECT_NE(timeline_script(named_series("total", {40, 900}), PlotOptions{}).text.find("'total (ms)'"), std::string::npos);
  EXPECT_NE(timeline_script(named_series("dns", {0.03, 0.05}), PlotOptions{}).text.find("'dns (us)'"), std::string::npos);
}

TEST(ReportPlotScript, TimelineMarksEventsWithALinePerEventAndACountPerKind) {
  PlotSeries total = named_series("total", {1467, 1389, 1435});
  total.events = {{"boot", -0.5}, {"boot", 1.5}, {"refused", 2.5}};
  const PlotScript script = timeline_script(total, PlotOptions{});
  EXPECT_NE(script.text.find("set arrow 1 from -0.5, graph 0 to -0.5, graph 1 nohead"), std::string::npos) << script.text;
  EXPECT_NE(script.text.find("set arrow 2 from 1.5, graph 0 to 1.5, graph 1 nohead"), std::string::npos);
  EXPECT_NE(script.text.find("set arrow 3 from 2.5, graph 0 to 2.5, graph 1 nohead"), std::string::npos);
  EXPECT_NE(script.text.find("title 'boot (2)'"), std::string::npos);
  EXPECT_NE(script.text.find("title 'refused (1)'"), std::string::npos);
  // The x range holds the boot before the first request and the error after the last.
  EXPECT_NE(script.text.find("set xrange [-1:3]"), std::string::npos) << script.text;
}

TEST(ReportPlotScript, StagesAreLabelledWithRequestIdsOrWholeRequestNumbers) {
  const std::vector<PlotSeries> stages = {named_series("resize", {4.2, 4.0, 5.1, 3.8}), named_series("infer", {43.1, 47.6, 44.9, 0})};
  const PlotScript with_ids = stages_script(stages, PlotOptions{}, {"ab12", "ab13", "ab14", "ab15"});
  EXPECT_NE(with_ids.text.find("set xtics ('ab12' 0, 'ab13' 1, 'ab14' 2, 'ab15' 3)"), std::string::npos)
      << with_ids.text;
  EXPECT_NE(with_ids.text.find("set xlabel 'request id'"), std::string::npos);
  const PlotScript without = stages_script(stages, PlotOptions{});
  EXPECT_NE(without.text.find("set xtics 1\n"), std::string::npos) << without.text;  // not -0.5, 0.5, ...
}
