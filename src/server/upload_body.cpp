#include "server/upload_body.hpp"
#include "core/json_depth.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <nlohmann/json.hpp>

namespace latbench::server {
namespace {

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
}

// The boundary parameter of a multipart Content-Type, quotes removed.
std::string_view multipart_boundary(std::string_view content_type) {
  std::size_t pos = 0;
  while ((pos = content_type.find(';', pos)) != std::string_view::npos) {
    auto param = trim_blanks(content_type.substr(pos + 1));
    if (iequals_prefix(param, "boundary=")) {
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

constexpr std::string_view k_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

Encoding encoding_for(std::string_view content_type) {
  if (iequals_prefix(content_type, "multipart/form-data")) return Encoding::multipart;
  if (iequals_prefix(content_type, "application/json")) return Encoding::json;
  return Encoding::raw;
}

Result<std::string> base64_decode(std::string_view text) {
  static const auto table = [] {
    std::array<signed char, 256> t{};
    t.fill(-1);
    for (std::size_t i = 0; i < k_alphabet.size(); ++i)
      t[static_cast<unsigned char>(k_alphabet[i])] = static_cast<signed char>(i);
    return t;
  }();
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return input_error("base64 image has a truncated final group");
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto v = table[static_cast<unsigned char>(text[i])];
    if (v < 0) return input_error(fmt::format("base64 image has an invalid character at offset {}", i));
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 2 < bytes.size(); i += 3) {
    std::uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    for (int s = 18; s >= 0; s -= 6) out.push_back(k_alphabet[(v >> s) & 63]);
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t v = at(i) << 16;
    if (rest == 2) v |= at(i + 1) << 8;
    out.push_back(k_alphabet[(v >> 18) & 63]);
    out.push_back(k_alphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? k_alphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
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
