// uvicorn access lines: `INFO:     127.0.0.1:56071 - "GET /x HTTP/1.1" 404 Not Found`. They carry
// no timing, so the value is in the counts: by method, path (query string removed) and status —
// and in flagging traffic that is not the workload, like a dev server's livereload polling the
// same port, which silently shares the server with the measured requests.
#include <array>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "logs/format.hpp"
#include "logs/scan.hpp"

namespace latbench::logs {
namespace {

// Paths that dev tooling polls (livereload, webpack/vite HMR) or browsers fetch on their own.
constexpr std::array<std::string_view, 9> k_noise{"livereload", "__webpack_hmr", "sockjs-node", "hot-update",
                                                   "/@vite", "webpack-hmr", "/favicon.ico", "browser-sync",
                                                   "/.well-known/"};

// Removes ANSI colour sequences (uvicorn colours its output on a terminal).
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

struct Access { std::string_view method, path, status; };

// Parses the part after the level: `127.0.0.1:56071 - "GET /x HTTP/1.1" 404 Not Found`.
bool parse_access(std::string_view t, Access& a) {
  if (!t.starts_with("INFO:")) return false;
  t.remove_prefix(5);
  t = trim_spaces(t);
  auto q = t.find(" - \"");
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

class UvicornFormat final : public Format {
 public:
  std::string name() const override { return "uvicorn"; }

  int sniff(const std::vector<std::string_view>& head) const override {
    int n = 0;
    std::string buffer;
    Access a;
    for (auto line : head) {
      auto t = strip_ansi(line, buffer);
      if (parse_access(t, a)) n += 3;
      else if (t.starts_with("INFO:     Uvicorn running on")) n += 3;
    }
    return n;
  }

  void parse(LineReader& reader, LogData& out) override {
    std::string buffer;
    std::uint64_t requests = 0, noise = 0;
    std::map<std::string, std::uint64_t> noise_paths;
    auto& methods = out.counts["method"];
    auto& paths = out.counts["path"];
    auto& statuses = out.counts["status"];
    reader.for_each([&](const Line& line) {
      ++out.lines;
      Access a;
      if (!parse_access(strip_ansi(line.text, buffer), a)) { ++out.ignored; return; }
      ++requests;
      ++methods[std::string(a.method)];
      ++paths[std::string(a.path)];
      ++statuses[std::string(a.status)];
      for (auto pattern : k_noise) {
        if (a.path.find(pattern) != std::string_view::npos) {
          ++noise;
          ++noise_paths[fmt::format("{} {}", a.method, a.path)];
          break;
        }
      }
    }, out.skipped);
    out.counts["requests"]["total"] = requests;
    if (noise > 0) {
      out.counts["requests"]["not_workload"] = noise;
      std::string which;
      for (const auto& [p, c] : noise_paths) which += fmt::format("{}{} ({}x)", which.empty() ? "" : ", ", p, c);
      out.notes.push_back(fmt::format(
          "{} of {} requests ({:.1f}%) are not the workload: {} — dev-server polling (livereload/HMR) "
          "or browser fetches sharing this server; stop them before measuring",
          noise, requests, 100.0 * static_cast<double>(noise) / static_cast<double>(requests), which));
    }
    std::uint64_t errors = 0;
    for (const auto& [s, c] : statuses)
      if (s[0] == '4' || s[0] == '5') errors += c;
    if (errors > 0)
      out.notes.push_back(fmt::format("{} of {} responses ({:.1f}%) are 4xx/5xx", errors, requests,
                                      100.0 * static_cast<double>(errors) / static_cast<double>(requests)));
  }
};

}  // namespace

std::unique_ptr<Format> make_uvicorn_format(const FormatOptions&) { return std::make_unique<UvicornFormat>(); }

}  // namespace latbench::logs
