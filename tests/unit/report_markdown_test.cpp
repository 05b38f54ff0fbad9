// The Markdown report: tables with the JSON export's numbers, Mermaid blocks with its bins and
// counts, escaped user text, relative links to the plots.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "report/json_export.hpp"
#include "report/markdown.hpp"
#include "report/markdown_mermaid.hpp"
#include "report/plot_script.hpp"
#include "stats/summary.hpp"

using namespace latbench;
using namespace latbench::report;

namespace {

stats::Summary fixture_summary(std::string name = "total", bool trim = false) {
  Series s{std::move(name), "ms", {4, 10, 1, 3, 2}, {}};
  stats::SummaryOptions o;
  o.histogram = stats::parse_buckets("0,2.5,5,10.5").take();
  if (trim) o.trim = stats::parse_trim("1").take();
  return stats::summarize(s, o);
}

// The first Mermaid block's line starting with `key` (after indentation).
std::string mermaid_line(const std::string& markdown, const std::string& key) {
  const auto block = markdown.find("```mermaid");
  std::istringstream lines(markdown.substr(block));
  std::string line;
  while (std::getline(lines, line)) {
    const auto start = line.find_first_not_of(' ');
    if (start != std::string::npos && line.compare(start, key.size(), key) == 0) return line;
  }
  return {};
}

}  // namespace

TEST(ReportMarkdown, TableRowHasTheStatisticsWorkedOutByHand) {
  MarkdownReport r;
  r.summaries = {fixture_summary()};
  const std::string md = markdown_report(r, ".");
  // {1,2,3,4,10}: mean 4, median 3, SD sqrt(50/4) = 3.5355; type-7 p90: h = 3.6 -> 4 + 0.6 * 6 = 7.6,
  // p95 8.8, p99 9.76, p99.9 9.976.
  EXPECT_NE(md.find("| total | ms | 5 | 1 | 3 | 7.6 | 8.8 | 9.76 | 9.976 | 10 | 4 | 3.536 |"), std::string::npos) << md;
}

TEST(ReportMarkdown, TrimmedRowSitsUnderTheUntrimmedOne) {
  MarkdownReport r;
  r.summaries = {fixture_summary("total", true)};
  const std::string md = markdown_report(r, ".");
  // Trimmed {2,3,4}: mean 3, SD 1, p90 h = 1.8 -> 3.8.
  EXPECT_NE(md.find("| total (trimmed 1 low, 1 high) | ms | 3 | 2 | 3 | 3.8 |"), std::string::npos) << md;
}

TEST(ReportMarkdown, MermaidHistogramCarriesTheJsonExportsBinsAndCounts) {
  const stats::Summary summary = fixture_summary();
  MarkdownReport r;
  r.summaries = {summary};
  const std::string md = markdown_report(r, ".");
  const nlohmann::json json = series_json(summary);

  const std::string bar = mermaid_line(md, "bar [");
  std::vector<std::uint64_t> counts;
  std::smatch m;
  std::string rest = bar;
  while (std::regex_search(rest, m, std::regex(R"((\d+))"))) {
    counts.push_back(std::stoull(m[1]));
    rest = m.suffix();
  }
  EXPECT_EQ(counts, json["histogram"]["counts"].get<std::vector<std::uint64_t>>());
  EXPECT_EQ(counts, (std::vector<std::uint64_t>{2, 2, 1}));  // by hand: {1,2} {3,4} {10}

  const std::string axis = mermaid_line(md, "x-axis");
  std::vector<double> edges;
  rest = axis;
  while (std::regex_search(rest, m, std::regex(R"re("([-0-9.e]+)-([-0-9.e]+)")re"))) {
    if (edges.empty()) edges.push_back(std::stod(m[1]));
    edges.push_back(std::stod(m[2]));
    rest = m.suffix();
  }
  EXPECT_EQ(edges, json["histogram"]["edges"].get<std::vector<double>>());
}

TEST(ReportMarkdown, PerRequestLineCarriesEachValueOrGroupMeans) {
  PlotSeries s;
  s.name = "total";
  s.unit = "ms";
  s.values = {1.5, 2.25, 3.0004};
  EXPECT_NE(mermaid_per_request(s).find("    line [1.5, 2.25, 3]\n"), std::string::npos);
  s.values = {1, 3, 5, 7, 9};
  const std::string grouped = mermaid_per_request(s, 2);  // groups of 3: means 3 and 8
  EXPECT_NE(grouped.find("line [3, 8]"), std::string::npos) << grouped;
  EXPECT_NE(grouped.find("mean of every 3 requests"), std::string::npos);
}

