// latbench run's own samples.jsonl (format in TEAM.md, owned by the driver): one request per
// line. Warm-up requests are counted, not analysed. Series: total, dns, connect, upload, ttfb,
// server_<stage> (from Server-Timing), network_overhead, latency_from_intended, bytes up/down.
// The record id is "seq", so two runs (or a run and a server log) can be joined by request.
// Lines are read by json_line.hpp, which keeps nlohmann::json's reading of them.
#include <array>

#include "logs/format.hpp"
#include "logs/json_line.hpp"
#include "logs/scan.hpp"

namespace latbench::logs {
namespace {

namespace dom = simdjson::dom;

constexpr std::array<std::string_view, 7> k_phases{"total_ms", "dns_ms", "connect_ms", "upload_ms", "ttfb_ms",
                                                   "network_overhead_ms", "latency_from_intended_ms"};
// Every key read, the phases first: a line's members are sorted into these slots in one pass.
constexpr std::array<std::string_view, 16> k_keys{
    "total_ms", "dns_ms", "connect_ms", "upload_ms", "ttfb_ms", "network_overhead_ms", "latency_from_intended_ms",
    "warmup", "server", "bytes_up", "bytes_down", "seq", "start_ms", "error", "status", "conn"};
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
    RecordTable& table = out.table;
    table.begin_row();
    ++out.counts["requests"]["measured"];
    for (std::size_t i = 0; i < k_phases.size(); ++i)
      if (const auto v = slots[i] ? json_number(*slots[i]) : std::nullopt) table.set(m_phase_columns[i], *v);
    if (dom::object stages; slots[server] && !slots[server]->get(stages)) {
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
    if (std::string_view e; slots[error] && !slots[error]->get(e)) {
      ++out.counts["error"][std::string(e)];
      table.set_failed();
    }
    if (const auto code = slots[status] ? json_integer_text(*slots[status]) : std::nullopt) ++out.counts["status"][*code];
    if (std::string_view c; slots[conn] && !slots[conn]->get(c)) ++out.counts["connection"][std::string(c)];
  }

  std::array<std::size_t, k_phases.size()> m_phase_columns{};
  JsonLineParser m_parser;
  std::vector<dom::key_value_pair> m_members;  // the current line's server stages, reused
  std::string m_name;                          // the current column name, reused
};

}  // namespace

std::unique_ptr<Format> make_latbench_format(const FormatOptions&) { return std::make_unique<LatbenchFormat>(); }

}  // namespace latbench::logs
