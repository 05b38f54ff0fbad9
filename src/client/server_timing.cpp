#include "client/server_timing.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text.hpp"

namespace latbench::client {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

// RFC 7230 tchar: what a metric or parameter name may contain.
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~': return true;
    default: return false;
  }
}

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return s[i]; }
  void skip_space() {
    while (!done() && is_space(peek())) ++i;
  }
  std::string_view token() {
    std::size_t start = i;
    while (!done() && is_tchar(peek())) ++i;
    return s.substr(start, i - start);
  }
  // A token or a quoted-string (with backslash escapes), returned unquoted.
  std::string value() {
    std::string out;
    if (!done() && peek() == '"') {
      ++i;
      while (!done() && peek() != '"') {
        if (peek() == '\\' && i + 1 < s.size()) ++i;
        out += s[i++];
      }
      if (!done()) ++i;  // closing quote
      return out;
    }
    return std::string(token());
  }
  // Skips to just after the next top-level ',' (or the end), honouring quotes.
  void skip_metric() {
    bool quoted = false;
    while (!done()) {
      char c = s[i++];
      if (quoted && c == '\\' && !done()) ++i;
      else if (c == '"') quoted = !quoted;
      else if (c == ',' && !quoted) return;
    }
  }
};

bool parse_number(const std::string& text, double& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(out) && out >= 0;
}

}  // namespace

std::vector<TimingMetric> parse_server_timing(std::string_view header_value) {
  std::vector<TimingMetric> metrics;
  parse_server_timing(header_value, metrics);
  return metrics;
}

void parse_server_timing(std::string_view header_value, std::vector<TimingMetric>& metrics) {
  metrics.clear();
  Cursor c{header_value};
  while (!c.done()) {
    c.skip_space();
    std::string_view name = c.token();
    if (name.empty()) {
      c.skip_metric();
      continue;
    }
    bool has_dur = false, malformed = false;
    double dur = 0;
    c.skip_space();
    while (!c.done() && c.peek() == ';') {
      ++c.i;
      c.skip_space();
      std::string_view param = c.token();
      c.skip_space();
      std::string value;
      if (!c.done() && c.peek() == '=') {
        ++c.i;
        c.skip_space();
        value = c.value();
        c.skip_space();
      }
      if (param.empty()) {
        malformed = true;
        break;
      }
      if (equals_nocase(param, "dur") && !has_dur) has_dur = parse_number(value, dur);
    }
    if (!c.done() && c.peek() != ',') malformed = true;
    c.skip_metric();
    if (malformed || !has_dur) continue;
    bool seen = false;
    for (const auto& m : metrics) seen = seen || m.name == name;
    if (!seen) metrics.push_back({std::string(name), dur});
  }
}

}  // namespace latbench::client
