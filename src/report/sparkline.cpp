#include "report/sparkline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>

#include "report/plot_data.hpp"
#include "report/plot_script.hpp"

namespace latbench::report {
namespace {

constexpr std::array<std::string_view, 9> k_unicode_levels = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr std::array<std::string_view, 9> k_ascii_levels = {" ", ".", ":", "-", "=", "+", "*", "#", "@"};
constexpr std::array<std::string_view, 8> k_eighths = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

bool names_utf8(std::string_view locale) {
  std::string lower;
  for (char c : locale) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
}

}  // namespace

Charset charset_from_locale(const char* lc_all, const char* lc_ctype, const char* lang) {
  for (const char* value : {lc_all, lc_ctype, lang}) {
    if (value != nullptr && *value != '\0') return names_utf8(value) ? Charset::unicode : Charset::ascii;
  }
  return Charset::ascii;
}

Charset terminal_charset() {
  return charset_from_locale(std::getenv("LC_ALL"), std::getenv("LC_CTYPE"), std::getenv("LANG"));
}

MergedBins merge_bins(const stats::Histogram& histogram, std::size_t columns) {
  MergedBins out;
  const std::size_t bins = histogram.counts.size();
  if (bins == 0 || columns == 0) return out;
  const std::size_t per = (bins + columns - 1) / columns;
  const bool have_edges = histogram.edges.size() == bins + 1;
  for (std::size_t start = 0; start < bins; start += per) {
    const std::size_t end = std::min(bins, start + per);
    std::uint64_t sum = 0;
    for (std::size_t i = start; i < end; ++i) sum += histogram.counts[i];
    out.counts.push_back(sum);
    if (have_edges) out.edges.push_back(histogram.edges[start]);
  }
  if (have_edges) out.edges.push_back(histogram.edges.back());
  return out;
}

std::string sparkline(const std::vector<std::uint64_t>& counts, Charset charset) {
  const auto& levels = charset == Charset::unicode ? k_unicode_levels : k_ascii_levels;
  const std::uint64_t top = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
  std::string out;
  for (std::uint64_t c : counts) {
    std::size_t level = 0;
    if (c > 0 && top > 0) {
      // Rounded to the nearest of 8 heights, at least the lowest.
      level = std::max<std::size_t>(1, static_cast<std::size_t>((c * 8 + top / 2) / top));
    }
    out.append(levels[std::min<std::size_t>(level, 8)]);
  }
  return out;
}

std::string histogram_sparkline(const stats::Histogram& histogram, std::string_view unit,
                                Charset charset, std::size_t columns) {
  // A far tail (timeouts) would squash the body into one column: show the body, count the rest.
  stats::Histogram body = histogram;
  const std::size_t shown = visible_bins(histogram.counts, histogram.edges);
  std::uint64_t hidden = histogram.overflow;
  if (shown < histogram.counts.size()) {
    for (std::size_t i = shown; i < histogram.counts.size(); ++i) hidden += histogram.counts[i];
    body.counts.resize(shown);
    body.edges.resize(shown + 1);
  }
  const MergedBins merged = merge_bins(body, columns);
  if (merged.counts.empty() || merged.edges.empty()) return {};
  std::string out = fmt::format("{} {} {}", label_value(merged.edges.front(), unit),
                                sparkline(merged.counts, charset), label_value(merged.edges.back(), unit));
  if (histogram.underflow > 0) out += fmt::format("  +{} below", histogram.underflow);
  if (hidden > 0) out += fmt::format("  +{} above", hidden);
  return out;
}

std::string text_histogram(const stats::Histogram& histogram, std::string_view unit, Charset charset,
                           std::size_t rows, std::size_t bar_width) {
  const MergedBins merged = merge_bins(histogram, rows);
  if (merged.counts.empty() || merged.edges.empty()) return {};
  const std::uint64_t top = *std::max_element(merged.counts.begin(), merged.counts.end());
  std::vector<std::string> lows, highs;
  std::size_t low_width = 0, high_width = 0;
  for (std::size_t i = 0; i < merged.counts.size(); ++i) {
    lows.push_back(label_value(merged.edges[i], unit));
    highs.push_back(label_value(merged.edges[i + 1], unit));
    low_width = std::max(low_width, lows.back().size());
    high_width = std::max(high_width, highs.back().size());
  }
  std::string out;
  for (std::size_t i = 0; i < merged.counts.size(); ++i) {
    const std::uint64_t c = merged.counts[i];
    // Bar length in eighths of a character, at least one eighth for a non-zero count.
    std::uint64_t eighths = top ? (c * bar_width * 8 + top / 2) / top : 0;
    if (c > 0) eighths = std::max<std::uint64_t>(eighths, 1);
    std::string bar;
    if (charset == Charset::unicode) {
      for (std::uint64_t k = 0; k < eighths / 8; ++k) bar += "█";
      bar += k_eighths[eighths % 8];
    } else {
      bar.assign(static_cast<std::size_t>((eighths + 7) / 8), '#');
    }
    fmt::format_to(std::back_inserter(out), "  {:>{}} - {:>{}} |{} {}\n", lows[i], low_width, highs[i],
                   high_width, bar, c);
  }
  return out;
}

std::string sparkline_lines(const std::vector<stats::Summary>& summaries, Charset charset) {
  std::size_t width = 0;
  for (const auto& summary : summaries) width = std::max(width, summary.name.size());
  std::string out;
  for (const auto& summary : summaries) {
    const std::string line = histogram_sparkline(summary.histogram, summary.unit, charset);
    if (!line.empty()) out += fmt::format("{:<{}}  {}\n", summary.name, width, line);
  }
  return out;
}

}  // namespace latbench::report
