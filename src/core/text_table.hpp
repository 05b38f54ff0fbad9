#pragma once
// The one aligned text table of the terminal reports (run, analyze, compare, plot): columns with
// an alignment, an optional bar before them, and the ones a narrow terminal can do without.
#include <cstddef>
#include <string>
#include <vector>

namespace latbench {

// What a report prints in: 100 columns unless --wide (then everything, however wide).
struct TextWidth {
  static constexpr std::size_t k_default = 100;
  bool wide = false;
  std::size_t limit = k_default;
  bool fits(std::size_t width) const { return wide || width <= limit; }
};

class TextTable {
 public:
  enum class Align { left, right };
  struct Column {
    std::string header;
    Align align = Align::right;
    bool optional = false;    // dropped when the whole table would not fit the width
    bool bar_before = false;  // "  | " instead of "  " before this column
  };

  explicit TextTable(std::vector<Column> columns);
  // One row; missing cells are empty, extra cells are an error (std::invalid_argument).
  void add_row(std::vector<std::string> cells);
  std::size_t rows() const { return m_rows.size(); }

  // Header and rows, each line ending with '\n' and without trailing blanks. Every column when
  // the table fits `width`; else the optional ones are left out (hidden_headers() names them).
  std::string render(const TextWidth& width = {}) const;
  // The widest line with every column.
  std::size_t full_width() const;
  // Whether render(width) leaves columns out (a report then says "--wide adds ...").
  bool hides_columns(const TextWidth& width) const;
  // The headers of the columns render(width) leaves out, in order.
  std::vector<std::string> hidden_headers(const TextWidth& width) const;

 private:
  std::vector<std::size_t> widths() const;
  std::size_t width_of(const std::vector<std::size_t>& widths, bool with_optional) const;

  std::vector<Column> m_columns;
  std::vector<std::vector<std::string>> m_rows;
};

// `text` broken at spaces into lines of at most `width` columns (a longer word stays whole); lines
// after the first start with `indent`. Each line ends with '\n'.
std::string wrap_text(const std::string& text, std::size_t width = TextWidth::k_default,
                      const std::string& indent = "  ");

// Display columns of UTF-8 text (code points; the sparklines' blocks are one column each).
std::size_t display_width(const std::string& text);

}  // namespace latbench
