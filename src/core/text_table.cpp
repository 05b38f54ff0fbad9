#include "core/text_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace latbench {

std::size_t display_width(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;  // count lead bytes, not continuation bytes
  return n;
}

TextTable::TextTable(std::vector<Column> columns) : m_columns(std::move(columns)) {}

void TextTable::add_row(std::vector<std::string> cells) {
  if (cells.size() > m_columns.size()) throw std::invalid_argument("TextTable: more cells than columns");
  cells.resize(m_columns.size());
  m_rows.push_back(std::move(cells));
}

std::vector<std::size_t> TextTable::widths() const {
  std::vector<std::size_t> w(m_columns.size(), 0);
  for (std::size_t i = 0; i < m_columns.size(); ++i) {
    w[i] = display_width(m_columns[i].header);
    for (const auto& row : m_rows) w[i] = std::max(w[i], display_width(row[i]));
  }
  return w;
}

std::size_t TextTable::width_of(const std::vector<std::size_t>& widths, bool with_optional) const {
  std::size_t total = 0;
  bool first = true;
  for (std::size_t i = 0; i < m_columns.size(); ++i) {
    if (m_columns[i].optional && !with_optional) continue;
    if (!first) total += m_columns[i].bar_before ? 4 : 2;
    total += widths[i];
    first = false;
  }
  return total;
}

std::size_t TextTable::full_width() const { return width_of(widths(), true); }

bool TextTable::hides_columns(const TextWidth& width) const {
  if (width.fits(full_width())) return false;
  return std::any_of(m_columns.begin(), m_columns.end(), [](const Column& c) { return c.optional; });
}

std::vector<std::string> TextTable::hidden_headers(const TextWidth& width) const {
  std::vector<std::string> out;
  if (!hides_columns(width)) return out;
  for (const Column& c : m_columns)
    if (c.optional) out.push_back(c.header);
  return out;
}

std::string TextTable::render(const TextWidth& width) const {
  const std::vector<std::size_t> w = widths();
  const bool all = !hides_columns(width);
  std::string out;
  auto line_of = [&](const std::vector<std::string>& cells) {
    std::string line;
    bool first = true;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      const Column& c = m_columns[i];
      if (c.optional && !all) continue;
      if (!first) line += c.bar_before ? "  | " : "  ";
      first = false;
      const std::size_t pad = w[i] - display_width(cells[i]);
      if (c.align == Align::right) line.append(pad, ' ');
      line += cells[i];
      if (c.align == Align::left) line.append(pad, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  };
  std::vector<std::string> header;
  for (const Column& c : m_columns) header.push_back(c.header);
  line_of(header);
  for (const auto& row : m_rows) line_of(row);
  return out;
}

std::string wrap_text(const std::string& text, std::size_t width, const std::string& indent) {
  // Leading blanks are the text's own indent ("  skipped ..."): kept on its first line.
  std::size_t start = text.find_first_not_of(' ');
  if (start == std::string::npos) start = text.size();
  std::string out, line = text.substr(0, start);
  const std::size_t lead = start;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (word.empty()) {  // runs of spaces collapse
      start = end + 1;
      continue;
    }
    const std::string prefix = out.empty() ? "" : indent;
    const bool fresh = line.size() == (out.empty() ? lead : 0);  // nothing but the indent yet
    if (!fresh && display_width(prefix + line + " " + word) > width) {
      out += prefix + line + '\n';
      line = word;
    } else {
      line += (fresh ? "" : " ") + word;
    }
    start = end + 1;
  }
  if (!line.empty() || out.empty()) out += (out.empty() ? "" : indent) + line + '\n';
  return out;
}

}  // namespace latbench
