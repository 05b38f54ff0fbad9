// uvicorn access lines: `INFO:     127.0.0.1:56071 - "GET /x HTTP/1.1" 404 Not Found`. They carry
// no timing, so the value is in the counts: by method, path (query string removed) and status —
// and in flagging traffic that is not the workload (see uvicorn_access.hpp).
#include "logs/format.hpp"
#include "logs/uvicorn_access.hpp"

namespace latbench::logs {
namespace {

class UvicornFormat final : public Format {
 public:
  std::string name() const override { return "uvicorn"; }

  int sniff(const std::vector<std::string_view>& head) const override {
    int n = 0;
    std::string buffer;
    UvicornAccess a;
    for (auto line : head) {
      if (parse_uvicorn_access(line, a, buffer)) n += 3;
      else if (line.find("Uvicorn running on") != std::string_view::npos) n += 3;
    }
    return n;
  }

  void parse(LineReader& reader, LogData& out) override {
    parse_part(reader, out);
    finish(out);
  }

  std::unique_ptr<Format> fresh() const override { return std::make_unique<UvicornFormat>(); }

  // Every line stands alone.
  std::size_t part_start(std::string_view) const override { return 0; }

  void parse_part(LineReader& reader, LogData& out) override {
    reader.for_each([&](const Line& line) {
      ++out.lines;
      if (!m_counts.add(line.text)) ++out.ignored;
    }, out.skipped);
  }

  void join_part(Format& next, LogData&, std::size_t) override {
    m_counts.merge(static_cast<UvicornFormat&>(next).m_counts);
  }

  void finish(LogData& out) override { m_counts.finish(out); }

 private:
  UvicornCounts m_counts;
};

}  // namespace

std::unique_ptr<Format> make_uvicorn_format(const FormatOptions&) { return std::make_unique<UvicornFormat>(); }

}  // namespace latbench::logs
