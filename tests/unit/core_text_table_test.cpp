#include <gtest/gtest.h>

#include "core/text_table.hpp"

using latbench::TextTable;
using latbench::TextWidth;
using latbench::wrap_text;
using Align = TextTable::Align;

TEST(CoreTextTable, AlignsLeftAndRightAndTrimsTrailingBlanks) {
  TextTable t({{"series", Align::left}, {"n"}, {"p50"}});
  t.add_row({"send", "11", "1.00ms"});
  t.add_row({"free_heap", "2"});
  EXPECT_EQ(t.render(),
            "series      n     p50\n"
            "send       11  1.00ms\n"
            "free_heap   2\n");
}

TEST(CoreTextTable, BarBeforeAColumn) {
  TextTable t({{"a", Align::left}, {"b", Align::right, false, true}});
  t.add_row({"x", "1"});
  EXPECT_EQ(t.render(), "a  | b\nx  | 1\n");
}

TEST(CoreTextTable, OptionalColumnsGoOnlyWhenTheTableWouldNotFit) {
  TextTable t({{"k", Align::left}, {"wide", Align::right, true}, {"v"}});
  t.add_row({"a", std::string(20, 'w'), "1"});
  EXPECT_EQ(t.full_width(), 1 + 2 + 20 + 2 + 1u);
  EXPECT_EQ(t.render(TextWidth{false, 30}), "k                  wide  v\na  wwwwwwwwwwwwwwwwwwww  1\n");
  EXPECT_FALSE(t.hides_columns(TextWidth{false, 30}));
  EXPECT_EQ(t.render(TextWidth{false, 20}), "k  v\na  1\n");
  EXPECT_EQ(t.hidden_headers(TextWidth{false, 20}), std::vector<std::string>{"wide"});
  EXPECT_EQ(t.render(TextWidth{true, 20}), t.render(TextWidth{false, 30}));  // --wide: all of it
}

TEST(CoreTextTable, CountsCodePointsNotBytes) {
  TextTable t({{"s", Align::left}, {"v"}});
  t.add_row({"µs", "1"});
  t.add_row({"ab", "22"});
  EXPECT_EQ(t.render(), "s    v\nµs   1\nab  22\n");
}

TEST(CoreTextTable, RejectsMoreCellsThanColumns) {
  TextTable t({{"a"}});
  EXPECT_THROW(t.add_row({"1", "2"}), std::invalid_argument);
}

TEST(CoreWrapText, BreaksAtSpacesWithinTheWidthAndIndentsTheRest) {
  EXPECT_EQ(wrap_text("one two three four", 9, "  "), "one two\n  three\n  four\n");
  EXPECT_EQ(wrap_text("short", 100), "short\n");
  EXPECT_EQ(wrap_text("averyveryverylongword x", 5, ""), "averyveryverylongword\nx\n");
  EXPECT_EQ(wrap_text("", 10), "\n");
  for (std::size_t w : {20u, 40u, 100u}) {
    const std::string text = wrap_text("95% intervals. A change counts (faster/slower) only when the Holm-adjusted p "
                                       "< 0.05 and the whole interval lies beyond +-2%", w);
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = text.find('\n', start);
      EXPECT_LE(end - start, w) << text;
      start = end + 1;
    }
  }
}
