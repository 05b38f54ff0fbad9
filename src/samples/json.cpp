#include "samples/json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <utility>
#include <vector>

#include "samples/line.hpp"

namespace latbench::samples {

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
  // A frame's own fields last, so an HTTP upload's line is what it always was.
  if (s.ws && s.ws->down) {
    const WsDownFields& d = *s.ws->down;
    out += ",\"transport\":\"ws\",\"direction\":\"down\"";
    append_key(out, "frame_id");
    append_number(out, s.ws->frame_id);
    append_key(out, "session");
    append_number(out, s.ws->session);
    append_ms(out, "arrival_ms", d.arrival_ms);
    append_opt(out, "gap_ms", d.gap_ms);
    append_opt(out, "frame_age_ms", d.frame_age_ms);
    append_opt(out, "clock_offset_ms", d.clock_offset_ms);
    append_key(out, "missing_frames");
    append_number(out, d.missing_frames);
    append_opt(out, "upgrade_ms", s.ws->upgrade_ms);
  } else if (s.ws) {
    out += ",\"transport\":\"ws\",\"direction\":\"up\"";
    append_key(out, "frame_id");
    append_number(out, s.ws->frame_id);
    append_key(out, "session");
    append_number(out, s.ws->session);
    append_key(out, "pending");
    append_number(out, s.ws->pending);
    append_opt(out, "upgrade_ms", s.ws->upgrade_ms);
    append_opt(out, "first_answer_ms", s.ws->first_answer_ms);
  }
  out += '}';
}

std::string sample_to_json(const Sample& s) {
  std::string out;
  out.reserve(400);
  append_sample_json(out, s);
  return out;
}

