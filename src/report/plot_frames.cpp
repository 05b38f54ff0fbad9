// The plots of a WebSocket frames run (issue 16): RTT per frame on the frame clock's time,
// answered frames per second against the target rate, and the pending frames at each send.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "report/plot_data.hpp"
#include "report/plot_kinds.hpp"
#include "report/plot_script.hpp"

namespace latbench::report {
namespace {

constexpr std::size_t k_max_gap_bands = 300;  // beyond that the bands are one solid shade
constexpr std::size_t k_named_devices = 8;
constexpr std::size_t k_max_steps = 600;      // more sends: pending is drawn per time bin    // more devices share one colour and legend entry
constexpr std::string_view k_gap_colour = "#f3dfb8";
// Legends under the plot, in columns: a legend inside would hide the points at its corner.
// The bottom margin holds the x label and the legend's two rows (gnuplot's own would overlap them).
constexpr std::string_view k_key_below =
    "set key below horizontal maxrows 2 box lc rgb '#bbbbbb'\nset bmargin 7";

double seconds(double ms) { return ms / 1000.0; }

void require_frames(const FrameRun& run, std::string_view name) {
  if (run.frames.empty()) throw input_error(fmt::format("run '{}' has no frames to plot", name));
}

std::string number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

// The x range of the plots on send time: every send, 1% spare on each side.
std::string send_time_range(const FrameRun& run) {
  double x_lo = seconds(run.frames.front().intended_ms), x_hi = x_lo;
  for (const auto& f : run.frames) {
    x_lo = std::min(x_lo, seconds(f.intended_ms));
    x_hi = std::max(x_hi, seconds(f.intended_ms));
  }
  const double pad = x_hi > x_lo ? (x_hi - x_lo) * 0.01 : 0.5;
  return fmt::format("set xrange [{}:{}]", number(x_lo - pad), number(x_hi + pad));
}

// Pending frames in time bins (for runs with too many sends to draw each step): the mean and the
// largest count at the sends of each bin, NaN for a bin without a send; x = each bin's start
// and, once more, the last bin's end, so the last step has its width.
struct PendingBins {
  double width_s = 1;
  std::vector<double> x, mean, max;
};

PendingBins pending_bins(const FrameRun& run) {
  double lo = seconds(run.frames.front().intended_ms), hi = lo;
  for (const auto& f : run.frames) {
    lo = std::min(lo, seconds(f.intended_ms));
    hi = std::max(hi, seconds(f.intended_ms));
  }
  PendingBins out;
  out.width_s = nice_step(hi - lo, 150);
  const double first = std::floor(lo / out.width_s) * out.width_s;
  const auto count = static_cast<std::size_t>(std::floor((hi - first) / out.width_s)) + 1;
  std::vector<double> sum(count, 0), n(count, 0);
  out.max.assign(count, k_nan);
  for (const auto& f : run.frames) {
    const auto k = std::min(count - 1, static_cast<std::size_t>(std::floor((seconds(f.intended_ms) - first) / out.width_s)));
    sum[k] += static_cast<double>(f.pending);
    n[k] += 1;
    out.max[k] = std::isnan(out.max[k]) ? static_cast<double>(f.pending) : std::max(out.max[k], static_cast<double>(f.pending));
  }
  for (std::size_t k = 0; k <= count; ++k) {
    const std::size_t at = std::min(k, count - 1);  // the extra row repeats the last bin at its end
    out.x.push_back(first + static_cast<double>(k) * out.width_s);
    out.mean.push_back(n[at] > 0 ? sum[at] / n[at] : k_nan);
    if (k == count) out.max.push_back(out.max[at]);
  }
  return out;
}

std::size_t device_count(const FrameRun& run) {
  std::map<std::uint64_t, int> devices;
  for (const auto& f : run.frames) devices[f.device] = 0;
  return devices.size();
}

std::string gap_legend(std::size_t gaps, const FrameRun& run) {
  std::string text = fmt::format("gap in the frame clock ({})", gaps);
  if (run.skipped) text = fmt::format("gap in the frame clock ({}; {} frames skipped in the run)", gaps, *run.skipped);
  return text;
}

// With several devices a gap of one is no gap of the run: counted, not shaded.
std::string gaps_of_devices_legend(std::size_t gaps, const FrameRun& run) {
  std::string text = fmt::format("gaps in the devices' frame clocks: {} (not shaded: several devices)", gaps);
  if (run.skipped) text += fmt::format("; {} frames skipped", *run.skipped);
  return text;
}

}  // namespace

PlotScript frame_rtt_script(const FrameRun& run, std::string_view name, const PlotOptions& options) {
  require_frames(run, name);
  const std::size_t n = run.frames.size();
  const bool one_device = device_count(run) == 1;
  const std::vector<std::size_t> gaps = clock_gaps(run.frames);
  std::vector<char> after_gap(n, 0);
  for (std::size_t i : gaps) after_gap[i] = 1;

  std::vector<double> ok_x, ok_y, to_x, to_y, fail_x, fail_y;
  double top_ok = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const FramePoint& f = run.frames[i];
    const double x = seconds(f.intended_ms);
    if (f.outcome == FrameOutcome::answered) {
      // One device: a NaN row before a frame that follows a gap breaks the line there, so the
      // skipped frames show as a hole, not as a slope between two answers.
      if (one_device && after_gap[i] && !ok_x.empty()) {
        ok_x.push_back(k_nan);
        ok_y.push_back(k_nan);
      }
      ok_x.push_back(x);
      ok_y.push_back(f.rtt_ms);
      top_ok = std::max(top_ok, f.rtt_ms);
    } else if (f.outcome == FrameOutcome::timeout) {
      to_x.push_back(x);
      to_y.push_back(f.rtt_ms);
    } else {
      fail_x.push_back(x);
      fail_y.push_back(f.rtt_ms);
    }
  }
  const std::size_t answered = static_cast<std::size_t>(
      std::count_if(run.frames.begin(), run.frames.end(), [](const FramePoint& f) { return f.outcome == FrameOutcome::answered; }));

