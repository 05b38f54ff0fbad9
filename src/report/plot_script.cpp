#include "report/plot_script.hpp"

#include "core/duration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace latbench::report {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when the bytes there are not one
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned code = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) { length = 2; code = lead & 0x1Fu; }
  else if (lead >= 0xE0 && lead <= 0xEF) { length = 3; code = lead & 0x0Fu; }
  else if (lead >= 0xF0 && lead <= 0xF4) { length = 4; code = lead & 0x07u; }
  else return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000)) return 0;  // overlong
  if (code >= 0xD800 && code <= 0xDFFF) return 0;                                  // surrogate
  if (code > 0x10FFFF) return 0;
  return length;
}

bool valid_block_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string gnuplot_quote(std::string_view text) {
  // First the text as it may stand between quotes, then cut at each quote.
  std::string clean;
  clean.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      clean.push_back('?');
      ++i;
      continue;
    }
    if (length == 1) {
      const auto c = static_cast<unsigned char>(text[i]);
      clean.push_back(c < 0x20 || c == 0x7F ? ' ' : static_cast<char>(c));  // a newline would end the command
    } else {
      clean.append(text.substr(i, length));
    }
    i += length;
  }
  if (clean.find('\'') == std::string::npos) return "'" + clean + "'";
  std::string out;
  for (std::size_t start = 0; start <= clean.size();) {
    const std::size_t quote = std::min(clean.find('\'', start), clean.size());
    if (quote > start) {
      if (!out.empty()) out.push_back('.');
      out += "'" + clean.substr(start, quote - start) + "'";
    }
    if (quote == clean.size()) break;
    if (!out.empty()) out.push_back('.');
    out += "\"\\047\"";  // octal: a bare ' between double quotes upsets gnuplot's macro scanner
    start = quote + 1;
  }
  return out;
}

std::string gnuplot_quote_tic(std::string_view text) {
  // gnuplot cuts tic labels at about 50 bytes: shorten first, on a character boundary, and say so.
  constexpr std::size_t k_max = 44;
  std::string shortened;
  if (text.size() > k_max) {
    std::size_t cut = k_max - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
    shortened = std::string(text.substr(0, cut)) + "...";
    text = shortened;
  }
  std::string doubled;
  for (char c : text) {
    doubled.push_back(c);
    if (c == '%') doubled.push_back('%');
  }
  return gnuplot_quote(doubled);
}

std::string axis_label(std::string_view what, std::string_view unit) {
  if (unit.empty()) return std::string(what);
  return fmt::format("{} ({})", what, unit);
}

std::string label_value(double value, std::string_view unit) {
  if (unit == "ms") return value == 0 ? "0ms" : format_ms(value);  // not "0ns"
  if (unit.empty()) return fmt::format("{:.4g}", value);
  return fmt::format("{:.4g} {}", value, unit);
}

DisplayUnit display_unit(std::string_view unit, double typical, double largest) {
  if (unit == "ms" && std::isfinite(typical) && typical >= 1000) return {"s", 1e-3};
  if (unit == "ms" && std::isfinite(largest) && largest > 0 && largest < 1) return {"us", 1e3};
  return {std::string(unit), 1};
}

bool is_time_unit(std::string_view unit) {
  return unit == "ms" || unit == "s" || unit == "us" || unit == "ns";
}

std::string round_number(double value, double scale) {
  if (!std::isfinite(value)) return "NaN";
  const double tolerance = 1e-9 * std::max(std::abs(scale), std::abs(value) * 1e-6);
  for (int decimals = 0; decimals <= 9; ++decimals) {
    const double p = std::pow(10.0, decimals);
    const double rounded = std::round(value * p) / p;
    if (std::abs(rounded - value) <= tolerance || decimals == 9) {
      std::string text = fmt::format("{:.{}f}", rounded, decimals);
      if (text == "-0") text = "0";
      return text;
    }
  }
  return fmt::format("{}", value);  // not reached
}

double nice_step(double span, int count) {
  if (!(span > 0) || count < 1) return 1;
  const double raw = span / count;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

std::string plot_command(const std::vector<std::string>& elements) {
  std::string out = "plot ";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i != 0) out += ", \\\n     ";
    out += elements[i];
  }
  return out;
}

std::string_view series_colour(std::size_t index) {
  // Okabe-Ito without its yellow (unreadable on white), then darker fallbacks.
  static constexpr std::array<std::string_view, 8> k_colours = {
      "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#000000", "#8c6d00"};
  return k_colours[index % k_colours.size()];
}

void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "NaN";
    return;
  }
  fmt::format_to(std::back_inserter(out), "{}", value);
}

GnuplotScript::GnuplotScript(const PlotOptions& options) {
  // noenhanced: user names may hold ^ _ @ { } which enhanced text would treat as markup.
  if (options.format == PlotFormat::png) {
    m_text = fmt::format("set terminal pngcairo size {},{} noenhanced font 'Sans,11' linewidth 1.2\n",
                         options.width, options.height);
  } else {
    m_text = fmt::format("set terminal svg size {},{} noenhanced font 'Sans,11' linewidth 1.2 "
                         "background '#ffffff'\n", options.width, options.height);
  }
  m_text +=
      "set output\n"  // stdout: the runner points it at the file
      "set encoding utf8\n"
      "set border 3 lc rgb '#555555'\n"
      "set tics nomirror\n"
      "set grid xtics ytics lc rgb '#dddddd' lw 1 dt 1\n"
      "set key top left opaque box lc rgb '#cccccc'\n"
      "set style fill solid 1.0 noborder\n";
}

void GnuplotScript::command(std::string_view text) {
  m_text.append(text);
  m_text.push_back('\n');
}

void GnuplotScript::data_block(std::string_view name,
                               std::span<const std::span<const double>> columns) {
  if (!valid_block_name(name)) throw std::invalid_argument("gnuplot data block name must be [A-Za-z0-9_]+");
  const std::size_t rows = columns.empty() ? 0 : columns[0].size();
  for (const auto& column : columns) {
    if (column.size() != rows) throw std::invalid_argument("gnuplot data block columns differ in length");
  }
  m_text.reserve(m_text.size() + rows * columns.size() * 12 + 32);
  m_text += '$';
  m_text.append(name);
  m_text += " << EOD\n";
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c != 0) m_text.push_back(' ');
      append_number(m_text, columns[c][r]);
    }
    m_text.push_back('\n');
  }
  m_text += "EOD\n";
}

}  // namespace latbench::report
