// latbench run's own samples.jsonl (fields and rules in docs/samples.md): one request per line.
// Warm-up requests are counted, not analysed. Series: total, dns, connect, tls, upload, ttfb,
// server_<stage> (from Server-Timing), network_overhead, latency_from_intended, bytes up/down;
// which request feeds which is client::sample_role, the rule `run` and `compare` use.
// The record id is "seq", so two runs (or a run and a server log) can be joined by request.
// Lines are read by json_line.hpp, which keeps nlohmann::json's reading of them.
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "client/sample_series_rule.hpp"
#include "core/text.hpp"

#include "logs/format.hpp"
#include "logs/json_line.hpp"
#include "logs/scan.hpp"

namespace latbench::logs {
namespace {

namespace dom = simdjson::dom;

constexpr std::array<std::string_view, 8> k_phases{"total_ms", "dns_ms", "connect_ms", "tls_ms", "upload_ms", "ttfb_ms",
                                                   "network_overhead_ms", "latency_from_intended_ms"};
// Every key read, the phases first: a line's members are sorted into these slots in one pass.
constexpr std::array<std::string_view, 17> k_keys{
    "total_ms", "dns_ms", "connect_ms", "tls_ms", "upload_ms", "ttfb_ms", "network_overhead_ms", "latency_from_intended_ms",
    "warmup", "server", "bytes_up", "bytes_down", "seq", "start_ms", "error", "status", "conn"};
// The counts category of the requests the rule leaves out of total, by error class.
constexpr const char* k_left_out = "not in total";
enum Phase : std::size_t { k_total, k_dns, k_connect, k_tls, k_upload, k_ttfb, k_overhead, k_from_intended };
enum Slot : std::size_t { warmup = k_phases.size(), server, bytes_up, bytes_down, seq, start_ms, error, status, conn };

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
    for (std::size_t i = 0; i < k_phases.size(); ++i)
      m_phase_columns[i] = out.table.column(k_phases[i].substr(0, k_phases[i].size() - 3));
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
    const auto object = m_parser.parse_object(line.text);
    if (!object) {
      out.skipped.add(line.unterminated ? k_skip_truncated : "invalid JSON", line.number);
      return;
    }
    std::array<std::optional<dom::element>, k_keys.size()> slots;
    for (const auto member : *object)
      for (std::size_t i = 0; i < k_keys.size(); ++i)
        if (member.key == k_keys[i]) { slots[i] = member.value; break; }  // the last of a key counts
    if (const auto& w = slots[warmup]) {
      bool is_warmup = false;
      if (w->get(is_warmup)) { out.skipped.add("warmup not true or false", line.number); return; }
      if (is_warmup) { ++out.counts["requests"]["warmup"]; return; }
    }
    // Which series this request feeds: the rule run, compare and plot use too (docs/samples.md).
    std::string_view error_name, conn_name;
    const bool has_error = slots[error] && !slots[error]->get(error_name);
    const bool has_conn = slots[conn] && !slots[conn]->get(conn_name);
    const auto code = slots[status] ? json_integer_text(*slots[status]) : std::nullopt;
    int status_code = 0;
    if (code) std::from_chars(code->data(), code->data() + code->size(), status_code);
    const client::SampleRole role =
        client::sample_role(status_code, has_error && error_name == "timeout", !has_conn || conn_name == "new");
    RecordTable& table = out.table;
    table.begin_row();
    ++out.counts["requests"]["measured"];
    for (std::size_t i = 0; i < k_phases.size(); ++i) {
      const bool wanted = i == k_total || i == k_from_intended             ? role.total
                          : i == k_dns || i == k_connect || i == k_tls ? role.connection
                                                                         : role.answer;
      if (!wanted) continue;
      if (const auto v = slots[i] ? json_number(*slots[i]) : std::nullopt) table.set(m_phase_columns[i], *v);
    }
    if (!role.total) ++out.counts[k_left_out][has_error ? std::string(error_name) : std::string("no answer")];
    if (dom::object stages; role.answer && slots[server] && !slots[server]->get(stages)) {
      sorted_members(stages, m_members);  // columns appear in key order, as they did
      for (const auto& m : m_members) {
        if (const auto v = json_number(m.value)) {
          m_name.assign("server_").append(m.key);
          table.set(table.column(m_name), *v);
        }
      }
    }
    for (const Slot s : {bytes_up, bytes_down})
      if (const auto v = slots[s] ? json_number(*slots[s]) : std::nullopt) table.set(table.column(k_keys[s], "bytes"), *v);
    if (slots[seq] && table.keeps_ids())
      if (const auto id = json_integer_text(*slots[seq])) table.set_id(*id);
    if (slots[start_ms] && table.keeps_timestamps())
      if (const auto ms = json_number(*slots[start_ms])) table.set_timestamp(*ms);
    if (has_error) {
      ++out.counts["error"][std::string(error_name)];
      table.set_failed();
    }
    if (code) ++out.counts["status"][*code];
    if (has_conn) ++out.counts["connection"][std::string(conn_name)];
  }
  std::array<std::size_t, k_phases.size()> m_phase_columns{};
  JsonLineParser m_parser;
  std::vector<dom::key_value_pair> m_members;  // the current line's server stages, reused
  std::string m_name;                          // the current column name, reused
};

}  // namespace

std::unique_ptr<Format> make_latbench_format(const FormatOptions&) { return std::make_unique<LatbenchFormat>(); }

}  // namespace latbench::logs
