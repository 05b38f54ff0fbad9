#include "payload/encoding.hpp"

#include "core/base64.hpp"

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
  std::string out;
  base64_append(out, std::string_view(reinterpret_cast<const char*>(data), size));
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
