#include "logs/uvicorn_access.hpp"

#include <array>

#include <fmt/format.h>

#include "logs/scan.hpp"

namespace latbench::logs {
namespace {

// Paths that dev tooling polls (livereload, webpack/vite HMR) or browsers fetch on their own.
constexpr std::array<std::string_view, 9> k_noise{"livereload", "__webpack_hmr", "sockjs-node", "hot-update",
                                                   "/@vite", "webpack-hmr", "/favicon.ico", "browser-sync",
                                                   "/.well-known/"};

std::string_view strip_ansi(std::string_view t, std::string& buffer) {
  if (t.find('\x1b') == std::string_view::npos) return t;
  buffer.clear();
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\x1b' && i + 1 < t.size() && t[i + 1] == '[') {
      i += 2;
      while (i < t.size() && !(t[i] >= '@' && t[i] <= '~')) ++i;
      continue;
    }
    buffer += t[i];
  }
  return buffer;
}

}  // namespace

bool parse_uvicorn_access(std::string_view line, UvicornAccess& a, std::string& buffer) {
  // Only a line starting with "INFO:" or an escape can start with "INFO:" once colours are
  // removed: every other line is rejected without scanning it (most lines of a YOLO console).
  if (line.empty() || (line.front() != 'I' && line.front() != '\x1b')) return false;
  std::string_view t = strip_ansi(line, buffer);
  if (!t.starts_with("INFO:")) return false;
  t.remove_prefix(5);
  t = trim_spaces(t);
  // The request starts at the first `" - "` — nearly always at the line's first quote (a memchr),
  // the general search only when that quote is not it.
  auto q = t.find('"');
  if (q == std::string_view::npos) return false;
  if (q >= 3 && t.substr(q - 3, 3) == " - ") q -= 3;
  else q = t.find(" - \"");
  if (q == std::string_view::npos) return false;
  t.remove_prefix(q + 4);
  auto sp = t.find(' ');
  if (sp == std::string_view::npos) return false;
  a.method = t.substr(0, sp);
  t.remove_prefix(sp + 1);
  auto close = t.find("\" ");
  if (close == std::string_view::npos) return false;
  std::string_view target = t.substr(0, close);
  if (auto http = target.rfind(" HTTP/"); http != std::string_view::npos) target = target.substr(0, http);
  a.path = target.substr(0, target.find('?'));
  t.remove_prefix(close + 2);
  a.status = t.substr(0, t.find(' '));
  return a.status.size() == 3 && a.status[0] >= '1' && a.status[0] <= '5';
}

bool UvicornCounts::add(std::string_view line) {
  UvicornAccess a;
  if (!parse_uvicorn_access(line, a, m_buffer)) return false;
  if (m_run > 0 && a.status == m_run_status && a.path == m_run_path && a.method == m_run_method) {
    ++m_run;
    return true;
  }
  flush_run();
  m_run_method.assign(a.method);
  m_run_path.assign(a.path);
  m_run_status.assign(a.status);
  m_run = 1;
  return true;
}

void UvicornCounts::flush_run() {
  if (m_run == 0) return;
  // Lines cannot hold '\n', so it separates the parts unambiguously.
  m_key.assign(m_run_method).append(1, '\n').append(m_run_path).append(1, '\n').append(m_run_status);
  add_count(m_requests, m_key, m_run);
  m_run = 0;
}

void UvicornCounts::merge(UvicornCounts& other) {
  other.flush_run();
  for (const auto& [key, n] : other.m_requests) add_count(m_requests, key, n);
}

void UvicornCounts::finish(LogData& out) {
  flush_run();
  if (m_requests.empty()) return;
  std::map<std::string, std::uint64_t> methods, paths, statuses, noise_paths;
  std::uint64_t requests = 0, noise = 0;
  for (const auto& [key, n] : m_requests) {
    const std::string_view k = key;
    const auto first = k.find('\n'), second = k.rfind('\n');
    const std::string_view method = k.substr(0, first), path = k.substr(first + 1, second - first - 1),
                           status = k.substr(second + 1);
    requests += n;
    methods[std::string(method)] += n;
    paths[std::string(path)] += n;
    statuses[std::string(status)] += n;
    for (auto pattern : k_noise) {
      if (path.find(pattern) != std::string_view::npos) {
        noise += n;
        noise_paths[fmt::format("{} {}", method, path)] += n;
        break;
      }
    }
  }
  auto add_all = [&](const char* category, const std::map<std::string, std::uint64_t>& counts) {
    for (const auto& [k, v] : counts) out.counts[category][k] += v;
  };
  add_all("method", methods);
  add_all("path", paths);
  add_all("status", statuses);
  out.counts["requests"]["total"] += requests;
  const auto pct = [&](std::uint64_t n) { return 100.0 * static_cast<double>(n) / static_cast<double>(requests); };
  if (noise > 0) {
    out.counts["requests"]["not_workload"] += noise;
    std::string which;
    for (const auto& [p, c] : noise_paths) which += fmt::format("{}{} ({}x)", which.empty() ? "" : ", ", p, c);
    out.notes.push_back(fmt::format(
        "{} of {} requests ({:.1f}%) are not the workload: {} — dev-server polling (livereload/HMR) or browser "
        "fetches sharing this server; stop them before measuring",
        noise, requests, pct(noise), which));
  }
  std::uint64_t errors = 0;
  for (const auto& [s, c] : statuses)
    if (s[0] == '4' || s[0] == '5') errors += c;
  if (errors > 0) out.notes.push_back(fmt::format("{} of {} responses ({:.1f}%) are 4xx/5xx", errors, requests, pct(errors)));
}

}  // namespace latbench::logs
