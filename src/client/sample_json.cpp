#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "client/sample.hpp"

namespace latbench::client {

std::string_view error_class_name(ErrorClass e) {
  switch (e) {
    case ErrorClass::none: return "none";
    case ErrorClass::refused: return "refused";
    case ErrorClass::timeout: return "timeout";
    case ErrorClass::reset: return "reset";
    case ErrorClass::dns: return "dns";
    case ErrorClass::http_4xx: return "http_4xx";
    case ErrorClass::http_5xx: return "http_5xx";
    case ErrorClass::dropped: return "dropped";
    case ErrorClass::empty_reply: return "empty_reply";
    case ErrorClass::certificate: return "certificate";
    case ErrorClass::tls_handshake: return "tls_handshake";
    case ErrorClass::other: return "other";
  }
  return "other";
}

const std::vector<ErrorClass>& all_error_classes() {
  static const std::vector<ErrorClass> k_all = {
      ErrorClass::refused, ErrorClass::timeout,  ErrorClass::reset,   ErrorClass::dns,
      ErrorClass::http_4xx, ErrorClass::http_5xx, ErrorClass::dropped, ErrorClass::empty_reply,
      ErrorClass::certificate, ErrorClass::tls_handshake, ErrorClass::other};
  return k_all;
}

std::optional<ErrorClass> parse_error_class(std::string_view name) {
  if (name == "none") return ErrorClass::none;
  for (ErrorClass e : all_error_classes()) {
    if (error_class_name(e) == name) return e;
  }
  return std::nullopt;
}

std::optional<double> Sample::server_total_ms() const {
  for (const auto& m : server) {
    if (m.name == "total") return m.dur_ms;
  }
  return std::nullopt;
}

namespace {

// Stage names come from any server: escape what JSON requires (tchar names never need it, but a
// hostile header must not break the file).
void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  out += '"';
}

// Numbers by std::to_chars: the shortest text that reads back to the same double (as JSON
// needs), without parsing a format string per number: a line takes ~0.8 us instead of ~1.4 us
// (bench/client_hot_paths_bench.cpp). This runs once per request.
void append_number(std::string& out, double v) {
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, end);
}

void append_number(std::string& out, std::uint64_t v) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, end);
}

void append_key(std::string& out, std::string_view key) {
  out += ",\"";
  out += key;
  out += "\":";
}

void append_ms(std::string& out, std::string_view key, double v) {
  append_key(out, key);
  append_number(out, v);
}

void append_opt(std::string& out, std::string_view key, const std::optional<double>& v) {
  if (v) append_ms(out, key, *v);
}

}  // namespace

void append_sample_json(std::string& out, const Sample& s) {
  out += "{\"seq\":";
  append_number(out, s.seq);
  out += ",\"device\":";
  append_number(out, std::uint64_t{s.device});
  out += s.conn == ConnUse::fresh ? ",\"conn\":\"new\"" : ",\"conn\":\"reused\"";
  out += s.warmup ? ",\"warmup\":true" : ",\"warmup\":false";
  append_ms(out, "intended_start_ms", s.intended_start_ms);
  append_ms(out, "start_ms", s.start_ms);
  append_opt(out, "dns_ms", s.dns_ms);
  append_opt(out, "connect_ms", s.connect_ms);
  append_opt(out, "tls_ms", s.tls_ms);
  append_opt(out, "upload_ms", s.upload_ms);
  append_opt(out, "ttfb_ms", s.ttfb_ms);
  append_ms(out, "total_ms", s.total_ms);
  append_key(out, "bytes_up");
  append_number(out, s.bytes_up);
  append_key(out, "bytes_down");
  append_number(out, s.bytes_down);
  append_key(out, "status");
  // A status is never negative (0: no answer); the cast keeps one integer overload.
  append_number(out, static_cast<std::uint64_t>(std::max(0, s.status)));
  append_key(out, "error");
  if (s.error == ErrorClass::none) {
    out += "null";
  } else {
    append_json_string(out, error_class_name(s.error));
  }
  if (!s.server.empty()) {
    out += ",\"server\":{";
    for (std::size_t i = 0; i < s.server.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, s.server[i].name);
      out += ':';
      append_number(out, s.server[i].dur_ms);
    }
    out += '}';
  }
  append_opt(out, "network_overhead_ms", s.network_overhead_ms);
  append_opt(out, "latency_from_intended_ms", s.latency_from_intended_ms);
  out += '}';
}

