#include "report/plot_types.hpp"

#include <fmt/format.h>

namespace latbench::report {

PlotSeries plot_series_from(const Series& series) {
  PlotSeries out;
  out.name = series.name;
  out.unit = series.unit;
  out.values = series.values;
  return out;
}

Result<PlotFormat> parse_plot_format(std::string_view text, std::string_view what) {
  if (text == "png") return PlotFormat::png;
  if (text == "svg") return PlotFormat::svg;
  return usage_error(fmt::format("{}: expected png or svg, got '{}'", what, text));
}

std::string_view extension(PlotFormat format) { return format == PlotFormat::png ? "png" : "svg"; }

}  // namespace latbench::report
