// Ultralytics YOLO console output: "Speed: 1.2ms preprocess, 37.5ms inference, 0.4ms postprocess
// per image at shape (1, 3, 480, 640)" -> one record per line with each stage (ms) and their
// total. Validation runs add stages ("0.0ms loss"); every "<n>ms <stage>" pair is taken.
// A FastAPI + YOLO server prints uvicorn access lines to the same console: they are counted too.
#include <algorithm>
#include <cstdint>
#include "logs/count_map.hpp"
#include "logs/format.hpp"
#include "logs/scan.hpp"
#include "logs/uvicorn_access.hpp"

namespace latbench::logs {
namespace {

constexpr std::string_view k_speed = "Speed: ";

class UltralyticsFormat final : public Format {
 public:
  std::string name() const override { return "ultralytics"; }

  int sniff(const std::vector<std::string_view>& head) const override {
    int n = 0;
    for (auto line : head)
      if (line.find(k_speed) != std::string_view::npos && line.find("ms preprocess") != std::string_view::npos) n += 4;
    return n;
  }

  void parse(LineReader& reader, LogData& out) override {
    parse_part(reader, out);
    finish(out);
  }

  std::unique_ptr<Format> fresh() const override { return std::make_unique<UltralyticsFormat>(); }

  // Every line stands alone.
  std::size_t part_start(std::string_view) const override { return 0; }

  void parse_part(LineReader& reader, LogData& out) override {
    RecordTable& table = out.table;
    struct Slot { std::string name; std::size_t column; };
    std::vector<Slot> slots;  // stage name -> column, in first-seen order
    const std::size_t c_total = table.column("total");
    struct Cell { std::size_t column; double value; };
    std::vector<Cell> cells;
    UvicornCounts& access = m_access;
    CountMap& shapes = m_shapes;  // added to out.counts at the end: no std::string per line

    reader.for_each([&](const Line& line) {
      ++out.lines;
      const auto at = starts_with_literal(line.text, "Speed: ") ? 0 : line.text.find(k_speed);
      if (at == std::string_view::npos) {
        if (!access.add(line.text)) ++out.ignored;
        return;
      }
      std::string_view t = line.text.substr(at + k_speed.size());
      cells.clear();
      double total = 0;
      for (;;) {
        double v = 0;
        auto status = scan_number(t, v);
        if (status == NumberStatus::out_of_range) { out.skipped.add(k_skip_range, line.number); return; }
        if (status != NumberStatus::ok || !starts_with_literal(t, "ms ")) break;
        t.remove_prefix(3);
        std::size_t end = 0;  // up to ',' or ' ' (find_first_of calls memchr per character)
        while (end < t.size() && t[end] != ',' && t[end] != ' ') ++end;
        std::string_view stage = t.substr(0, end);
        if (stage.empty()) break;
        // Lines repeat their stages in the same order: the slot at this position nearly always.
        std::size_t column = SIZE_MAX;
        if (cells.size() < slots.size() && slots[cells.size()].name == stage) column = slots[cells.size()].column;
        else
          for (const auto& s : slots)
            if (s.name == stage) column = s.column;
        if (column == SIZE_MAX) {
          if (stage == "per" || stage == "total") break;
          column = table.column(stage);
          slots.push_back({std::string(stage), column});
        }
        cells.push_back({column, v});
        total += v;
        t.remove_prefix(stage.size());
        if (!starts_with_literal(t, ", ")) break;
        t.remove_prefix(2);
      }
      if (cells.empty()) { out.skipped.add("malformed Speed line", line.number); return; }
      if (line.unterminated && !t.starts_with(" per image")) {  // cut mid-line: last stage may be partial
        out.skipped.add(k_skip_truncated, line.number);
        return;
      }
      table.begin_row();
      for (const auto& c : cells) table.set(c.column, c.value);
      table.set(c_total, total);
      if (auto shape = t.find("shape "); shape != std::string_view::npos) {
        // Consecutive lines nearly always share the shape: count runs, hash once per run.
        const std::string_view text = t.substr(shape + 6);
        if (m_run_count > 0 && text == m_run_shape) {
          ++m_run_count;
        } else {
          if (m_run_count > 0) add_count(shapes, m_run_shape, m_run_count);
          m_run_shape.assign(text);
          m_run_count = 1;
        }
      }
    }, out.skipped);
    if (m_run_count > 0) add_count(shapes, m_run_shape, m_run_count);
    m_run_count = 0;
  }

  void join_part(Format& next_format, LogData&, std::size_t) override {
    auto& next = static_cast<UltralyticsFormat&>(next_format);
    m_access.merge(next.m_access);
    for (const auto& [shape, n] : next.m_shapes) add_count(m_shapes, shape, n);
  }

  void finish(LogData& out) override {
    m_access.finish(out);
    for (const auto& [shape, n] : m_shapes) out.counts["shape"][shape] += n;
    // Show stages first, then their total.
    auto& cols = out.table.columns();
    if (!cols.empty() && cols.front().name == "total") std::rotate(cols.begin(), cols.begin() + 1, cols.end());
  }

 private:
  UvicornCounts m_access;
  CountMap m_shapes;
  std::string m_run_shape;
  std::uint64_t m_run_count = 0;
};

}  // namespace

std::unique_ptr<Format> make_ultralytics_format(const FormatOptions&) { return std::make_unique<UltralyticsFormat>(); }

}  // namespace latbench::logs
