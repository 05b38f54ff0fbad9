#include "invocation.hpp"

#include <string_view>

namespace latbench::cli {
namespace {

std::string g_invocation = "latbench";

bool shell_safe(std::string_view arg) {
  if (arg.empty()) return false;
  for (char c : arg) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("_-./:=,@%+").find(c) != std::string_view::npos;
    if (!plain) return false;
  }
  return true;
}

std::string shell_quote(std::string_view arg) {
  if (shell_safe(arg)) return std::string(arg);
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

void remember_invocation(int argc, const char* const* argv) {
  g_invocation = "latbench";
  for (int i = 1; i < argc; ++i) g_invocation += " " + shell_quote(argv[i]);
}

const std::string& invocation() { return g_invocation; }

}  // namespace latbench::cli
