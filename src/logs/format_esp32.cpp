// ESP32 / Arduino serial logs: each request prints a "---- Network Message Timings ----" block of
// "<what>: <n> ms" lines ending with "Total Time ...". Optional PlatformIO monitor time prefix
// ("20:04:00.583 > "). Hand-written scanning: this format is the one people have gigabytes of.
//
// Decisions (see issue 5):
// - an HTTPClient error line ("[HTTP] POST... failed, error: read Timeout", "[HTTP] Error:
//   connection refused") marks the block being printed — or, when none is open, the next one,
//   since the sketch prints the error before its timings — as failed; its timings stay in the
//   series (a timeout is time the device waited) and the error is counted by kind;
// - a block cut short (reset / boot banner, a new block, or the end of the log before its Total
//   line) is skipped as "incomplete block" with the line where it started;
// - "Free Heap: N bytes" lines form the free_heap series (bytes), with its trend as a note;
// - boots (rst:) and error lines are kept as events for the timeline, when it is drawn.
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "logs/format.hpp"
#include "logs/scan.hpp"

namespace latbench::logs {
namespace {

constexpr std::string_view k_block_start = "---- Network Message Timings ----";
constexpr std::string_view k_total_prefix = "Total Time";

// Strips "HH:MM:SS.mmm > " (PlatformIO's time filter); returns false when there is none. Checked
// 8 bytes at a time: this runs on every line of multi-GB logs.
[[gnu::always_inline]] inline bool strip_time_prefix(std::string_view& text) {
  if (text.size() < 15 || text[14] != ' ') return false;
  std::uint64_t a, b;
  std::memcpy(&a, text.data(), 8);      // "HH:MM:SS"
  std::memcpy(&b, text.data() + 7, 8);  // "S.mmm > "
  // Little-endian byte masks: digits where 0x30..0x39 is expected, literals elsewhere.
  constexpr std::uint64_t k_a_digits = 0xFFFF00FFFF00FFFFull & 0xF0F0F0F0F0F0F0F0ull;
  constexpr std::uint64_t k_a_colons = 0x00003A00003A0000ull;
  constexpr std::uint64_t k_b_digits = 0x000000FFFFFF0000ull & 0xF0F0F0F0F0F0F0F0ull;  // "mmm" at 2..4
  constexpr std::uint64_t k_b_literal = 0x203E200000002E00ull;  // '.' at 1; ' ' '>' ' ' at 5..7
  auto digits_ok = [](std::uint64_t w, std::uint64_t mask) {
    return (w & mask) == (0x3030303030303030ull & mask) && ((w + 0x0606060606060606ull) & mask) == (0x3030303030303030ull & mask);
  };
  if (!digits_ok(a, k_a_digits) || (a & 0x0000FF0000FF0000ull) != k_a_colons) return false;
  if (!digits_ok(b, k_b_digits) || (b & 0xFFFFFF000000FF00ull) != k_b_literal) return false;
  text.remove_prefix(15);
  return true;
}

// Time of day in ms of a line that had the prefix (`line` is the unstripped text).
double prefix_time_ms(std::string_view line) {
  auto two = [&](std::size_t i) { return (line[i] - '0') * 10 + (line[i + 1] - '0'); };
  return ((two(0) * 60.0 + two(3)) * 60.0 + two(6)) * 1000.0 + (line[9] - '0') * 100 + (line[10] - '0') * 10 +
         (line[11] - '0');
}

// The boot banner / panic lines an ESP32 prints when it resets.
bool is_reset_line(std::string_view t) {
  return t.starts_with("ets ") || t.starts_with("rst:") || t.starts_with("Rebooting...") ||
         t.starts_with("Guru Meditation Error") || t.starts_with("ESP-ROM:");
}

// HTTPClient::errorToString texts -> short, stable kind names.
std::string error_kind(std::string_view message) {
  message = trim_spaces(message);
  struct Known { std::string_view text, kind; };
  static constexpr std::array<Known, 11> k_known{{{"connection refused", "refused"},
                                                  {"read Timeout", "timeout"},
                                                  {"connection lost", "connection_lost"},
                                                  {"send header failed", "send_failed"},
                                                  {"send payload failed", "send_failed"},
                                                  {"not connected", "not_connected"},
                                                  {"no stream", "no_stream"},
                                                  {"no HTTP server", "no_http_server"},
                                                  {"too less ram", "out_of_memory"},
                                                  {"Transfer-Encoding not supported", "unsupported_encoding"},
                                                  {"Stream write error", "stream_write"}}};
  for (const auto& k : k_known)
    if (message.starts_with(k.text)) return std::string(k.kind);
  std::string kind = snake_case(message.substr(0, 40));
  return kind.empty() ? "other" : kind;
}

// The error message of an HTTPClient error line, or empty when the line is not one.
std::string_view error_message(std::string_view t) {
  if (t.starts_with("read Timeout") || t.starts_with("connection refused")) return t;
  if (t.empty() || t.front() != '[') return {};
  for (std::string_view marker : {"error: ", "Error: "}) {
    auto pos = t.find(marker);
    if (pos != std::string_view::npos) return t.substr(pos + marker.size());
  }
  return {};
}

class Esp32Format final : public Format {
 public:
  std::string name() const override { return "esp32"; }

