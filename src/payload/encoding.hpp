#pragma once
// How the image travels in the request body. Bodies are built once per image before the run and
// sent from memory, so encoding costs nothing per request; what changes is the bytes on the wire.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace latbench::payload {

enum class Encoding {
  raw,          // the JPEG bytes as the body, Content-Type: image/jpeg (the ESP32 sketch)
  multipart,    // multipart/form-data, one "file" part (what FastAPI's UploadFile expects)
  base64_json,  // {"image":"<base64>"} (browser clients): 4/3 of the JPEG plus a few bytes
};

Result<Encoding> parse_encoding(std::string_view text, std::string_view what = "encoding");
std::string_view encoding_name(Encoding e);  // "raw" | "multipart" | "base64-json"

struct Body {
  std::vector<unsigned char> bytes;
  std::string content_type;
  std::size_t image_bytes = 0;  // the JPEG inside
};

// `filename` names the multipart part (e.g. "frame.jpg").
Body encode_body(const std::vector<unsigned char>& jpeg, Encoding encoding,
                 std::string_view filename = "frame.jpg");

std::string base64_encode(const unsigned char* data, std::size_t size);

}  // namespace latbench::payload