  PlotScript out;
  out.title = fmt::format("{}: RTT per frame (n = {}, {} answered)", name, n, answered);
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set xlabel 'send time on the frame clock (s)'");
  s.command("set ylabel 'RTT: send to answer (ms)'");
  // Timeouts sit at the timeout, often far above every answer: as on the timeline, when they
  // would flatten the answers the axis ends above the answers and they sit on its top.
  double timeout_max = 0;
  for (double v : to_y) timeout_max = std::max(timeout_max, v);
  const bool clip = !to_y.empty() && top_ok > 0 && timeout_max > 2 * top_ok;
  double fail_max = 0;
  for (double v : fail_y) fail_max = std::max(fail_max, v);
  const double y_top = std::max(top_ok, clip ? 0.0 : timeout_max) * 1.12;
  if (clip) {
    // Drawn a little below the axis' end, so the marker is whole.
    for (double& v : to_y) v = std::min(v, top_ok * 1.07);
    for (double& v : fail_y) v = std::min(v, top_ok * 1.07);
    s.command(fmt::format("set yrange [0:{}]", number(y_top)));
  } else {
    s.command("set yrange [0:*]");
  }
  s.command(send_time_range(run));
  s.command(k_key_below);
  // One device: each gap is a band from the send before it to the send after it.
  if (one_device) {
    std::size_t drawn = 0;
    for (std::size_t i : gaps) {
      if (i == 0 || ++drawn > k_max_gap_bands) continue;
      s.command(fmt::format("set object rect from {}, graph 0 to {}, graph 1 behind fc rgb '{}' fs solid 1.0 noborder",
                            number(seconds(run.frames[i - 1].intended_ms)), number(seconds(run.frames[i].intended_ms)),
                            k_gap_colour));
    }
  }
  std::vector<std::string> parts;
  const std::string colour(series_colour(0));
  if (!ok_x.empty()) {
    s.data_block("answered", {ok_x, ok_y});
    const bool few = answered <= 600 && one_device;
    parts.push_back(fmt::format("$answered using 1:2 with {} lc rgb '{}' title 'answered ({})'",
                                few ? "linespoints pt 7 ps 0.6 lw 1" : "points pt 7 ps 0.4", colour, answered));
  }
  if (!to_x.empty()) {
    s.data_block("timeouts", {to_x, to_y});
    const std::string label = clip ? fmt::format("timeout ({}, waited up to {}: drawn at the top)", to_x.size(),
                                                 label_value(timeout_max, "ms"))
                                   : fmt::format("timeout ({})", to_x.size());
    parts.push_back(fmt::format("$timeouts using 1:2 with points pt 9 ps 1.6 lc rgb '{}' title {}",
                                k_timeout_colour, gnuplot_quote(label)));
  }
  if (!fail_x.empty()) {
    s.data_block("failed", {fail_x, fail_y});
    parts.push_back(fmt::format("$failed using 1:2 with points pt 2 ps 1.6 lw 2 lc rgb '{}' title {}",
                                k_error_colour,
                                gnuplot_quote(fmt::format("failed: closed, protocol or unmatched ({})", fail_x.size()))));
  }
  if (!gaps.empty()) {
    parts.push_back(fmt::format("keyentry with boxes fc rgb '{}' title {}", one_device ? k_gap_colour : "#ffffff",
                                gnuplot_quote(one_device ? gap_legend(gaps.size(), run)
                                                         : gaps_of_devices_legend(gaps.size(), run))));
  }
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

PlotScript frame_fps_script(const FrameRun& run, std::string_view name, const PlotOptions& options) {
  require_frames(run, name);
  const std::vector<std::size_t> bins = answered_per_second(run.frames);
  if (bins.empty()) throw input_error(fmt::format("run '{}' has no answered frame", name));
  std::vector<double> x, y;
  std::size_t answered = 0, peak = 0;
  for (std::size_t k = 0; k < bins.size(); ++k) {
    x.push_back(static_cast<double>(k) + 0.5);
    y.push_back(static_cast<double>(bins[k]));
    answered += bins[k];
    peak = std::max(peak, bins[k]);
  }
  PlotScript out;
  out.title = fmt::format("{}: answered frames per second ({} answered, 1 s bins of answer time)", name, answered);
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set xlabel 'answer time since the run started (s)'");
  s.command("set ylabel 'answered frames per second (frames/s)'");
  const double top = std::max<double>(static_cast<double>(peak), run.target_per_s.value_or(0)) * 1.18 + 1;
  s.command(fmt::format("set yrange [0:{}]", number(top)));
  s.command(fmt::format("set xrange [0:{}]", bins.size()));
  if (bins.size() <= 30) s.command("set xtics 1");
  s.command("set style fill solid 0.85 border lc rgb '#ffffff'");
  s.command("set boxwidth 0.9");
  s.command(k_key_below);
  std::vector<std::string> parts;
  // The last second holds only the answers until the run ended: drawn lighter, so a short last
  // bar does not read as a drop in throughput.
  const std::size_t full = bins.size() > 1 ? bins.size() - 1 : bins.size();
  const std::vector<double> full_x(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(full));
  const std::vector<double> full_y(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(full));
  s.data_block("fps", {full_x, full_y});
  const std::string colour(series_colour(0));
  parts.push_back(fmt::format("$fps using 1:2 with boxes lc rgb '{}' title 'answered frames in that second'", colour));
  if (full < bins.size()) {
    const std::vector<double> last_x = {x.back()}, last_y = {y.back()};
    s.data_block("last", {last_x, last_y});
    parts.push_back(fmt::format("$last using 1:2 with boxes lc rgb '#80{}' title 'last second (the run ended in it)'",
                                colour.substr(1)));
  }
  if (run.target_per_s) {
    parts.push_back(fmt::format("{} with lines dt 2 lw 2.5 lc rgb '{}' title {}", number(*run.target_per_s),
                                k_error_colour,
                                gnuplot_quote(fmt::format("target {}/s", label_value(*run.target_per_s, "")))));
  }
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

PlotScript frame_pending_script(const FrameRun& run, std::string_view name, const PlotOptions& options) {
  require_frames(run, name);
  std::map<std::uint64_t, std::pair<std::vector<double>, std::vector<double>>> by_device;
  std::uint64_t peak = 0;
  for (const auto& f : run.frames) {
    auto& [x, y] = by_device[f.device];
    x.push_back(seconds(f.intended_ms));
    y.push_back(static_cast<double>(f.pending));
    peak = std::max(peak, f.pending);
  }
  const bool binned = run.frames.size() > k_max_steps;
  PlotScript out;
  out.title = fmt::format("{}: frames pending at each send (n = {}, at most {})", name, run.frames.size(), peak);
  const PendingBins bins = binned ? pending_bins(run) : PendingBins{};
  if (binned) {
    out.title = fmt::format("{}: frames pending at the sends (n = {}, at most {}; mean and max per {} s{})", name,
                            run.frames.size(), peak, round_number(bins.width_s, bins.width_s),
                            by_device.size() > 1 ? fmt::format(", all {} devices", by_device.size()) : "");
  }
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set xlabel 'send time on the frame clock (s)'");
  s.command("set ylabel 'frames awaiting an answer (frames)'");
  // Below zero a little: a step at 0 would otherwise vanish into the x axis.
  s.command(fmt::format("set yrange [-0.2:{}]", number(static_cast<double>(peak) + 0.6)));
  if (peak <= 12) s.command("set ytics 1");
  s.command(send_time_range(run));
  s.command(k_key_below);
  std::vector<std::string> parts;
  if (binned) {
    s.data_block("max", {bins.x, bins.max});
    s.data_block("mean", {bins.x, bins.mean});
    parts.push_back(fmt::format("$max using 1:2 with steps lw 1.2 lc rgb '{}' title 'most pending at a send in the bin'",
                                series_colour(1)));
    parts.push_back(fmt::format("$mean using 1:2 with steps lw 2.5 lc rgb '{}' title 'mean pending at the sends in the bin'",
                                series_colour(0)));
    s.command(plot_command(parts));
    out.text = s.text();
    return out;
  }
  std::size_t index = 0;
  const bool named = by_device.size() <= k_named_devices;
  for (const auto& [device, xy] : by_device) {
    const std::string block = fmt::format("pending{}", index);
    s.data_block(block, {xy.first, xy.second});
    const std::string colour(series_colour(named ? index : 0));
    std::string title = "notitle";
    if (named) title = "title " + gnuplot_quote(by_device.size() == 1 ? "pending (held until the next send)"
                                                                      : fmt::format("device {}", device));
    else if (index == 0) title = "title " + gnuplot_quote(fmt::format("each of {} devices", by_device.size()));
    parts.push_back(fmt::format("${} using 1:2 with steps lw 2 lc rgb '{}' {}", block, colour, title));
    // A dot at each send when they are few enough to tell apart.
    if (run.frames.size() <= 300)
      parts.push_back(fmt::format("${} using 1:2 with points pt 7 ps 0.5 lc rgb '{}' {}", block, colour,
                                  index == 0 ? "title 'a send'" : "notitle"));
    ++index;
  }
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

}  // namespace latbench::report
