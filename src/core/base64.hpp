#pragma once
// Standard base64 (RFC 4648 section 4: A-Z a-z 0-9 + /, '=' padding), appended to a caller's
// string so a frame's JPEG is encoded straight into the message that carries it (one pass, no
// intermediate copy of a 100 MB image).
#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace latbench {

// The encoded length of `n` bytes (with padding).
constexpr std::size_t base64_encoded_size(std::size_t n) { return (n + 2) / 3 * 4; }

// Appends the encoding of `bytes` (padded with '=') to `out`.
void base64_append(std::string& out, std::string_view bytes);

// Appends the bytes `text` encodes to `out`. Padding is optional (a length of 4k+2 or 4k+3
// without it is accepted); whitespace and the URL-safe alphabet are not. Errors (input) name the
// offset of the first bad character, or say the length cannot be base64. `out` may have been
// partly appended to when it fails.
Result<std::size_t> base64_decode_append(std::string& out, std::string_view text);

}  // namespace latbench
