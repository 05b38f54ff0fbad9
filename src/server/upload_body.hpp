#pragma once
// The three ways users' devices send an image (raw image/jpeg, multipart/form-data with a file
// field, JSON {"image": "<base64>"}), reduced to the JPEG bytes.
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace latbench::server {

enum class Encoding { raw, multipart, json };

// Chooses the encoding from the Content-Type header (missing or anything else: raw).
Encoding encoding_for(std::string_view content_type);

// The image bytes of `body`. For raw and multipart, a view into `body`; for JSON, the decoded
// bytes are stored in `storage` and viewed. Errors (input) say what is malformed.
Result<std::string_view> extract_image(std::string_view content_type, std::string_view body,
                                       std::string& storage);

// core/base64 for the upload path: the decoded image, or an input error naming the offset.
Result<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace latbench::server