namespace {

namespace dom = simdjson::dom;

Error bad(std::string_view key, std::string_view expected) {
  return input_error(fmt::format("key \"{}\": expected {}", key, expected));
}

// A non-negative integer written without a fraction or exponent (nlohmann's number_unsigned).
std::optional<std::uint64_t> unsigned_integer(dom::element value) {
  switch (value.type()) {
    case dom::element_type::INT64: {
      const std::int64_t v = value.get_int64().value_unsafe();
      if (v < 0) return std::nullopt;
      return static_cast<std::uint64_t>(v);
    }
    case dom::element_type::UINT64: return value.get_uint64().value_unsafe();
    default: return std::nullopt;
  }
}

// The line's members as a Sample. Every key is checked and the first bad one, in this order,
// is the one named: the order and wording of the nlohmann-based reader this replaced.
Result<Sample> to_sample(const SampleLine& line) {
  Sample s;
  auto number = [&](Key key, double& out, bool required) -> std::optional<Error> {
    const auto& v = line[key];
    if (!v) {
      if (required) return bad(key_name(key), "a number (missing)");
      return std::nullopt;
    }
    const auto d = json_number(*v);
    if (!d) return bad(key_name(key), "a number");
    out = *d;
    return std::nullopt;
  };
  auto optional = [&](Key key, std::optional<double>& out) -> std::optional<Error> {
    const auto& v = line[key];
    if (!v || v->is_null()) return std::nullopt;
    const auto d = json_number(*v);
    if (!d) return bad(key_name(key), "a number");
    out = *d;
    return std::nullopt;
  };
  auto unsigned_int = [&](Key key, std::uint64_t& out) -> std::optional<Error> {
    const auto& v = line[key];
    if (!v) return std::nullopt;
    const auto u = unsigned_integer(*v);
    if (!u) return bad(key_name(key), "a non-negative integer");
    out = *u;
    return std::nullopt;
  };
  std::uint64_t device = 0, status = 0;
  for (auto e : {unsigned_int(Key::seq, s.seq), unsigned_int(Key::device, device),
                 unsigned_int(Key::bytes_up, s.bytes_up), unsigned_int(Key::bytes_down, s.bytes_down),
                 unsigned_int(Key::status, status), number(Key::total_ms, s.total_ms, true),
                 number(Key::intended_start_ms, s.intended_start_ms, false),
                 number(Key::start_ms, s.start_ms, false), optional(Key::dns_ms, s.dns_ms),
                 optional(Key::connect_ms, s.connect_ms), optional(Key::tls_ms, s.tls_ms),
                 optional(Key::upload_ms, s.upload_ms), optional(Key::ttfb_ms, s.ttfb_ms),
                 optional(Key::network_overhead_ms, s.network_overhead_ms),
                 optional(Key::latency_from_intended_ms, s.latency_from_intended_ms)}) {
    if (e) return *e;
  }
  s.device = static_cast<unsigned>(device);
  s.status = static_cast<int>(status);
  if (const auto& v = line[Key::transport]; v && !v->is_null()) {
    std::string_view transport;
    if (v->get(transport)) transport = {};
    if (transport == "ws") {
      WsFrameFields ws;
      for (auto e : {unsigned_int(Key::frame_id, ws.frame_id), unsigned_int(Key::session, ws.session),
                     unsigned_int(Key::pending, ws.pending), optional(Key::upgrade_ms, ws.upgrade_ms),
                     optional(Key::first_answer_ms, ws.first_answer_ms)}) {
        if (e) return *e;
      }
      if (const auto& d = line[Key::direction]) {
        std::string_view direction;
        if (d->get(direction) || (direction != "up" && direction != "down")) return bad("direction", "\"up\" or \"down\"");
        if (direction == "down") {
          WsDownFields down;
          for (auto e : {number(Key::arrival_ms, down.arrival_ms, true), optional(Key::gap_ms, down.gap_ms),
                         optional(Key::frame_age_ms, down.frame_age_ms),
                         optional(Key::clock_offset_ms, down.clock_offset_ms),
                         unsigned_int(Key::missing_frames, down.missing_frames)}) {
            if (e) return *e;
          }
          ws.down = down;
        }
      }
      s.ws = ws;
    } else if (transport != "http") {
      return bad("transport", "\"http\" or \"ws\"");
    }
  }
  if (const auto& v = line[Key::conn]) {
    std::string_view conn;
    if (v->get(conn)) conn = {};
    if (conn == "new") s.conn = ConnUse::fresh;
    else if (conn == "reused") s.conn = ConnUse::reused;
    else return bad("conn", "\"new\" or \"reused\"");
  }
  if (const auto& v = line[Key::warmup]) {
    if (v->get(s.warmup)) return bad("warmup", "true or false");
  }
  if (const auto& v = line[Key::error]; v && !v->is_null()) {
    std::string_view name;
    const auto e = v->get(name) ? std::nullopt : parse_error_class(name);
    if (!e) {
      std::string names;
      for (ErrorClass c : all_error_classes()) names += fmt::format("{}{}", names.empty() ? "" : ", ", error_class_name(c));
      return bad("error", "null or one of " + names);
    }
    s.error = *e;
  }
  if (const auto& v = line[Key::server]; v && !v->is_null()) {
    dom::object stages;
    if (v->get(stages)) return bad("server", "an object of stage durations in ms");
    // A stage named twice keeps its first place and its last value, as nlohmann's ordered_json
    // read it; then each is checked in that order.
    std::vector<std::pair<std::string_view, dom::element>> kept;
    for (const auto member : stages) {
      auto it = std::find_if(kept.begin(), kept.end(), [&](const auto& k) { return k.first == member.key; });
      if (it == kept.end()) kept.emplace_back(member.key, member.value);
      else it->second = member.value;
    }
    for (const auto& [name, dur] : kept) {
      const auto d = json_number(dur);
      if (!d) return bad("server." + std::string(name), "a number");
      s.server.push_back({std::string(name), *d});
    }
  }
  return s;
}

}  // namespace

SampleParser::SampleParser() : m_lines(std::make_unique<SampleLineParser>()) {}
SampleParser::~SampleParser() = default;

Result<Sample> SampleParser::parse(std::string_view text) {
  SampleLine line;
  switch (m_lines->parse(text, line)) {
    case LineShape::malformed: return input_error("not a JSON object (malformed JSON)");
    case LineShape::not_object: return input_error("expected a JSON object");
    case LineShape::object: break;
  }
  return to_sample(line);
}

Result<Sample> sample_from_json(std::string_view line) { return SampleParser().parse(line); }

}  // namespace latbench::samples
