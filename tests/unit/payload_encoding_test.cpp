#include <gtest/gtest.h>

#include <string>

#include "payload/encoding.hpp"

using namespace latbench::payload;

namespace {
std::string b64(const std::string& s) {
  return base64_encode(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}
}  // namespace

TEST(PayloadEncoding, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(b64(""), "");
  EXPECT_EQ(b64("f"), "Zg==");
  EXPECT_EQ(b64("fo"), "Zm8=");
  EXPECT_EQ(b64("foo"), "Zm9v");
  EXPECT_EQ(b64("foob"), "Zm9vYg==");
  EXPECT_EQ(b64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(b64("foobar"), "Zm9vYmFy");
}

TEST(PayloadEncoding, RawIsTheJpegItself) {
  std::vector<unsigned char> jpeg(1000, 0xAB);
  Body b = encode_body(jpeg, Encoding::raw);
  EXPECT_EQ(b.bytes, jpeg);
  EXPECT_EQ(b.content_type, "image/jpeg");
  EXPECT_EQ(b.image_bytes, 1000u);
}

TEST(PayloadEncoding, Base64JsonIsFourThirdsPlusTheWrapper) {
  std::vector<unsigned char> jpeg(3000, 0x11);
  Body b = encode_body(jpeg, Encoding::base64_json);
  // {"image":"  = 10 bytes, "}  = 2 bytes, 3000 bytes -> 4000 base64 characters.
  EXPECT_EQ(b.bytes.size(), 4000u + 12u);
  EXPECT_EQ(b.content_type, "application/json");
  std::string text(b.bytes.begin(), b.bytes.end());
  EXPECT_EQ(text.substr(0, 10), "{\"image\":\"");
  EXPECT_EQ(text.substr(text.size() - 2), "\"}");
}

TEST(PayloadEncoding, MultipartWrapsTheJpegInOneFilePart) {
  std::vector<unsigned char> jpeg(500, 0x22);
  Body b = encode_body(jpeg, Encoding::multipart, "a.jpg");
  std::string boundary = b.content_type.substr(b.content_type.find("boundary=") + 9);
  std::string head = "--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
                     "Content-Type: image/jpeg\r\n\r\n";
  std::string tail = "\r\n--" + boundary + "--\r\n";
  ASSERT_EQ(b.bytes.size(), head.size() + 500 + tail.size());
  std::string text(b.bytes.begin(), b.bytes.end());
  EXPECT_EQ(text.substr(0, head.size()), head);
  EXPECT_EQ(text.substr(head.size() + 500), tail);
}

TEST(PayloadEncoding, ParseNamesTheOption) {
  EXPECT_EQ(*parse_encoding("base64-json"), Encoding::base64_json);
  auto bad = parse_encoding("gzip", "--encoding");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.error().what()).find("--encoding"), std::string::npos);
}
