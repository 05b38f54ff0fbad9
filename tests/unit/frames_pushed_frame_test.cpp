// Frames pushed to a viewer read back (frames/pushed_frame.hpp): the server's binary header,
// JSON with other member names (ws_field), msgpack, and what is refused.
#include "frames/pushed_frame.hpp"

#include <gtest/gtest.h>

#include <msgpack.hpp>

#include "common/frames_cases.hpp"
#include "core/base64.hpp"

using namespace latbench;
using namespace latbench::frames;

using latbench::test::framing_spec;

namespace {

PushedFields fields(std::string_view text) {
  auto r = parse_pushed_fields(text);
  if (!r) throw std::runtime_error(r.error().what());
  return std::move(r).take();
}

// '!IdI' big-endian: frame_id 7, timestamp 1700000000.25 s, length 3, then 3 bytes.
std::string header16(std::uint32_t length) {
  std::string m = {0, 0, 0, 7};
  const double ts = 1700000000.25;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &ts, 8);
  for (int i = 7; i >= 0; --i) m += static_cast<char>((bits >> (8 * i)) & 0xff);
  for (int i = 3; i >= 0; --i) m += static_cast<char>((length >> (8 * i)) & 0xff);
  return m;
}

}  // namespace

TEST(PushedFrame, TheServersSixteenByteHeaderGivesIdTimestampAndJpegBytes) {
  const auto s = framing_spec(Framing::binary, "!IdI:frame_id,timestamp,length");
  auto f = read_pushed_frame(s, {}, header16(3) + "abc", MessageKind::binary);
  ASSERT_TRUE(f.ok()) << f.error().what();
  EXPECT_EQ(f->frame_id, 7u);
  EXPECT_DOUBLE_EQ(*f->timestamp_ms, 1700000000250.0);
  EXPECT_EQ(f->jpeg_bytes, 3u);
  EXPECT_FALSE(read_pushed_frame(s, {}, header16(4) + "abc", MessageKind::binary).ok());
  EXPECT_FALSE(read_pushed_frame(s, {}, header16(3) + "abc", MessageKind::text).ok());
}

TEST(PushedFrame, RenamedHeaderFieldsAreReadThroughWsField) {
  const auto s = framing_spec(Framing::binary, "!IdI:n,t,length");
  auto f = read_pushed_frame(s, fields("frame_id=n,timestamp=t"), header16(3) + "abc", MessageKind::binary);
  ASSERT_TRUE(f.ok()) << f.error().what();
  EXPECT_EQ(f->frame_id, 7u);
  EXPECT_DOUBLE_EQ(*f->timestamp_ms, 1700000000250.0);
}

TEST(PushedFrame, JsonWithOtherNamesIsReadAndItsBase64Decoded) {
  std::string b64;
  base64_append(b64, std::string(1000, 'x'));
  const std::string message = R"({"type":"frame","id":42,"ts":1700000000.5,"frame_data":")" + b64 + "\"}";
  const auto f = read_pushed_frame(framing_spec(Framing::base64_json), fields("frame_id=id,timestamp=ts,image=frame_data"),
                                   message, MessageKind::text);
  ASSERT_TRUE(f.ok()) << f.error().what();
  EXPECT_EQ(f->frame_id, 42u);
  EXPECT_DOUBLE_EQ(*f->timestamp_ms, 1700000000500.0);
  EXPECT_EQ(f->jpeg_bytes, 1000u);
  // Our own names by default; a data URL is accepted.
  const auto ours = read_pushed_frame(framing_spec(Framing::base64_json), {},
                                      R"({"frame_id":3,"timestamp_ms":12.5,"image":"data:image/jpeg;base64,QUJD"})",
                                      MessageKind::text);
  ASSERT_TRUE(ours.ok()) << ours.error().what();
  EXPECT_EQ(ours->frame_id, 3u);
  EXPECT_DOUBLE_EQ(*ours->timestamp_ms, 12.5);
  EXPECT_EQ(ours->jpeg_bytes, 3u);
}

TEST(PushedFrame, MsgpackMapsCarryTheImageAsBin) {
  msgpack::sbuffer buf;
  msgpack::packer<msgpack::sbuffer> pk(buf);
  pk.pack_map(3);
  pk.pack(std::string("frame_id"));
  pk.pack(std::uint64_t{9});
  pk.pack(std::string("timestamp_ms"));
  pk.pack(1234.5);
  pk.pack(std::string("image"));
  pk.pack_bin(5);
  pk.pack_bin_body("12345", 5);
  const auto f = read_pushed_frame(framing_spec(Framing::msgpack), {}, std::string_view(buf.data(), buf.size()), MessageKind::binary);
  ASSERT_TRUE(f.ok()) << f.error().what();
  EXPECT_EQ(f->frame_id, 9u);
  EXPECT_DOUBLE_EQ(*f->timestamp_ms, 1234.5);
  EXPECT_EQ(f->jpeg_bytes, 5u);
}

TEST(PushedFrame, WhatIsNotAFrameIsRefusedWithWordsNamingTheMember) {
  const auto json = framing_spec(Framing::base64_json);
  EXPECT_EQ(std::string(read_pushed_frame(json, {}, R"({"type":"status"})", MessageKind::text).error().what()),
            "image: missing (expected the frame's image)");
  EXPECT_EQ(std::string(read_pushed_frame(json, {}, R"({"frame_id":-1,"image":"QUJD"})", MessageKind::text).error().what()),
            "frame_id: expected a non-negative integer frame id");
  EXPECT_EQ(std::string(read_pushed_frame(json, {}, R"({"image":"Q!JD"})", MessageKind::text).error().what()).substr(0, 7),
            "image: ");
  EXPECT_FALSE(read_pushed_frame(json, {}, "not json", MessageKind::text).ok());
  EXPECT_EQ(std::string(parse_pushed_fields("frame=id").error().what()),
            "ws_field: 'frame=id': expected NAME=KEY with NAME one of frame_id, timestamp, timestamp_ms, image");
  EXPECT_FALSE(parse_pushed_fields("frame_id=").ok());
  EXPECT_TRUE(parse_pushed_fields("").ok());
}
