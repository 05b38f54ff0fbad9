#include "server/upload_body.hpp"
#include "core/base64.hpp"
#include "core/json_depth.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <nlohmann/json.hpp>

namespace latbench::server {
namespace {

// The boundary parameter of a multipart Content-Type, quotes removed.
std::string_view multipart_boundary(std::string_view content_type) {
  std::size_t pos = 0;
  while ((pos = content_type.find(';', pos)) != std::string_view::npos) {
    auto param = trim_blanks(content_type.substr(pos + 1));
    if (starts_with_nocase(param, "boundary=")) {
      auto value = param.substr(9);
      value = value.substr(0, value.find(';'));
      value = trim_blanks(value);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
      return value;
    }
    ++pos;
  }
  return {};
}

// The first part that carries a file (a filename= in its Content-Disposition), else the first
// part: FastAPI's UploadFile parameter takes the same.
Result<std::string_view> multipart_file(std::string_view content_type, std::string_view body) {
  auto boundary = multipart_boundary(content_type);
  if (boundary.empty()) return input_error("multipart/form-data without a boundary parameter");
  std::string delimiter = fmt::format("--{}", boundary);
  auto pos = body.find(delimiter);
  if (pos == std::string_view::npos) return input_error("multipart body without its boundary");
  std::string_view first_part;
  std::string next_delimiter = "\r\n" + delimiter;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") break;  // closing delimiter
    auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return input_error("multipart part without headers end");
    auto headers = body.substr(pos, headers_end - pos);
    auto content_start = headers_end + 4;
    auto content_end = body.find(next_delimiter, content_start);
    if (content_end == std::string_view::npos)
      return input_error("multipart part not closed by its boundary");
    auto content = body.substr(content_start, content_end - content_start);
    if (headers.find("filename=") != std::string_view::npos) return content;
    if (first_part.empty()) first_part = content;
    pos = content_end + 2;  // at the delimiter
  }
  if (first_part.empty()) return input_error("multipart body has no part");
  return first_part;
}

// {"image":"<base64>"} and nothing else, the shape devices send: the base64 text, found without a
// general JSON parse (nlohmann takes ~20x longer on a 50 KB string). Anything else: nullopt, and
// the caller parses properly.
std::optional<std::string_view> simple_image_json(std::string_view body) {
  auto skip_ws = [&](std::size_t i) {
    while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) ++i;
    return i;
  };
  auto expect = [&](std::size_t& i, std::string_view token) {
    i = skip_ws(i);
    if (body.substr(i, token.size()) != token) return false;
    i += token.size();
    return true;
  };
  std::size_t i = 0;
  if (!expect(i, "{") || !expect(i, "\"image\"") || !expect(i, ":") || !expect(i, "\"")) return std::nullopt;
  auto end = body.find_first_of("\"\\", i);
  if (end == std::string_view::npos || body[end] != '"') return std::nullopt;
  auto value = body.substr(i, end - i);
  i = end + 1;
  if (!expect(i, "}") || skip_ws(i) != body.size()) return std::nullopt;
  return value;
}

}  // namespace

Encoding encoding_for(std::string_view content_type) {
  if (starts_with_nocase(content_type, "multipart/form-data")) return Encoding::multipart;
  if (starts_with_nocase(content_type, "application/json")) return Encoding::json;
  return Encoding::raw;
}

Result<std::string> base64_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  if (auto r = base64_decode_append(out, text); !r)
    return input_error(fmt::format("image: {}", r.error().what()));
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  base64_append(out, bytes);
  return out;
}

Result<std::string_view> extract_image(std::string_view content_type, std::string_view body,
                                       std::string& storage) {
  switch (encoding_for(content_type)) {
    case Encoding::raw: return body;
    case Encoding::multipart: return multipart_file(content_type, body);
    case Encoding::json: {
      if (auto text = simple_image_json(body)) {
        auto decoded = base64_decode(*text);
        if (!decoded) return decoded.error();
        storage = std::move(*decoded);
        return std::string_view(storage);
      }
      if (auto at = json_too_deep_at(body)) return input_error("JSON body: " + json_too_deep_message(*at));
      auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (doc.is_discarded()) return input_error("JSON body does not parse");
      auto it = doc.is_object() ? doc.find("image") : doc.end();
      if (it == doc.end() || !it->is_string())
        return input_error("JSON body has no string field \"image\" (base64 JPEG expected)");
      auto decoded = base64_decode(it->get_ref<const std::string&>());
      if (!decoded) return decoded.error();
      storage = std::move(*decoded);
      return std::string_view(storage);
    }
  }
  return body;
}

}  // namespace latbench::server
