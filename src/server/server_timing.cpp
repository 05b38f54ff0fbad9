#include "server/server_timing.hpp"

#include <fmt/format.h>

namespace latbench::server {
namespace {

void append_stage(std::string& out, const char* name, Nanos d) {
  if (!out.empty()) out += ", ";
  out += name;
  out += ";dur=";
  // Microsecond resolution is what a client can use; print it without trailing zeros.
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  out += fmt::format("{}", us / 1000);
  if (auto frac = us % 1000; frac != 0) {
    auto digits = fmt::format("{:03d}", frac);
    while (digits.back() == '0') digits.pop_back();
    out += '.';
    out += digits;
  }
}

}  // namespace

std::string format_server_timing(const StageTimes& t) {
  std::string out;
  out.reserve(96);
  append_stage(out, "recv", t.recv);
  append_stage(out, "queue", t.queue);
  append_stage(out, "decode", t.decode);
  append_stage(out, "infer", t.infer);
  append_stage(out, "post", t.post);
  append_stage(out, "total", t.total);
  return out;
}

}  // namespace latbench::server
