#include "payload/encoding.hpp"

#include <fmt/format.h>

namespace latbench::payload {

Result<Encoding> parse_encoding(std::string_view text, std::string_view what) {
  if (text == "raw") return Encoding::raw;
  if (text == "multipart") return Encoding::multipart;
  if (text == "base64-json" || text == "base64_json") return Encoding::base64_json;
  return usage_error(fmt::format("{}: invalid value '{}' (expected raw, multipart or base64-json)",
                                 what, text));
}

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::raw: return "raw";
    case Encoding::multipart: return "multipart";
    case Encoding::base64_json: return "base64-json";
  }
  return "raw";
}

std::string base64_encode(const unsigned char* data, std::size_t size) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < size; i += 3) {
    unsigned v = (unsigned{data[i]} << 16) | (unsigned{data[i + 1]} << 8) | data[i + 2];
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += k_alphabet[v & 63];
  }
  if (i < size) {
    unsigned v = unsigned{data[i]} << 16;
    if (i + 1 < size) v |= unsigned{data[i + 1]} << 8;
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += i + 1 < size ? k_alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

namespace {

void append(std::vector<unsigned char>& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

}  // namespace

Body encode_body(const std::vector<unsigned char>& jpeg, Encoding encoding, std::string_view filename) {
  Body body;
  body.image_bytes = jpeg.size();
  switch (encoding) {
    case Encoding::raw:
      body.bytes = jpeg;
      body.content_type = "image/jpeg";
      break;
    case Encoding::multipart: {
      // A fixed boundary: JPEG data could contain it only by a 1-in-2^200 accident.
      constexpr std::string_view k_boundary = "latbench7d3f9a1c5e2b8046d1a9c3e7f5b2d8a0";
      body.content_type = fmt::format("multipart/form-data; boundary={}", k_boundary);
      append(body.bytes, fmt::format("--{}\r\nContent-Disposition: form-data; name=\"file\"; "
                                     "filename=\"{}\"\r\nContent-Type: image/jpeg\r\n\r\n",
                                     k_boundary, filename));
      body.bytes.insert(body.bytes.end(), jpeg.begin(), jpeg.end());
      append(body.bytes, fmt::format("\r\n--{}--\r\n", k_boundary));
      break;
    }
    case Encoding::base64_json:
      body.content_type = "application/json";
      append(body.bytes, "{\"image\":\"");
      append(body.bytes, base64_encode(jpeg.data(), jpeg.size()));
      append(body.bytes, "\"}");
      break;
  }
  return body;
}

}  // namespace latbench::payload
