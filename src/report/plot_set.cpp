#include "report/plot_set.hpp"

#include <fmt/format.h>

#include <functional>
#include <set>
#include <system_error>

#include "report/plot_data.hpp"
#include "report/plot_gnuplot.hpp"
#include "report/plot_kinds.hpp"

namespace latbench::report {
namespace {

class Renderer {
 public:
  Renderer(const std::filesystem::path& dir, const PlotOptions& options, PlotOutcome& outcome)
      : m_dir(dir), m_options(options), m_outcome(outcome) {}

  // Builds and draws one plot; an input problem (nothing to draw) becomes a note.
  void draw(const std::string& kind, const std::string& subject, const std::function<PlotScript()>& build) {
    if (m_outcome.gnuplot_missing) return;
    PlotScript script;
    try {
      script = build();
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::input) throw;
      m_outcome.notes.push_back(fmt::format("plot {} skipped: {}", kind, e.what()));
      return;
    }
    const std::filesystem::path path = m_dir / unique_name(kind, subject);
    try {
      run_gnuplot(script.text, path, m_options);
    } catch (const GnuplotMissing& e) {
      m_outcome.gnuplot_missing = true;
      m_outcome.notes.emplace_back(e.what());
      return;
    }
    m_outcome.files.push_back({kind, script.title, path});
  }

 private:
  std::string unique_name(const std::string& kind, const std::string& subject) {
    std::string base = kind;
    if (!subject.empty()) base += "_" + file_slug(subject);
    std::string name = base;
    for (int k = 2; m_used.count(name); ++k) name = fmt::format("{}_{}", base, k);
    m_used.insert(name);
    return fmt::format("{}.{}", name, extension(m_options.format));
  }

  std::filesystem::path m_dir;
  const PlotOptions& m_options;
  PlotOutcome& m_outcome;
  std::set<std::string> m_used;
};

stats::Histogram automatic_histogram(const PlotSeries& series) {
  return stats::build_histogram(sorted_finite(series.values), stats::HistogramSpec{});
}

HistogramMarks marks_of(const stats::Summary& summary) {
  return {summary.all.count, summary.all.percentiles.p50, summary.all.percentiles.p99, summary.all.max};
}

// The distribution plots describe what the statistics describe: warm-up requests left out.
PlotSeries without_warmup(const PlotSeries& series) {
  if (series.flags.empty()) return series;
  PlotSeries out;
  out.name = series.name;
  out.unit = series.unit;
  for (std::size_t i = 0; i < series.values.size(); ++i) {
    if (!series.flags[i].warmup) out.values.push_back(series.values[i]);
  }
  return out;
}

}  // namespace

std::string file_slug(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (out.size() >= 40) break;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') out.push_back(c);
    else if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
    else if (!out.empty() && out.back() != '_') out.push_back('_');
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "series" : out;
}

PlotOutcome render_plots(const PlotSet& set, const std::filesystem::path& dir, const PlotOptions& options) {
  PlotOutcome outcome;
  if (!gnuplot_available(options.gnuplot)) {
    outcome.gnuplot_missing = true;
    outcome.notes.push_back(gnuplot_missing_message(options.gnuplot));
    return outcome;
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw input_error(fmt::format("--plot {}: cannot create the directory: {}", dir.string(),
                                  ec ? ec.message() : "not a directory"));
  }
  Renderer r(dir, options, outcome);
  for (std::size_t i = 0; i < set.latency.size(); ++i) {
    const LatencyPlot& lp = set.latency[i];
    const PlotSeries& all = lp.series;
    PlotSeries s = without_warmup(all);
    if (!lp.distribution.empty()) s.values = lp.distribution;
    const std::vector<PlotSeries> one = {s};
    r.draw("timeline", s.name, [&] { return timeline_script(all, options); });
    r.draw("histogram", s.name, [&] {
      if (!lp.summary) return histogram_script(s, automatic_histogram(s), options);
      return histogram_script(s.name, s.unit, lp.summary->histogram, marks_of(*lp.summary), options);
    });
    r.draw("percentiles", s.name, [&] { return percentile_script(one, options); });
    r.draw("cdf", s.name, [&] { return cdf_script(one, options); });
  }
  for (const auto& summary : set.summary_only) {
    r.draw("histogram", summary.name, [&] {
      return histogram_script(summary.name, summary.unit, summary.histogram, marks_of(summary), options);
    });
  }
  if (set.device && set.server) {
    r.draw("device_vs_server", "", [&] { return device_server_script(*set.device, *set.server, options); });
  }
  if (!set.stages.empty()) r.draw("stages", "", [&] { return stages_script(set.stages, options, set.stage_ids); });
  if (!set.profiles.empty()) {
    r.draw("compare_percentiles", "", [&] { return percentile_script(set.profiles, options); });
    r.draw("compare_cdf", "", [&] { return cdf_script(set.profiles, options); });
    r.draw("compare_box", "", [&] { return box_script(set.profiles, options); });
  }
  if (set.frames) {
    const FrameRun& frames = *set.frames;
    r.draw("frames_rtt", "", [&] { return frame_rtt_script(frames, set.frames_name, options); });
    r.draw("frames_answered_fps", "", [&] { return frame_fps_script(frames, set.frames_name, options); });
    r.draw("frames_pending", "", [&] { return frame_pending_script(frames, set.frames_name, options); });
  }
  if (set.viewer) {
    const ViewerRun& viewer = *set.viewer;
    r.draw("viewer_fps", "", [&] { return viewer_fps_script(viewer, set.frames_name, options); });
    r.draw("viewer_age", "", [&] { return viewer_age_script(viewer, set.frames_name, options); });
    r.draw("viewer_gaps", "", [&] { return viewer_gap_script(viewer, set.frames_name, options); });
  }
  return outcome;
}

}  // namespace latbench::report
