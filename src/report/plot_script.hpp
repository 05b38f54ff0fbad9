#pragma once
// Builds the text of one gnuplot script. Two kinds of text go in, kept apart on purpose:
// commands we write ourselves, and data, which only ever goes into inline data blocks
// (`$name << EOD`) as numbers. Text from user data (series and profile names, units) enters
// commands only through gnuplot_quote(), so no name can end a string or run `system(...)`.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/plot_types.hpp"

namespace latbench::report {

// A gnuplot string expression holding `text`: single-quoted pieces (inside single quotes gnuplot
// does no backslash, backquote or macro processing) and each quote as "\047", joined by gnuplot's
// '.' concatenation: 'it'."\047".'s'. gnuplot's own '' escape is not used: its scanner reads
// '''x' (a name starting with a quote) as an empty string and a stray token. Nor is "'": after
// it gnuplot's macro scanner believes it is outside quotes and expands an @x. Newlines and other
// control characters (which would end the command) become spaces, invalid UTF-8 bytes become
// '?' so SVG output stays valid XML.
std::string gnuplot_quote(std::string_view text);

// The same for a tic label in `set xtics ('label' x, ...)`, where gnuplot reads the label as a
// printf-style format: '%' is doubled so a name cannot print a number in its place. Labels
// longer than 44 bytes end in "..." (gnuplot would cut them at ~50 bytes without saying).
std::string gnuplot_quote_tic(std::string_view text);

// Text for a label: "latency (ms)"; just `what` when unit is empty. Not yet quoted.
std::string axis_label(std::string_view what, std::string_view unit);

// A value for a label or legend: "41.2ms" for a "ms" series (adaptive unit), "1.23e+04 bytes"
// style with 4 significant digits otherwise. Not yet quoted.
std::string label_value(double value, std::string_view unit);

// The unit a series reads best in, and the factor that takes its values there. A "ms" series
// whose typical value (the median) is 1000 or more reads in s (an ESP32 upload of 1467 ms: tics
// 1.4, 1.5 s, not 1400, 1500 ms); one whose largest value is below 1 reads in us (a 30 us
// connect, not 0.03 ms). Any other unit is kept as it is.
struct DisplayUnit {
  std::string unit;
  double factor = 1;  // shown value = value * factor
};
DisplayUnit display_unit(std::string_view unit, double typical, double largest);

// True for the units of durations ("ms", "s", "us", "ns"): their axes start at zero.
bool is_time_unit(std::string_view unit);

// `value` in the fewest decimals (up to 9) that hold it to 1e-9 of `scale` (a bin width): drops
// the noise of sums like 0.1 + 0.2 ("0.30000000000000004" -> "0.3").
std::string round_number(double value, double scale);

// A 1-2-5 step that cuts `span` into about `count` intervals (for tics of small panels).
double nice_step(double span, int count);

// "plot a, \\\n     b, ...": joins plot elements into one command.
std::string plot_command(const std::vector<std::string>& elements);

// The colour of the i-th series / profile (Okabe-Ito, colour-blind safe), as "#rrggbb". Every
// plot colours its inputs by position, so a profile keeps its colour across plots.
std::string_view series_colour(std::size_t index);
// Colours reserved for markers, distinct from the series colours' roles.
inline constexpr std::string_view k_error_colour = "#c00000";
inline constexpr std::string_view k_timeout_colour = "#7b3294";
inline constexpr std::string_view k_warmup_colour = "#e6e6e6";
inline constexpr std::string_view k_event_colour = "#555555";  // a reboot on the timeline

// Appends `value` in the shortest form that reads back to the same double ("NaN" when it is
// not finite, which gnuplot treats as a missing point).
void append_number(std::string& out, double value);

class GnuplotScript {
 public:
  // Starts the script: terminal (pngcairo / svg at the options' size, output to stdout: the
  // runner sends stdout to the file, so no path is ever written into the script) and the
  // common style (grid, no mirrored tics, no enhanced-text markup in labels).
  explicit GnuplotScript(const PlotOptions& options);

  // A command we wrote; must not contain user text except through gnuplot_quote().
  void command(std::string_view text);

  // `$name << EOD`, one line per row with the columns' values, `EOD`. All columns must have
  // the same length; `name` is ours ([A-Za-z0-9_]), never user text.
  void data_block(std::string_view name, std::span<const std::span<const double>> columns);
  void data_block(std::string_view name, std::initializer_list<std::span<const double>> columns) {
    data_block(name, std::span<const std::span<const double>>(columns.begin(), columns.size()));
  }

  const std::string& text() const { return m_text; }

 private:
  std::string m_text;
};

}  // namespace latbench::report
