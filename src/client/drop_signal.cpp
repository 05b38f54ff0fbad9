#include "client/drop_signal.hpp"

namespace latbench::client {
namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view skip_space(std::string_view s) {
  while (!s.empty() && is_json_space(s.front())) s.remove_prefix(1);
  return s;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool is_drop_reason_header(std::string_view line) {
  constexpr std::string_view k_name = "x-drop-reason:";
  if (line.size() < k_name.size()) return false;
  for (std::size_t i = 0; i < k_name.size(); ++i) {
    if (lower(line[i]) != k_name[i]) return false;
  }
  return true;
}

bool body_says_dropped(std::string_view body) {
  constexpr std::string_view k_key = "\"status\"";
  for (auto at = body.find(k_key); at != std::string_view::npos; at = body.find(k_key, at + 1)) {
    auto rest = skip_space(body.substr(at + k_key.size()));
    if (rest.empty() || rest.front() != ':') continue;
    rest = skip_space(rest.substr(1));
    if (rest.substr(0, 9) == "\"dropped\"") return true;
  }
  return false;
}

}  // namespace latbench::client
