// Real gnuplot renders: every plot kind gives a PNG / SVG of the requested size with its title,
// axis labels and legend; hostile names plot safely; a missing gnuplot is one clear note.
// Skipped (GTEST_SKIP) only when gnuplot is not installed; ./dev installs gnuplot-nox.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "report/plot_gnuplot.hpp"
#include "report/plot_kinds.hpp"
#include "report/plot_set.hpp"
#include "common/test_files.hpp"

using latbench::test::slurp;
using namespace latbench;
using namespace latbench::report;
namespace fs = std::filesystem;

namespace {

// Width and height from a PNG's IHDR chunk (big-endian, right after the 8-byte signature and the
// chunk's length and type), or {0, 0} when the signature is wrong.
std::pair<unsigned, unsigned> png_size(const std::string& png) {
  if (png.size() < 24 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || png.compare(12, 4, "IHDR") != 0) return {0, 0};
  const auto be32 = [&](std::size_t at) {
    unsigned v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(png[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

PlotSeries series(std::string name, std::size_t n, double base) {
  PlotSeries s;
  s.name = std::move(name);
  s.unit = "ms";
  for (std::size_t i = 0; i < n; ++i) s.values.push_back(base + static_cast<double>((i * 37) % 23));
  return s;
}

class ReportPlotRender : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed (sudo apt-get install gnuplot-nox)";
    m_dir = fs::temp_directory_path() / ("latbench-plot-test-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(m_dir);
  }
  void TearDown() override {
    std::error_code ec;
    if (!m_dir.empty()) fs::remove_all(m_dir, ec);
  }

  // Every kind of plot, from a small fixture.
  std::vector<std::pair<std::string, PlotScript>> all_kinds(const PlotOptions& o) {
    PlotSeries total = series("total", 60, 40);
    total.flags.resize(60);
    total.flags[0].warmup = total.flags[1].warmup = true;
    total.flags[7].status = PointStatus::error;
    total.flags[9].status = PointStatus::timeout;
    stats::Histogram h{{40, 45, 50, 55, 65}, {13, 13, 13, 21}, 0, 0};
    const PlotSeries server = series("server", 60, 30);
    const std::vector<PlotSeries> profiles = {series("baseline", 60, 40), series("keepalive", 60, 30)};
    const std::vector<PlotSeries> stages = {series("decode", 60, 2), series("infer", 60, 30)};
    return {{"timeline", timeline_script(total, o)},
            {"histogram", histogram_script(total, h, o)},
            {"percentiles", percentile_script(profiles, o)},
            {"cdf", cdf_script(profiles, o)},
            {"box", box_script(profiles, o)},
            {"device_server", device_server_script(total, server, o)},
            {"stages", stages_script(stages, o)}};
  }

  fs::path m_dir;
};

}  // namespace

TEST_F(ReportPlotRender, EveryKindRendersAPngOfTheRequestedSize) {
  PlotOptions o;
  for (const auto& [kind, script] : all_kinds(o)) {
    const fs::path file = m_dir / (kind + ".png");
    run_gnuplot(script.text, file, o);
    const auto [w, h] = png_size(slurp(file));
    EXPECT_EQ(w, 1200u) << kind;
    EXPECT_EQ(h, 700u) << kind;
  }
}

TEST_F(ReportPlotRender, EveryKindRendersAnSvgWithTitleLabelsAndLegend) {
  PlotOptions o;
  o.format = PlotFormat::svg;
  const std::map<std::string, std::vector<std::string>> expected = {
      {"timeline", {"total: latency per request (n = 60)", "request #", "total (ms)", "each request",
                    "rolling median of 5", "error (1)", "timeout (1)", "warm-up (2)"}},
      {"histogram", {"total: histogram (n = 60, 4 bins)", "total (ms)", "requests", "median", "p99"}},
      {"percentiles", {"latency by percentile (2 profiles)", "latency (ms)", "baseline (n = 60)",
                       "keepalive (n = 60)", "99%"}},
      {"cdf", {"cumulative distribution (2 profiles)", "requests at or below (%)", "baseline (n = 60)"}},
      {"box", {"latency by profile", "latency (ms)", "baseline (n = 60)", "keepalive (n = 60)"}},
      {"device_server", {"total vs server per request", "time per request (ms)", "overhead (ms)",
                         "network + overhead (device - server)", "device - server"}},
      {"stages", {"stages per request (n = 60", "request #", "time (ms)", "decode", "infer",
                  "share of the mean total (%)"}},
  };
  for (const auto& [kind, script] : all_kinds(o)) {
    const fs::path file = m_dir / (kind + ".svg");
    run_gnuplot(script.text, file, o);
    const std::string svg = slurp(file);
    EXPECT_NE(svg.find("width=\"1200\" height=\"700\""), std::string::npos) << kind;
    for (const auto& text : expected.at(kind)) EXPECT_NE(svg.find(text), std::string::npos) << kind << ": " << text;
  }
}

TEST_F(ReportPlotRender, HostileProfileNamePlotsSafely) {
  const fs::path marker = m_dir / "pwned";
  // Quotes of both kinds, a backslash, newlines, backquotes and gnuplot's system().
  const std::string name = "ev'il\" \\ \nsystem(\"touch " + marker.string() + "\")\n`touch " + marker.string() +
                           "` print system('touch " + marker.string() + "') @x 50%";
  PlotOptions o;
  o.format = PlotFormat::svg;
  PlotSet set;
  set.latency.push_back({series(name, 40, 10), std::nullopt, {}});
  set.profiles = {series(name, 40, 10), series("p50% @x", 40, 20)};
  const PlotOutcome out = render_plots(set, m_dir, o);
  EXPECT_TRUE(out.notes.empty()) << out.notes.front();
  ASSERT_EQ(out.files.size(), 7u);
  EXPECT_FALSE(fs::exists(marker));
  // The name shows as text, newlines turned into spaces (gnuplot writes '<', '&' as entities).
  const std::string shown = "ev'il\" \\  system(\"touch " + marker.string() + "\") `touch " + marker.string() + "`";
  const std::string timeline = slurp(out.files.front().path);
  EXPECT_NE(timeline.find(shown), std::string::npos);
  const std::string box = slurp(m_dir / "compare_box.svg");
  EXPECT_NE(box.find("p50% @x (n = 40)"), std::string::npos);  // '%' printed, not a format
  EXPECT_NE(box.find("ev'il\" \\  system(\"touch"), std::string::npos);  // long tic label shortened
}

TEST_F(ReportPlotRender, NamesStartingOrEndingWithQuotesPlotEveryKind) {
  // gnuplot's '' escape fails on these ('''x' is read as '' and a stray token).
  PlotOptions o;
  o.format = PlotFormat::svg;
  PlotSet set;
  set.latency.push_back({series("'total", 40, 10), std::nullopt, {}});
  set.device = series("'device'", 40, 20);
  set.server = series("server''", 40, 10);
  set.stages = {series("''a", 40, 1), series("b'", 40, 2)};
  set.profiles = {series("'p1", 40, 10), series("p2'", 40, 20)};
  const PlotOutcome out = render_plots(set, m_dir, o);
  EXPECT_TRUE(out.notes.empty()) << out.notes.front();
  ASSERT_EQ(out.files.size(), 9u);
  // gnuplot writes a quote in SVG text as itself or as &apos;.
  const auto has = [](const std::string& svg, const std::string& text) {
    std::string entity;
    for (char c : text) entity += c == '\'' ? std::string("&apos;") : std::string(1, c);
    return svg.find(text) != std::string::npos || svg.find(entity) != std::string::npos;
  };
  EXPECT_TRUE(has(slurp(m_dir / "timeline_total.svg"), "'total: latency per request")) << "timeline";
  EXPECT_TRUE(has(slurp(m_dir / "stages.svg"), "''a")) << "stages";
  EXPECT_TRUE(has(slurp(m_dir / "compare_box.svg"), "p2' (n = 40)")) << "box";
}

TEST_F(ReportPlotRender, PlotSetNamesFilesByKindAndSeries) {
  PlotSet set;
  set.latency.push_back({series("Total Time", 30, 10), std::nullopt, {}});
  set.device = series("device", 30, 20);
  set.server = series("server", 30, 10);
  set.stages = {series("a", 30, 1), series("b", 30, 2)};
  const PlotOutcome out = render_plots(set, m_dir / "new" / "dir", PlotOptions{});
  std::vector<std::string> names;
  for (const auto& f : out.files) names.push_back(f.path.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"timeline_total_time.png", "histogram_total_time.png",
                                             "percentiles_total_time.png", "cdf_total_time.png",
                                             "device_vs_server.png", "stages.png"}));
}

TEST_F(ReportPlotRender, EmptySeriesBecomesANoteNotAFailure) {
  PlotSet set;
  set.latency.push_back({series("ttfb", 0, 0), std::nullopt, {}});
  const PlotOutcome out = render_plots(set, m_dir, PlotOptions{});
  EXPECT_TRUE(out.files.empty());
  ASSERT_FALSE(out.notes.empty());
  EXPECT_NE(out.notes.front().find("ttfb"), std::string::npos);
}

TEST(ReportPlotGnuplot, MissingGnuplotIsOneNoteWithTheInstallHint) {
  PlotOptions o;
  o.gnuplot = "/nonexistent/bin/gnuplot";
  PlotSet set;
  set.latency.push_back({series("total", 10, 1), std::nullopt, {}});
  const fs::path dir = fs::temp_directory_path() / ("latbench-no-gnuplot-" + std::to_string(::getpid()));
  const PlotOutcome out = render_plots(set, dir, o);
  EXPECT_TRUE(out.gnuplot_missing);
  EXPECT_TRUE(out.files.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_NE(out.notes.front().find("apt-get install gnuplot-nox"), std::string::npos);
  EXPECT_EQ(out.notes.front().find('\n'), std::string::npos);
  EXPECT_FALSE(fs::exists(dir));
}

TEST_F(ReportPlotRender, GnuplotErrorNamesTheFileAndLeavesNothingBehind) {
  const fs::path file = m_dir / "broken.png";
  try {
    run_gnuplot("set terminal pngcairo\nset output\nplot $nosuchblock using 1:2\n", file, PlotOptions{});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("broken.png"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(file));
}
