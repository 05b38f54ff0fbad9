#include "server/ws_answer.hpp"

#include <fmt/format.h>
#include <msgpack.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <utility>

namespace latbench::server {
namespace {

// Padding bytes: a repeating base64-alphabet pattern rather than one byte, so that nothing
// between the server and the client can shrink it much.
void append_padding(std::string& out, std::size_t n) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  out.reserve(out.size() + n);
  while (n > 0) {
    auto chunk = std::min(n, k_alphabet.size());
    out.append(k_alphabet.data(), chunk);
    n -= chunk;
  }
}

constexpr std::array<std::pair<std::string_view, Nanos FrameTimings::*>, 7> k_stages{{
    {"parse", &FrameTimings::parse},
    {"queue", &FrameTimings::queue},
    {"warmup", &FrameTimings::warmup},
    {"decode", &FrameTimings::decode},
    {"infer", &FrameTimings::infer},
    {"post", &FrameTimings::post},
    {"total", &FrameTimings::total},
}};

std::string_view detail_key(FrameStatus status) {
  return status == FrameStatus::dropped ? "reason" : "error";
}

std::string json_answer(const FrameAnswer& a, std::size_t answer_bytes) {
  std::string out = fmt::format(R"({{"type":"result","frame_id":{},"status":"{}","timing":{{)",
                                a.frame_id, frame_status_name(a.status));
  bool first = true;
  for (auto [name, member] : k_stages) {
    fmt::format_to(std::back_inserter(out), R"({}"{}":{:.3f})", first ? "" : ",", name,
                   to_ms(a.timing.*member));
    first = false;
  }
  fmt::format_to(std::back_inserter(out), R"(}},"width":{},"height":{})", a.shape.width,
                 a.shape.height);
  if (!a.detail.empty())
    fmt::format_to(std::back_inserter(out), R"(,"{}":{})", detail_key(a.status),
                   nlohmann::json(a.detail).dump(-1, ' ', false,
                                                  nlohmann::json::error_handler_t::replace));
  constexpr std::string_view k_payload_field = R"(,"payload":"")";  // then the closing brace
  if (a.status == FrameStatus::processed && answer_bytes > 0 &&
      out.size() + k_payload_field.size() + 1 < answer_bytes) {
    std::size_t n = answer_bytes - (out.size() + k_payload_field.size() + 1);
    out += R"(,"payload":")";
    append_padding(out, n);
    out += '"';
  }
  out += '}';
  return out;
}

// msgpack-cxx's packer writes to any stream with write(const char*, size_t).
struct StringSink {
  std::string& out;
  void write(const char* data, std::size_t n) { out.append(data, n); }
};

std::size_t bin_header_bytes(std::size_t n) { return n < 256 ? 2 : n < 65536 ? 3 : 5; }

// The bin length n whose prefix + n bytes fill `room` exactly, or the largest that fits (room
// 257 or 65538 cannot be filled exactly); room >= 2.
std::size_t bin_length_for(std::size_t room) {
  for (std::size_t prefix : {5u, 3u, 2u})
    if (room >= prefix && bin_header_bytes(room - prefix) == prefix) return room - prefix;
  return room < 65536 ? 255 : 65535;
}

void pack_str(msgpack::packer<StringSink>& pk, std::string_view s) {
  pk.pack_str(static_cast<std::uint32_t>(s.size()));
  pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

// Every field but the payload, under a map header counting `extra` more entries.
void pack_fields(std::string& out, const FrameAnswer& a, std::uint32_t extra) {
  StringSink sink{out};
  msgpack::packer<StringSink> pk(sink);
  pk.pack_map(6u + (a.detail.empty() ? 0u : 1u) + extra);
  pack_str(pk, "type");
  pack_str(pk, "result");
  pack_str(pk, "frame_id");
  pk.pack_uint64(a.frame_id);
  pack_str(pk, "status");
  pack_str(pk, frame_status_name(a.status));
  pack_str(pk, "timing");
  pk.pack_map(static_cast<std::uint32_t>(k_stages.size()));
  for (auto [name, member] : k_stages) {
    pack_str(pk, name);
    pk.pack_double(to_ms(a.timing.*member));
  }
  pack_str(pk, "width");
  pk.pack_int(a.shape.width);
  pack_str(pk, "height");
  pk.pack_int(a.shape.height);
  if (!a.detail.empty()) {
    pack_str(pk, detail_key(a.status));
    pack_str(pk, a.detail);
  }
}

std::string msgpack_answer(const FrameAnswer& a, std::size_t answer_bytes) {
  std::string out;
  pack_fields(out, a, 0);
  constexpr std::string_view k_payload = "payload";
  // A fixmap's header is one byte up to 15 entries, so one more entry costs only key + bin.
  const std::size_t with_key = out.size() + 1 + k_payload.size();
  if (a.status != FrameStatus::processed || answer_bytes < with_key + 2) return out;
  out.clear();
  pack_fields(out, a, 1);
  StringSink sink{out};
  msgpack::packer<StringSink> pk(sink);
  pack_str(pk, k_payload);
  std::size_t n = bin_length_for(answer_bytes - out.size());
  pk.pack_bin(static_cast<std::uint32_t>(n));
  out.reserve(out.size() + n);
  append_padding(out, n);  // the bin's body, written straight after its prefix
  return out;
}

}  // namespace

std::string_view frame_status_name(FrameStatus status) {
  switch (status) {
    case FrameStatus::processed: return "processed";
    case FrameStatus::dropped: return "dropped";
    case FrameStatus::undecodable: return "undecodable";
    case FrameStatus::bad_frame: return "bad_frame";
  }
  return "processed";
}

int frame_status_code(FrameStatus status) {
  switch (status) {
    case FrameStatus::processed: return 200;
    case FrameStatus::dropped: return 503;
    case FrameStatus::undecodable: return 422;
    case FrameStatus::bad_frame: return 400;
  }
  return 200;
}

std::string encode_frame_answer(const FrameAnswer& answer, AnswerFormat format,
                                std::size_t answer_bytes) {
  return format == AnswerFormat::msgpack ? msgpack_answer(answer, answer_bytes)
                                         : json_answer(answer, answer_bytes);
}

}  // namespace latbench::server
