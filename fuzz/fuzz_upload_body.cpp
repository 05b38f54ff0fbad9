// Upload bodies as the reference server reduces them to the JPEG bytes: raw, multipart/form-data
// and {"image": "<base64>"}, chosen by Content-Type; and base64 itself, whose decoder must give
// back what the encoder was given.
//
// Input: the first line is the Content-Type, the rest the body.
#include <string>

#include "fuzz_support.hpp"
#include "server/upload_body.hpp"

using namespace latbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  const std::string_view content_type = fuzz::take_until(body, "\n");
  fuzz::expect_only_latbench_errors("upload body", [&] {
    std::string storage;
    auto image = server::extract_image(content_type, body, storage);
    if (image && server::encoding_for(content_type) != server::Encoding::json) {
      // raw and multipart answer a view into the body itself.
      fuzz::check(image->data() >= body.data() && image->data() + image->size() <= body.data() + body.size(),
                  "the image is a view into the body");
    }
    (void)server::base64_decode(body);
    auto round = server::base64_decode(server::base64_encode(body));
    fuzz::check(round && *round == body, "base64 round trip");
  });
  return 0;
}
