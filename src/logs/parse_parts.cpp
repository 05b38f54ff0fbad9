#include "logs/parse_parts.hpp"

#include <exception>
#include <string>
#include <thread>

namespace latbench::logs {
namespace {

constexpr std::size_t k_window = 1 << 20;

}  // namespace

void plan_rows(LineReader& reader, RecordTable& table, std::uint64_t bytes) {
  if (bytes == 0) return;
  reader.after_first_chunk([&table, bytes](std::size_t first) {
    if (first == 0) return;
    const double rows = static_cast<double>(table.rows()) * static_cast<double>(bytes) / static_cast<double>(first);
    table.reserve_rows(static_cast<std::size_t>(rows * 1.1) + 1024);  // 10% over: unwritten room costs nothing
  });
}

std::vector<std::uint64_t> part_cuts(const Format& format, std::uint64_t size, std::size_t parts,
                                     const std::function<std::string_view(std::uint64_t, std::size_t)>& read) {
  std::vector<std::uint64_t> cuts;
  for (std::size_t i = 1; i < parts; ++i) {
    const std::uint64_t target = size / parts * i;
    const std::string_view window = read(target, k_window);
    const auto newline = window.find('\n');
    if (newline == std::string_view::npos) continue;
    const auto start = format.part_start(window.substr(newline + 1));
    if (start == std::string_view::npos) continue;
    const std::uint64_t cut = target + newline + 1 + start;
    if (cut < size && (cuts.empty() || cut > cuts.back())) cuts.push_back(cut);
  }
  return cuts;
}

PartPlan plan_parts(const Format& format, std::uint64_t size, std::size_t parts,
                    const std::function<std::string_view(std::uint64_t, std::size_t)>& read) {
  PartPlan plan;
  auto first = format.fresh();
  if (!first || parts < 2) return plan;
  // A copy: `read` may reuse its buffer for the cuts.
  const std::string head(read(0, k_window));
  std::vector<std::unique_ptr<Format>> later;
  std::size_t head_end = 0;
  std::vector<std::uint64_t> cuts = part_cuts(format, size, parts, read);
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    later.push_back(format.fresh());
    head_end = later.back()->learn_head(head);
    if (head_end == std::string_view::npos) return plan;
  }
  // The lines the later parts learnt from must be the first part's: no cut before their end.
  while (!cuts.empty() && cuts.front() < head_end) {
    cuts.erase(cuts.begin());
    later.pop_back();
  }
  if (cuts.empty()) return plan;
  plan.ends = std::move(cuts);
  plan.ends.push_back(size);
  plan.formats.push_back(std::move(first));
  for (auto& f : later) plan.formats.push_back(std::move(f));
  return plan;
}

std::uint64_t parse_one_part(LogPart& part, LogData& out, std::uint64_t plan_bytes) {
  LineReader reader(std::move(part.bytes));
  plan_rows(reader, out.table, plan_bytes);
  part.format->parse_part(reader, out);
  return reader.lines_read();
}

void join_next_part(LogData& out, Format& first, LogData&& next, Format& next_format, std::uint64_t next_lines,
                    std::uint64_t& lines_before) {
  const std::size_t first_row = out.table.rows();
  append_log_part(out, std::move(next), lines_before);
  first.join_part(next_format, out, first_row);
  lines_before += next_lines;
}

LogData parse_parts(std::vector<LogPart>& parts, const TableOptions& table) {
  const std::size_t n = parts.size();
  std::vector<LogData> data;
  data.reserve(n);
  for (std::size_t i = 0; i < n; ++i) data.emplace_back(table);
  std::vector<std::uint64_t> lines(n, 0);
  std::uint64_t total_bytes = 0;
  for (const auto& part : parts) total_bytes += part.size;
  std::vector<std::exception_ptr> errors(n);
  auto work = [&](std::size_t i) {
    try {
      // The first part's columns are planned for the whole log (the other parts are appended to
      // it), the others' for their part.
      lines[i] = parse_one_part(parts[i], data[i], i == 0 ? total_bytes : parts[i].size);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < n; ++i) threads.emplace_back(work, i);
  work(0);
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  LogData out = std::move(data[0]);
  Format& first = *parts[0].format;
  std::uint64_t line_offset = lines[0];
  for (std::size_t i = 1; i < n; ++i) join_next_part(out, first, std::move(data[i]), *parts[i].format, lines[i], line_offset);
  first.finish(out);
  return out;
}

LogData parse_text_in_parts(const Format& format, std::string_view text, std::size_t parts, const TableOptions& table) {
  PartPlan plan = plan_parts(format, text.size(), parts, [&](std::uint64_t at, std::size_t length) {
    return text.substr(static_cast<std::size_t>(at), length);
  });
  if (plan.formats.empty()) {
    plan.ends = {text.size()};
    plan.formats.push_back(format.fresh());
  }
  std::vector<LogPart> pieces;
  std::uint64_t begin = 0;
  for (std::size_t i = 0; i < plan.ends.size(); ++i) {
    const std::uint64_t end = plan.ends[i];
    pieces.push_back({std::move(plan.formats[i]),
                      bytes_from_memory(text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin)), 1 << 20),
                      end - begin});
    begin = end;
  }
  return parse_parts(pieces, table);
}

}  // namespace latbench::logs
