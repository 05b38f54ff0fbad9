#include "hlog/log_writer.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>

#include "core/base64.hpp"
#include "core/error.hpp"
#include "hlog/codec.hpp"

namespace latbench::hlog {
namespace {

// Java's Date.toString() in UTC ("Wed Dec 02 05:47:24 UTC 2026"): readers skip it, people read it.
std::string java_date(double epoch_s) {
  const auto t = static_cast<std::time_t>(std::floor(epoch_s));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a %b %d %H:%M:%S UTC %Y", &tm);
  return text;
}

}  // namespace

std::string format_header(const LogHeader& header) {
  std::string out;
  for (const auto& c : header.comments) out += "#" + c + "\n";
  out += "#[Histogram log format version 1.3]\n";
  out += fmt::format("#[StartTime: {:.3f} (seconds since epoch), {}]\n", header.start_time_s, java_date(header.start_time_s));
  out += fmt::format("#[BaseTime: {:.3f} (seconds since epoch)]\n", header.start_time_s);
  out += "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";
  return out;
}

std::string format_interval(double start_s, double length_s, const Histogram& h, double max_ratio,
                            std::string_view tag) {
  if (tag.find_first_of(", \r\n") != std::string_view::npos)
    throw usage_error(fmt::format("hlog tag '{}': a tag cannot contain commas, spaces or line breaks", tag));
  std::string out = tag.empty() ? std::string() : fmt::format("Tag={},", tag);
  out += fmt::format("{:.3f},{:.3f},{:.3f},", start_s, length_s, static_cast<double>(h.max()) / max_ratio);
  base64_append(out, encode_compressed(h));
  out += '\n';
  return out;
}

LogWriter::LogWriter(std::filesystem::path path) : m_path(std::move(path)), m_max_ratio(LogHeader{}.max_ratio) {
  m_file = std::fopen(m_path.c_str(), "wb");
  if (!m_file) throw input_error(fmt::format("{}: cannot create: {}", m_path.string(), std::strerror(errno)));
}

LogWriter::LogWriter(std::filesystem::path path, LogHeader header) : LogWriter(std::move(path)) {
  this->header(header);
  if (!m_failure.empty()) throw input_error(m_failure);
}

void LogWriter::header(const LogHeader& header) {
  m_max_ratio = header.max_ratio;
  put(format_header(header));
}

LogWriter::~LogWriter() {
  if (m_file) std::fclose(m_file);
}

void LogWriter::put(const std::string& text) {
  if (!m_failure.empty()) return;
  if (std::fwrite(text.data(), 1, text.size(), m_file) != text.size() || std::fflush(m_file) != 0)
    m_failure = fmt::format("{}: cannot write after interval {}: {}", m_path.string(), m_intervals, std::strerror(errno));
}

void LogWriter::interval(double start_s, double length_s, const Histogram& h, std::string_view tag) {
  put(format_interval(start_s, length_s, h, m_max_ratio, tag));
  if (m_failure.empty()) ++m_intervals;
}

}  // namespace latbench::hlog
