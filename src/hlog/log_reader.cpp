#include "hlog/log_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include "core/base64.hpp"
#include "hlog/codec.hpp"

namespace latbench::hlog {
namespace {

constexpr double k_year_s = 365.0 * 24 * 3600;

std::optional<double> number(std::string_view text) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

// The number after `prefix` in a "#[StartTime: 123.456 (seconds ...)]" comment.
std::optional<double> time_comment(std::string_view line, std::string_view prefix) {
  if (!line.starts_with(prefix)) return std::nullopt;
  line.remove_prefix(prefix.size());
  return number(line.substr(0, line.find_first_of(" ]")));
}

std::vector<std::string_view> split_commas(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t at = 0;;) {
    const std::size_t comma = line.find(',', at);
    fields.push_back(line.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
    if (comma == std::string_view::npos) return fields;
    at = comma + 1;
  }
}

Result<Interval> parse_interval(std::string_view line, int number_of_line) {
  Interval out;
  out.line = number_of_line;
  auto fields = split_commas(line);
  if (!fields.empty() && fields[0].starts_with("Tag=")) {
    out.tag = std::string(fields[0].substr(4));
    fields.erase(fields.begin());
  }
  if (fields.size() != 4)
    return input_error(fmt::format("expected [Tag=T,]start,length,max,histogram (4 fields after the tag), got {}",
                                   fields.size()));
  const char* names[] = {"start", "length", "max"};
  double* targets[] = {&out.start_s, &out.length_s, &out.max};
  for (int i = 0; i < 3; ++i) {
    auto v = number(fields[static_cast<std::size_t>(i)]);
    if (!v) return input_error(fmt::format("{}: expected a number, got '{}'", names[i], fields[static_cast<std::size_t>(i)]));
    *targets[i] = *v;
  }
  std::string bytes;
  if (auto decoded = base64_decode_append(bytes, fields[3]); !decoded)
    return input_error(std::string("histogram: ") + decoded.error().what());
  auto h = decode_compressed(bytes);
  if (!h) return input_error(std::string("histogram: ") + h.error().what());
  out.histogram = std::move(h).take();
  return out;
}

}  // namespace

double IntervalLog::absolute_start_s(const Interval& i) const {
  if (base_time_s) return *base_time_s + i.start_s;
  const double start = start_time_s.value_or(0);
  return i.start_s < start - k_year_s ? start + i.start_s : i.start_s;
}

Result<IntervalLog> parse_log(std::string_view text, const std::string& name) {
  IntervalLog log;
  int line_number = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == '#') {
      if (auto t = time_comment(line, "#[StartTime: ")) log.start_time_s = t;
      else if (auto b = time_comment(line, "#[BaseTime: ")) log.base_time_s = b;
      else log.comments.emplace_back(line.substr(1));
      continue;
    }
    // The legend (Java's "StartTimestamp", older logs' "Timestamp" or "Time").
    if (line.front() == '"' || line.starts_with("StartTimestamp") || line.starts_with("Timestamp")) continue;
    auto interval = parse_interval(line, line_number);
    if (!interval) return input_error(fmt::format("{}:{}: {}", name, line_number, interval.error().what()));
    log.intervals.push_back(std::move(interval).take());
  }
  return log;
}

Result<IntervalLog> read_log(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return input_error(fmt::format("{}: cannot read the interval log", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_log(text.str(), path.string());
}

}  // namespace latbench::hlog