std::string sample_to_json(const Sample& s) {
  std::string out;
  out.reserve(400);
  append_sample_json(out, s);
  return out;
}

namespace {

using json = nlohmann::ordered_json;  // keeps the server's stage order

Error bad(std::string_view key, std::string_view expected) {
  return input_error(fmt::format("key \"{}\": expected {}", key, expected));
}

}  // namespace

Result<Sample> sample_from_json(std::string_view line) {
  json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return input_error("not a JSON object (malformed JSON)");
  if (!j.is_object()) return input_error("expected a JSON object");
  Sample s;
  auto number = [&](const char* key, double& out, bool required) -> std::optional<Error> {
    auto it = j.find(key);
    if (it == j.end()) {
      if (required) return bad(key, "a number (missing)");
      return std::nullopt;
    }
    if (!it->is_number()) return bad(key, "a number");
    out = it->get<double>();
    return std::nullopt;
  };
  auto optional = [&](const char* key, std::optional<double>& out) -> std::optional<Error> {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) return bad(key, "a number");
    out = it->get<double>();
    return std::nullopt;
  };
  auto unsigned_int = [&](const char* key, std::uint64_t& out) -> std::optional<Error> {
    auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    if (!it->is_number_unsigned()) return bad(key, "a non-negative integer");
    out = it->get<std::uint64_t>();
    return std::nullopt;
  };
  std::uint64_t device = 0, status = 0;
  for (auto e : {unsigned_int("seq", s.seq), unsigned_int("device", device),
                 unsigned_int("bytes_up", s.bytes_up), unsigned_int("bytes_down", s.bytes_down),
                 unsigned_int("status", status), number("total_ms", s.total_ms, true),
                 number("intended_start_ms", s.intended_start_ms, false),
                 number("start_ms", s.start_ms, false), optional("dns_ms", s.dns_ms),
                 optional("connect_ms", s.connect_ms), optional("tls_ms", s.tls_ms),
                 optional("upload_ms", s.upload_ms),
                 optional("ttfb_ms", s.ttfb_ms), optional("network_overhead_ms", s.network_overhead_ms),
                 optional("latency_from_intended_ms", s.latency_from_intended_ms)}) {
    if (e) return *e;
  }
  s.device = static_cast<unsigned>(device);
  s.status = static_cast<int>(status);
  if (auto it = j.find("conn"); it != j.end()) {
    if (*it == "new") s.conn = ConnUse::fresh;
    else if (*it == "reused") s.conn = ConnUse::reused;
    else return bad("conn", "\"new\" or \"reused\"");
  }
  if (auto it = j.find("warmup"); it != j.end()) {
    if (!it->is_boolean()) return bad("warmup", "true or false");
    s.warmup = it->get<bool>();
  }
  if (auto it = j.find("error"); it != j.end() && !it->is_null()) {
    auto e = it->is_string() ? parse_error_class(it->get<std::string>()) : std::nullopt;
    if (!e) {
      std::string names;
      for (ErrorClass c : all_error_classes()) names += fmt::format("{}{}", names.empty() ? "" : ", ", error_class_name(c));
      return bad("error", "null or one of " + names);
    }
    s.error = *e;
  }
  if (auto it = j.find("server"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return bad("server", "an object of stage durations in ms");
    for (const auto& [name, dur] : it->items()) {
      if (!dur.is_number()) return bad("server." + name, "a number");
      s.server.push_back({name, dur.get<double>()});
    }
  }
  return s;
}

}  // namespace latbench::client