  int sniff(const std::vector<std::string_view>& head) const override {
    int starts = 0, timings = 0;
    for (auto line : head) {
      strip_time_prefix(line);
      if (line == k_block_start) ++starts;
      else if (line.starts_with("Free Heap: ") || (line.ends_with(" ms") && line.find(" Time") != std::string_view::npos)) ++timings;
    }
    return starts > 0 || timings > 1 ? starts * 4 + timings : 0;
  }

  void parse(LineReader& reader, LogData& out) override {
    parse_part(reader, out);
    finish(out);
  }

  std::unique_ptr<Format> fresh() const override { return std::make_unique<Esp32Format>(); }

  // Parts start at a block's first line: what a block records is then known from its own lines,
  // except an error printed before it (pending_failed), which join_part() carries over.
  std::size_t part_start(std::string_view text) const override {
    for (std::size_t at = 0;;) {
      const auto nl = text.find('\n', at);
      if (nl == std::string_view::npos) return std::string_view::npos;
      std::string_view line = text.substr(at, nl - at);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      strip_time_prefix(line);
      if (line == k_block_start) return at;
      at = nl + 1;
    }
  }

  void parse_part(LineReader& reader, LogData& out) override {
    RecordTable& table = out.table;
    const std::size_t c_send = table.column("send"), c_receive = table.column("receive"),
                      c_command = table.column("command"), c_total = table.column("total");
    struct Cell { std::size_t column; double value; };
    std::vector<Cell> cells;        // the open block's values, committed at its Total line
    bool open = false, failed = false, pending_failed = false;
    std::uint64_t open_line = 0;
    double block_time = -1, device_time = -1;
    std::uint64_t complete_requests = 0, failed_requests = 0;  // into out.counts at the end

    auto abandon = [&] {
      if (open) out.skipped.add("incomplete block", open_line);
      open = false;
      cells.clear();
    };

    reader.for_each([&](const Line& line) {
      ++out.lines;
      std::string_view t = line.text;
      const bool prefixed = strip_time_prefix(t);
      if (t == k_block_start) {
        abandon();
        open = true;
        open_line = line.number;
        failed = pending_failed;
        pending_failed = false;
        block_time = prefixed ? prefix_time_ms(line.text) : -1;
        device_time = -1;
        return;
      }
      if (open) {
        auto colon = t.find(": ");
        if (colon != std::string_view::npos && t.ends_with(" ms")) {
          std::string_view key = t.substr(0, colon);
          std::string_view rest = t.substr(colon + 2, t.size() - colon - 5);
          double v = 0;
          switch (parse_number(rest, v)) {
            case NumberStatus::out_of_range: out.skipped.add(k_skip_range, line.number); return;
            case NumberStatus::none: break;
            case NumberStatus::ok: {
              if (key.starts_with(k_total_prefix)) {
                // (A last line cut mid-number cannot get here: it would lack the " ms" suffix.)
                if (open_line == 1 && m_first_block_row == k_none) {  // see join_part()
                  m_first_block_row = table.rows();
                  m_first_block_failed = failed;
                }
                table.begin_row();
                for (const auto& c : cells) table.set(c.column, c.value);
                table.set(c_total, v);
                // The monitor's clock first: the device's uptime starts again at every reset.
                if (block_time >= 0) table.set_timestamp(block_time);
                else if (device_time >= 0) table.set_timestamp(device_time);
                table.set_failed(failed);
                if (failed) ++failed_requests;
                ++complete_requests;
                open = false;
                cells.clear();
              } else if (key == "Payload Created At") {
                device_time = v;
              } else if (key == "Network Send Time After Payload Creation") {
                cells.push_back({c_send, v});
              } else if (key == "Network Receive Time - After Send") {
                cells.push_back({c_receive, v});
              } else if (key == "Command End Time - After Receive") {
                cells.push_back({c_command, v});
              } else {
                cells.push_back({table.column(snake_case(key)), v});
              }
              return;
            }
          }
        }
      }
      if (t.starts_with("Free Heap: ")) {
        std::string_view rest = t.substr(11);
        const bool whole = rest.ends_with(" bytes");  // without it, a last line may be cut mid-number
        if (whole) rest.remove_suffix(6);
        double v = 0;
        auto s = parse_number(rest, v);
        if (s == NumberStatus::out_of_range) out.skipped.add(k_skip_range, line.number);
        else if (line.unterminated && !whole) out.skipped.add(k_skip_truncated, line.number);
        else if (s == NumberStatus::ok) {
          // About one reading per block: planned like the table's columns, so that joining the
          // parts' readings needs no second copy (it set analyze's peak memory).
          if (m_heap.values.size() == m_heap.values.capacity()) grow_column(m_heap.values, table.reserved_rows());
          m_heap.values.push_back(v);
        }
        else ++out.ignored;
        return;
      }
      if (auto msg = error_message(t); !msg.empty()) {
        std::string kind = error_kind(msg);
        if (table.keeps_timestamps()) {
          out.events.push_back({kind, table.rows(), prefixed ? prefix_time_ms(line.text) : k_missing});
        }
        ++out.counts["error"][std::move(kind)];
        if (open) failed = true;
        else pending_failed = true;
        return;
      }
      if (is_reset_line(t)) {
        abandon();
        if (t.starts_with("rst:")) {
          ++out.counts["device"]["boots (rst:)"];
          if (table.keeps_timestamps()) {
            out.events.push_back({"boot", table.rows(), prefixed ? prefix_time_ms(line.text) : k_missing});
          }
        }
        pending_failed = false;
        return;
      }
      ++out.ignored;
    }, out.skipped);
    // A part ends where the next block starts (or the log ends): the open block is abandoned
    // here as that block's start would abandon it.
    abandon();
    m_pending_failed = pending_failed;
    if (complete_requests) out.counts["requests"]["complete"] += complete_requests;
    if (failed_requests) out.counts["requests"]["failed"] += failed_requests;
  }

