// latbench run's own samples.jsonl (fields and rules in docs/samples.md): one request per line.
// Warm-up requests are counted, not analysed. Series: total, dns, connect, tls, upload, ttfb,
// server_<stage> (from Server-Timing), network_overhead, latency_from_intended, bytes up/down;
// which request feeds which is samples::sample_role, the rule `run` and `compare` use.
// The record id is "seq", so two runs (or a run and a server log) can be joined by request.
// Lines are read by the samples module's one line parser (samples/line.hpp), which keeps
// nlohmann::json's reading of them; unlike a Sample, a member of the wrong type is only left out.
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "core/json_line.hpp"
#include "core/text.hpp"
#include "logs/format.hpp"
#include "logs/scan.hpp"
#include "samples/line.hpp"
#include "samples/series_rule.hpp"

namespace latbench::logs {
namespace {

namespace dom = simdjson::dom;
using samples::Key;
using samples::k_phase_count;

// The counts category of the requests the rule leaves out of total, by error class.
constexpr const char* k_left_out = "not in total";

class LatbenchFormat final : public Format {
 public:
  std::string name() const override { return "latbench"; }

  int sniff(const std::vector<std::string_view>& head) const override {
    int n = 0;
    for (auto line : head) {
      if (line.starts_with("{") && line.find("\"seq\"") != std::string_view::npos &&
          line.find("\"total_ms\"") != std::string_view::npos)
        n += 5;  // beats plain jsonl
    }
    return n;
  }

  void parse(LineReader& reader, LogData& out) override {
    parse_part(reader, out);
    finish(out);
  }

  // One request per line; only the dropping of empty columns waits for the whole log.
  std::unique_ptr<Format> fresh() const override { return std::make_unique<LatbenchFormat>(); }
  std::size_t part_start(std::string_view) const override { return 0; }

  void parse_part(LineReader& reader, LogData& out) override {
    for (std::size_t i = 0; i < k_phase_count; ++i) {
      const std::string_view key = samples::k_key_names[i];
      m_phase_columns[i] = out.table.column(key.substr(0, key.size() - 3));  // "total_ms": "total"
    }
    reader.for_each([&](const Line& line) { parse_line(line, out); }, out.skipped);
  }

  // A phase no request had (no dns_ms on keep-alive runs) is no series.
  void finish(LogData& out) override {
    if (const auto it = out.counts.find(k_left_out); it != out.counts.end()) {
      std::uint64_t n = 0;
      for (const auto& [error, count] : it->second) n += count;
      out.notes.push_back(fmt::format("{} without an HTTP answer (not timeouts) are left out of total and its phases, as "
                                      "run and compare leave them out (docs/samples.md)", counted(n, "request")));
    }
    RecordTable& table = out.table;
    std::erase_if(table.columns(), [&](const Column& c) {
      return table.streaming() ? c.sketch->count() == 0 : c.values.empty();
    });
  }

 private:
  void parse_line(const Line& line, LogData& out) {
    ++out.lines;
    if (m_parser.parse(line.text, m_line) != samples::LineShape::object) {
      out.skipped.add(line.unterminated ? k_skip_truncated : "invalid JSON", line.number);
      return;
    }
    const samples::SampleLine& slots = m_line;
    if (const auto& w = slots[Key::warmup]) {
      bool is_warmup = false;
      if (w->get(is_warmup)) { out.skipped.add("warmup not true or false", line.number); return; }
      if (is_warmup) { ++out.counts["requests"]["warmup"]; return; }
    }
    // Which series this request feeds: the rule run, compare and plot use too (docs/samples.md).
    std::string_view error_name, conn_name;
    const bool has_error = slots[Key::error] && !slots[Key::error]->get(error_name);
    const bool has_conn = slots[Key::conn] && !slots[Key::conn]->get(conn_name);
    const auto code = slots[Key::status] ? json_integer_text(*slots[Key::status]) : std::nullopt;
    int status_code = 0;
    if (code) std::from_chars(code->data(), code->data() + code->size(), status_code);
    const samples::SampleRole role =
        samples::sample_role(status_code, has_error && error_name == "timeout", !has_conn || conn_name == "new");
    RecordTable& table = out.table;
    table.begin_row();
    ++out.counts["requests"]["measured"];
    for (std::size_t i = 0; i < k_phase_count; ++i) {
      const auto key = static_cast<Key>(i);
      const bool wanted = key == Key::total_ms || key == Key::latency_from_intended_ms           ? role.total
                          : key == Key::dns_ms || key == Key::connect_ms || key == Key::tls_ms ? role.connection
                                                                                               : role.answer;
      if (!wanted) continue;
      if (const auto v = slots[key] ? json_number(*slots[key]) : std::nullopt) table.set(m_phase_columns[i], *v);
    }
    if (!role.total) ++out.counts[k_left_out][has_error ? std::string(error_name) : std::string("no answer")];
    if (dom::object stages; role.answer && slots[Key::server] && !slots[Key::server]->get(stages)) {
      sorted_members(stages, m_members);  // columns appear in key order, as they did
      for (const auto& m : m_members) {
        if (const auto v = json_number(m.value)) {
          m_name.assign("server_").append(m.key);
          table.set(table.column(m_name), *v);
        }
      }
    }
    for (const Key k : {Key::bytes_up, Key::bytes_down})
      if (const auto v = slots[k] ? json_number(*slots[k]) : std::nullopt) table.set(table.column(samples::key_name(k), "bytes"), *v);
    if (slots[Key::seq] && table.keeps_ids())
      if (const auto id = json_integer_text(*slots[Key::seq])) table.set_id(*id);
    if (slots[Key::start_ms] && table.keeps_timestamps())
      if (const auto ms = json_number(*slots[Key::start_ms])) table.set_timestamp(*ms);
    if (has_error) {
      ++out.counts["error"][std::string(error_name)];
      table.set_failed();
    }
    if (code) ++out.counts["status"][*code];
    if (has_conn) ++out.counts["connection"][std::string(conn_name)];
  }
  std::array<std::size_t, k_phase_count> m_phase_columns{};
  samples::SampleLineParser m_parser;
  samples::SampleLine m_line;                  // the current line's members, reused
  std::vector<dom::key_value_pair> m_members;  // the current line's server stages, reused
  std::string m_name;                          // the current column name, reused
};

}  // namespace

std::unique_ptr<Format> make_latbench_format(const FormatOptions&) { return std::make_unique<LatbenchFormat>(); }

}  // namespace latbench::logs
