#include "server/server_timing.hpp"

#include <algorithm>
#include <charconv>

namespace latbench::server {
namespace {

// Appends `value` in decimal (std::to_chars: no format string parsed per stage, as fmt did; the
// header is built for every answer).
void append_int(std::string& out, long long value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

void append_stage(std::string& out, const char* name, Nanos d) {
  if (!out.empty()) out += ", ";
  out += name;
  out += ";dur=";
  // Microsecond resolution is what a client can use; print it without trailing zeros.
  // A stage never lasts less than nothing (steady clock); 0 keeps the header well-formed anyway.
  auto us = std::max<long long>(0, std::chrono::duration_cast<std::chrono::microseconds>(d).count());
  append_int(out, us / 1000);
  if (auto frac = us % 1000; frac != 0) {
    char digits[4] = {static_cast<char>('0' + frac / 100), static_cast<char>('0' + frac / 10 % 10),
                      static_cast<char>('0' + frac % 10), '\0'};
    int len = 3;
    while (digits[len - 1] == '0') --len;
    out += '.';
    out.append(digits, static_cast<std::size_t>(len));
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