  // An error line at the end of this part marks the next part's first block as failed.
  void join_part(Format& next_format, LogData& out, std::size_t first_row) override {
    auto& next = static_cast<Esp32Format&>(next_format);
    if (m_pending_failed && next.m_first_block_row != k_none && !next.m_first_block_failed) {
      out.table.set_failed_at(first_row + next.m_first_block_row);
      ++out.counts["requests"]["failed"];
    }
    m_pending_failed = next.m_pending_failed;
    m_heap.values.insert(m_heap.values.end(), next.m_heap.values.begin(), next.m_heap.values.end());
    next.m_heap.values = {};
  }

  void finish(LogData& out) override {
    place_events(out);
    // The named columns exist even when unused; drop the empty ones so they do not print.
    RecordTable& table = out.table;
    auto& cols = table.columns();
    std::erase_if(cols, [&](const Column& c) {
      return table.streaming() ? c.sketch->count() == 0 : c.values.empty();
    });
    if (!m_heap.values.empty()) {
      add_heap_note(m_heap, out);
      out.extra_series.push_back(std::move(m_heap));
      m_heap = Series{"free_heap", "bytes", {}, {}};
    }
  }

 private:
  // Least-squares slope of free heap per reading: a steady fall is a leak.
  static void add_heap_note(const Series& heap, LogData& out) {
    const auto n = static_cast<double>(heap.values.size());
    if (heap.values.size() < 3) return;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < heap.values.size(); ++i) {
      const double x = static_cast<double>(i), y = heap.values[i];
      sx += x; sy += y; sxx += x * x; sxy += x * y;
    }
    const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    out.notes.push_back(fmt::format(
        "free heap: {:.0f} -> {:.0f} bytes over {} readings, trend {:+.1f} bytes per reading{}",
        heap.values.front(), heap.values.back(), heap.values.size(), slope,
        slope < -1 ? " (falling: possible leak)" : ""));
  }

  static constexpr std::size_t k_none = SIZE_MAX;
  Series m_heap{"free_heap", "bytes", {}, {}};
  bool m_pending_failed = false;           // an error line after this part's last block
  std::size_t m_first_block_row = k_none;  // row of the block opened at the part's first line
  bool m_first_block_failed = false;       // ... and whether its own lines marked it failed
};

}  // namespace

std::unique_ptr<Format> make_esp32_format(const FormatOptions&) { return std::make_unique<Esp32Format>(); }

}  // namespace latbench::logs