TEST(ReportMarkdown, UserTextIsEscapedInTablesAndMermaid) {
  EXPECT_EQ(markdown_text("a|b <script>*x*\n"), "a\\|b &lt;script&gt;\\*x\\* ");
  EXPECT_EQ(mermaid_text("say \"hi\"\n#1 <b>"), "say #quot;hi#quot; #35;1 #lt;b#gt;");
  MarkdownReport r;
  r.summaries = {fixture_summary("p|x \"q\"")};
  const std::string md = markdown_report(r, ".");
  EXPECT_NE(md.find("| p\\|x \"q\" | ms |"), std::string::npos);
  EXPECT_NE(md.find("title \"p|x #quot;q#quot;: histogram (n = 5)\""), std::string::npos) << md;
}

TEST(ReportMarkdown, PlotLinksAreRelativeToTheMarkdownFile) {
  MarkdownReport r;
  r.plots = {{"timeline", "total: latency per request", "/tmp/lb/my plots/timeline_total.png"}};
  const std::string md = markdown_report(r, "/tmp/lb");
  EXPECT_NE(md.find("![total: latency per request](my%20plots/timeline_total.png)"), std::string::npos) << md;
}

TEST(ReportMarkdown, EmptySeriesSaysNoData) {
  MarkdownReport r;
  r.summaries = {stats::summarize(Series{"ttfb", "ms", {}, {}})};
  const std::string md = markdown_report(r, ".");
  EXPECT_NE(md.find("| ttfb | ms | 0 | no data |"), std::string::npos) << md;
  EXPECT_EQ(md.find("nan"), std::string::npos);
}

TEST(ReportMarkdown, MermaidHistogramStopsAtTheBodyAndCountsAFarTail) {
  Series s{"total", "ms", {}, {}};
  for (int i = 0; i < 200; ++i) s.values.push_back(10 + i % 10);
  s.values.push_back(1000);  // one timeout
  stats::SummaryOptions o;
  o.histogram = stats::parse_bin_width("10").take();
  const stats::Summary summary = stats::summarize(s, o);
  const std::string block = mermaid_histogram(summary);
  const auto counts = series_json(summary)["histogram"]["counts"].get<std::vector<std::uint64_t>>();
  ASSERT_GT(counts.size(), 50u);
  // The body is the first bin (all 200 answers) plus one empty bin of margin, as in the JSON.
  EXPECT_NE(block.find(fmt::format("bar [{}, {}]", counts[0], counts[1])), std::string::npos) << block;
  EXPECT_NE(block.find("1 in the tail above"), std::string::npos) << block;
}

TEST(ReportMarkdown, MermaidHistogramCapsBarsBySummingNeighbourBins) {
  Series s{"total", "ms", {}, {}};
  for (int i = 0; i < 200; ++i) s.values.push_back(0.5 * i);  // 0 .. 99.5: 100 bins of 1 ms, 2 each
  stats::SummaryOptions o;
  o.histogram = stats::parse_bin_width("1").take();
  const stats::Summary summary = stats::summarize(s, o);
  ASSERT_EQ(summary.histogram.counts.size(), 100u);
  const std::string block = mermaid_histogram(summary);
  // ceil(100 / 16) = 7 bins per bar: 14 bars of 14 values and a last one of 2 bins (4 values).
  EXPECT_NE(block.find("100 bins summed 7 per bar"), std::string::npos) << block;
  EXPECT_NE(block.find("bar [14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 4]"), std::string::npos) << block;
  EXPECT_NE(block.find("[\"0-7\", \"7-14\","), std::string::npos) << block;
  EXPECT_NE(block.find("\"98-100\"]"), std::string::npos) << block;
}

TEST(ReportMarkdown, MermaidHistogramEdgesCarryNoFloatNoiseAndMicrosecondSeriesReadInUs) {
  // A dns series of 12-68 us held in ms: edges like 0.060000000000000005 ms read "60" us.
  Series s{"dns", "ms", {}, {}};
  for (int i = 0; i < 57; ++i) s.values.push_back(0.012 + 0.001 * i);
  const stats::Summary summary = stats::summarize(s, stats::SummaryOptions{});
  const std::string block = mermaid_histogram(summary);
  const std::string axis = mermaid_line(block, "x-axis");
  EXPECT_NE(axis.find("\"dns (us)\""), std::string::npos) << axis;
  std::smatch m;
  std::string rest = axis.substr(axis.find('['));
  std::size_t categories = 0;
  while (std::regex_search(rest, m, std::regex(R"re("([^"]*)")re"))) {
    EXPECT_TRUE(std::regex_match(m[1].str(), std::regex(R"(\d+-\d+)"))) << m[1];
    ++categories;
    rest = m.suffix();
  }
  EXPECT_GE(categories, 3u);
  EXPECT_LE(categories, k_mermaid_max_bars);
  // The noise of bare sums, and precision kept where the width needs it.
  EXPECT_EQ(round_number(0.030000000000000002, 0.005), "0.03");
  EXPECT_EQ(round_number(0.035, 0.005), "0.035");
  EXPECT_EQ(round_number(60.000000000000007, 10), "60");
  EXPECT_EQ(round_number(2.5, 2.5), "2.5");
}
