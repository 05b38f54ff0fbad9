#include "client/samples_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace latbench::client {

SamplesWriter::SamplesWriter(std::filesystem::path path)
    : m_path(std::move(path)), m_last_flush(std::chrono::steady_clock::now()) {
  m_file = std::fopen(m_path.c_str(), "w");
  if (!m_file) {
    throw input_error(fmt::format("{}: cannot create samples file: {}", m_path.string(),
                                  std::strerror(errno)));
  }
}

SamplesWriter::~SamplesWriter() {
  if (m_file) std::fclose(m_file);
}

void SamplesWriter::write(const Sample& sample) {
  std::string line = sample_to_json(sample);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), m_file);
  ++m_lines;
}

void SamplesWriter::flush_if_due(std::chrono::steady_clock::time_point now) {
  if (now - m_last_flush >= std::chrono::milliseconds(500)) flush();
}

void SamplesWriter::flush() {
  m_last_flush = std::chrono::steady_clock::now();
  if (std::fflush(m_file) != 0 || std::ferror(m_file)) {
    throw input_error(fmt::format("{}: cannot write samples: {}", m_path.string(),
                                  std::strerror(errno)));
  }
}

Result<SamplesFile> read_samples_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    return input_error(fmt::format("{}: cannot open samples file: {}", path.string(),
                                   std::strerror(errno)));
  }
  SamplesFile file;
  std::string line;
  std::uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto sample = sample_from_json(line);
    if (sample) {
      file.samples.push_back(std::move(sample).take());
    } else {
      file.skipped.add(sample.error().what(), number);
    }
  }
  return file;
}

namespace {

Series named(std::string name) { return Series{std::move(name), "ms", {}, {}}; }

}  // namespace

SeriesBuilder::SeriesBuilder(SeriesOptions options)
    : m_options(options),
      m_total(named("total")),
      m_dns(named("dns")),
      m_connect(named("connect")),
      m_upload(named("upload")),
      m_ttfb(named("ttfb")),
      m_overhead(named("network_overhead")),
      m_from_intended(named("latency_from_intended")),
      m_new(named("total_new")),
      m_reused(named("total_reused")) {}

Series& SeriesBuilder::stage(const std::string& name) {
  for (auto& s : m_server) {
    if (s.name == name) return s;
  }
  m_server.push_back(named(name));
  return m_server.back();
}

void SeriesBuilder::add(const Sample& s) {
  if (s.warmup && !m_options.include_warmup) return;
  bool answered = s.status > 0;
  if (!answered && s.error != ErrorClass::timeout) {
    m_total.skipped.add(std::string(error_class_name(s.error)), s.seq);
    return;
  }
  m_total.values.push_back(s.total_ms);
  (s.conn == ConnUse::fresh ? m_new : m_reused).values.push_back(s.total_ms);
  if (s.latency_from_intended_ms) m_from_intended.values.push_back(*s.latency_from_intended_ms);
  if (s.conn == ConnUse::fresh) {
    if (s.dns_ms) m_dns.values.push_back(*s.dns_ms);
    if (s.connect_ms) m_connect.values.push_back(*s.connect_ms);
  }
  if (!answered) return;  // a timeout has no upload / ttfb / server time worth averaging
  if (s.upload_ms) m_upload.values.push_back(*s.upload_ms);
  if (s.ttfb_ms) m_ttfb.values.push_back(*s.ttfb_ms);
  for (const auto& m : s.server) stage("server_" + m.name).values.push_back(m.dur_ms);
  if (s.network_overhead_ms) m_overhead.values.push_back(*s.network_overhead_ms);
}

std::vector<Series> SeriesBuilder::series() const {
  std::vector<Series> out{m_total};
  for (const Series* s : {&m_dns, &m_connect, &m_upload, &m_ttfb}) {
    if (!s->values.empty()) out.push_back(*s);
  }
  for (const auto& s : m_server) out.push_back(s);
  for (const Series* s : {&m_overhead, &m_from_intended}) {
    if (!s->values.empty()) out.push_back(*s);
  }
  if (!m_new.values.empty() && !m_reused.values.empty()) {
    out.push_back(m_new);
    out.push_back(m_reused);
  }
  return out;
}

std::vector<Series> samples_to_series(const std::vector<Sample>& samples,
                                      const SeriesOptions& options) {
  SeriesBuilder builder(options);
  for (const auto& s : samples) builder.add(s);
  return builder.series();
}

}  // namespace latbench::client
