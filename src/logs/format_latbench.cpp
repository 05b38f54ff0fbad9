// latbench run's own samples.jsonl (format in TEAM.md, owned by the driver): one request per
// line. Warm-up requests are counted, not analysed. Series: total, dns, connect, upload, ttfb,
// server_<stage> (from Server-Timing), network_overhead, latency_from_intended, bytes up/down.
// The record id is "seq", so two runs (or a run and a server log) can be joined by request.
#include <array>

#include <nlohmann/json.hpp>

#include "logs/format.hpp"
#include "logs/scan.hpp"

namespace latbench::logs {
namespace {

constexpr std::array<std::string_view, 7> k_phases{"total_ms", "dns_ms", "connect_ms", "upload_ms", "ttfb_ms",
                                                   "network_overhead_ms", "latency_from_intended_ms"};

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
    RecordTable& table = out.table;
    std::array<std::size_t, k_phases.size()> cols{};
    for (std::size_t i = 0; i < k_phases.size(); ++i)
      cols[i] = table.column(k_phases[i].substr(0, k_phases[i].size() - 3));
    reader.for_each([&](const Line& line) {
      ++out.lines;
      auto j = nlohmann::json::parse(line.text, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        out.skipped.add(line.unterminated ? k_skip_truncated : "invalid JSON", line.number);
        return;
      }
      if (j.value("warmup", false)) { ++out.counts["requests"]["warmup"]; return; }
      table.begin_row();
      ++out.counts["requests"]["measured"];
      for (std::size_t i = 0; i < k_phases.size(); ++i)
        if (auto it = j.find(k_phases[i]); it != j.end() && it->is_number()) table.set(cols[i], it->get<double>());
      if (auto it = j.find("server"); it != j.end() && it->is_object())
        for (auto s = it->begin(); s != it->end(); ++s)
          if (s->is_number()) table.set(table.column("server_" + s.key()), s->get<double>());
      for (std::string_view key : {"bytes_up", "bytes_down"})
        if (auto it = j.find(key); it != j.end() && it->is_number()) table.set(table.column(key, "bytes"), it->get<double>());
      if (auto it = j.find("seq"); it != j.end() && it->is_number_integer()) table.set_id(std::to_string(it->get<long long>()));
      if (auto it = j.find("start_ms"); it != j.end() && it->is_number()) table.set_timestamp(it->get<double>());
      if (auto it = j.find("error"); it != j.end() && it->is_string()) {
        ++out.counts["error"][it->get<std::string>()];
        table.set_failed();
      }
      if (auto it = j.find("status"); it != j.end() && it->is_number_integer())
        ++out.counts["status"][std::to_string(it->get<long long>())];
      if (auto it = j.find("conn"); it != j.end() && it->is_string()) ++out.counts["connection"][it->get<std::string>()];
    }, out.skipped);
  }

  // A phase no request had (no dns_ms on keep-alive runs) is no series.
  void finish(LogData& out) override {
    RecordTable& table = out.table;
    std::erase_if(table.columns(), [&](const Column& c) {
      return table.streaming() ? c.sketch->count() == 0 : c.values.empty();
    });
  }
};

}  // namespace

std::unique_ptr<Format> make_latbench_format(const FormatOptions&) { return std::make_unique<LatbenchFormat>(); }

}  // namespace latbench::logs
