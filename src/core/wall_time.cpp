#include "core/wall_time.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>

namespace latbench {
namespace {

using std::chrono::nanoseconds;
using std::chrono::seconds;

constexpr const char* k_forms =
    "epoch seconds (1764655200 or 1764655200.25) or RFC 3339 with an offset (2026-12-02T06:00:00Z, "
    "2026-12-02T07:00:00.5+01:00)";

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

// ".25" at `at` (if any) as nanoseconds, advancing `at`; nullopt for a '.' without 1..9 digits.
std::optional<nanoseconds> fraction(std::string_view text, std::size_t& at) {
  if (at >= text.size() || text[at] != '.') return nanoseconds(0);
  std::size_t end = ++at;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  const std::size_t n = end - at;
  if (n == 0 || n > 9) return std::nullopt;
  std::int64_t v = 0;
  for (std::size_t i = at; i < end; ++i) v = v * 10 + (text[i] - '0');
  for (std::size_t i = n; i < 9; ++i) v *= 10;
  at = end;
  return nanoseconds(v);
}

std::optional<WallTime> parse_epoch(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  if (at == 0 || at > 11) return std::nullopt;  // 11 digits: beyond the year 5000
  std::int64_t s = 0;
  std::from_chars(text.data(), text.data() + at, s);
  auto frac = fraction(text, at);
  if (!frac || at != text.size()) return std::nullopt;
  return WallTime(seconds(s) + *frac);
}

std::optional<WallTime> parse_rfc3339(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.f](Z|+HH:MM|-HH:MM)
  auto year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
  auto hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || t[4] != '-' || t[7] != '-' ||
      (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || t[13] != ':' || t[16] != ':')
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  std::size_t at = 19;
  auto frac = fraction(t, at);
  if (!frac || at >= t.size()) return std::nullopt;
  std::chrono::minutes offset{0};
  if (t[at] == 'Z' || t[at] == 'z') {
    ++at;
  } else if (t[at] == '+' || t[at] == '-') {
    auto oh = digits(t, at + 1, 2), om = digits(t, at + 4, 2);
    if (!oh || !om || t[at + 3] != ':' || *oh > 23 || *om > 59) return std::nullopt;
    offset = std::chrono::minutes(*oh * 60 + *om) * (t[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != t.size()) return std::nullopt;
  const auto local = std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
                     seconds(*second);
  // 07:00+01:00 is 06:00 UTC.
  return WallTime(std::chrono::duration_cast<nanoseconds>(local.time_since_epoch() - offset) + *frac);
}

}  // namespace

WallTime wall_now() { return std::chrono::time_point_cast<nanoseconds>(std::chrono::system_clock::now()); }

double unix_seconds_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Result<WallTime> parse_wall_time(std::string_view text, std::string_view what) {
  const bool epoch = !text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos;
  if (auto t = epoch ? parse_epoch(text) : parse_rfc3339(text)) return *t;
  return usage_error(fmt::format("{}: expected {}, got '{}'", what, k_forms, text));
}

std::string format_wall_time(WallTime t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss<nanoseconds> time{t - day};
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(date.year()),
                                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                                time.hours().count(), time.minutes().count(), time.seconds().count());
  if (auto ns = time.subseconds().count(); ns > 0) {
    std::string frac = fmt::format("{:09}", ns);
    frac.erase(frac.find_last_not_of('0') + 1);
    out += "." + frac;
  }
  return out + "Z";
}

std::int64_t epoch_ns(WallTime t) { return t.time_since_epoch().count(); }
WallTime from_epoch_ns(std::int64_t ns) { return WallTime(nanoseconds(ns)); }

}  // namespace latbench
