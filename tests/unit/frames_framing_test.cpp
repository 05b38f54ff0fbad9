#include "frames/framing.hpp"

#include <gtest/gtest.h>

#include "common/frames_cases.hpp"

using namespace latbench;
using namespace latbench::frames;
using test::frames_case;
using test::frames_jpeg;

using latbench::test::framing_spec;

namespace {

constexpr double k_ts_ms = 1733107200123.456;

FrameFields fields12() { return {12, k_ts_ms, "cam-1", 0}; }

Message encoded(const FramingSpec& s, const FrameFields& f, std::string_view jpeg) {
  auto r = encode_frame(s, f, jpeg);
  if (!r) throw std::runtime_error(r.error().what());
  return std::move(r).take();
}

std::string decode_error(const FramingSpec& s, std::string_view message, MessageKind kind) {
  auto r = decode_frame(s, message, kind);
  return r ? "" : r.error().what();
}

}  // namespace

TEST(FramesFraming, NamesTheThreeFramings) {
  EXPECT_EQ(*parse_framing("base64-json"), Framing::base64_json);
  EXPECT_EQ(*parse_framing("msgpack"), Framing::msgpack);
  EXPECT_EQ(framing_name(Framing::base64_json), "base64-json");
  EXPECT_EQ(std::string(parse_framing("json").error().what()),
            "invalid framing 'json' (expected binary, base64-json or msgpack)");
}

TEST(FramesFraming, BinaryFrameIsTheHeaderThenTheJpeg) {
  const auto s = framing_spec(Framing::binary, "!Ifd:frame_id,timestamp,length");
  const Message m = encoded(s, fields12(), frames_jpeg());
  EXPECT_EQ(m.kind, MessageKind::binary);
  EXPECT_EQ(m.bytes, frames_case("frame_binary_Ifd"));
  EXPECT_EQ(encoded(framing_spec(Framing::binary, "<QdI:frame_id,timestamp_ms,length"), fields12(), frames_jpeg()).bytes,
            frames_case("frame_binary_QdI"));
  EXPECT_EQ(encoded(framing_spec(Framing::binary), fields12(), frames_jpeg()).bytes, frames_jpeg());
}

TEST(FramesFraming, Base64JsonDefaultTemplateIsWhatTheBrowsersSend) {
  const Message m = encoded(framing_spec(Framing::base64_json), fields12(), frames_jpeg());
  EXPECT_EQ(m.kind, MessageKind::text);
  EXPECT_EQ(m.bytes, frames_case("frame_b64json_default"));
}

TEST(FramesFraming, Base64JsonTemplateEscapesTheDevice) {
  const auto s = framing_spec(Framing::base64_json, "", R"({"id":{frame_id},"dev":"{device}","jpg":"{jpeg_base64}"})");
  EXPECT_EQ(s.json_template.image_key(), "jpg");
  EXPECT_EQ(encoded(s, {12, 0, "a\"b\\c", 0}, frames_jpeg()).bytes, frames_case("frame_b64json_custom"));
}

TEST(FramesFraming, MsgpackIsTheMapPythonPacks) {
  EXPECT_EQ(encoded(framing_spec(Framing::msgpack), fields12(), frames_jpeg()).bytes, frames_case("frame_msgpack"));
  EXPECT_EQ(encoded(framing_spec(Framing::msgpack), {1ull << 40, 0.5, "", 0}, test::frames_pattern(70000)).bytes,
            frames_case("frame_msgpack_big"));
}

TEST(FramesFraming, DecodesEachFramingBackWithTheJpegInPlace) {
  const auto bin = framing_spec(Framing::binary, "!Ifd:frame_id,timestamp,length");
  const std::string message = frames_case("frame_binary_Ifd");
  auto d = decode_frame(bin, message, MessageKind::binary);
  ASSERT_TRUE(d.ok()) << d.error().what();
  EXPECT_EQ(d->frame_id, 12u);
  EXPECT_EQ(d->jpeg(), frames_jpeg());
  EXPECT_EQ(d->jpeg().data(), message.data() + 16);  // a view, not a copy
  EXPECT_NEAR(*d->timestamp_ms, k_ts_ms, 1e5);  // the header's 'f' keeps 24 bits of seconds

  const std::string mp = frames_case("frame_msgpack_big");
  auto m = decode_frame(framing_spec(Framing::msgpack), mp, MessageKind::binary);
  ASSERT_TRUE(m.ok()) << m.error().what();
  EXPECT_EQ(m->frame_id, 1ull << 40);
  EXPECT_EQ(m->timestamp_ms, 0.5);
  EXPECT_EQ(m->device, "");
  EXPECT_EQ(m->jpeg(), test::frames_pattern(70000));
  EXPECT_GE(m->jpeg().data(), mp.data());
  EXPECT_LT(m->jpeg().data(), mp.data() + mp.size());

  auto j = decode_frame(framing_spec(Framing::base64_json), frames_case("frame_b64json_default"), MessageKind::text);
  ASSERT_TRUE(j.ok()) << j.error().what();
  EXPECT_EQ(j->frame_id, 12u);
  EXPECT_EQ(j->timestamp_ms, k_ts_ms);
  EXPECT_EQ(j->device, "cam-1");
  EXPECT_EQ(j->jpeg(), frames_jpeg());

  const auto custom = framing_spec(Framing::base64_json, "", R"({"id":{frame_id},"dev":"{device}","jpg":"{jpeg_base64}"})");
  auto c = decode_frame(custom, frames_case("frame_b64json_custom"), MessageKind::text);
  ASSERT_TRUE(c.ok()) << c.error().what();
  EXPECT_EQ(c->jpeg(), frames_jpeg());
  EXPECT_FALSE(c->frame_id);  // the template calls it "id": not a well-known name
}

TEST(FramesFraming, DecodeNamesWhatIsWrong) {
  const auto bin = framing_spec(Framing::binary, "!Ifd:frame_id,timestamp,length");
  std::string message = frames_case("frame_binary_Ifd");
  EXPECT_EQ(decode_error(bin, message.substr(0, 10), MessageKind::binary),
            "10 bytes, shorter than the 16-byte header '!Ifd:frame_id,timestamp,length'");
  EXPECT_EQ(decode_error(bin, message + "x", MessageKind::binary),
            "header field length = 46, but 47 bytes follow the 16-byte header");
  EXPECT_EQ(decode_error(bin, message, MessageKind::text), "a text message, expected a binary frame");

  const auto json = framing_spec(Framing::base64_json);
  EXPECT_EQ(decode_error(json, "[1,2]", MessageKind::text), "byte 0: expected a JSON object");
  EXPECT_EQ(decode_error(json, R"({"frame_id":1})", MessageKind::text), "image: expected a string with the base64 JPEG");
  EXPECT_EQ(decode_error(json, R"({"frame_id":-1,"image":"AA=="})", MessageKind::text),
            "frame_id: expected a non-negative integer");
  EXPECT_EQ(decode_error(json, R"({"image":"data:image/jpeg;base64,AA*A"})", MessageKind::text),
            "image: base64 offset 2: '*' is not a base64 character");
  EXPECT_EQ(decode_error(json, R"({"image":"data:image/jpeg,AAAA"})", MessageKind::text),
            "image: a data URL without ';base64,'");
  EXPECT_NE(decode_error(json, R"({"image":"AAAA"} trailing)", MessageKind::text), "");
  EXPECT_NE(decode_error(json, R"({"image":"AAAA")", MessageKind::text), "");

  const auto mp = framing_spec(Framing::msgpack);
  const std::string good = frames_case("frame_msgpack");
  EXPECT_EQ(decode_error(mp, good, MessageKind::text), "a text message, expected a binary msgpack frame");
  EXPECT_EQ(decode_error(mp, good.substr(0, good.size() - 1), MessageKind::binary),
            "msgpack cut short: the value at byte 54 is incomplete");
  EXPECT_EQ(decode_error(mp, good + "\x01", MessageKind::binary), "byte " + std::to_string(good.size()) + ": 1 bytes after the msgpack map");
  EXPECT_EQ(decode_error(mp, "\x93\x01\x02\x03", MessageKind::binary), "expected a msgpack map, found an array");
}

TEST(FramesFraming, SpecErrorsNameThePart) {
  EXPECT_EQ(std::string(make_framing_spec(Framing::binary, "!Iz:a", "").error().what()),
            "header: position 2: 'z' is not a supported code (expected one of x c b B ? h H i I l L q Q e f d)");
  EXPECT_EQ(std::string(make_framing_spec(Framing::msgpack, "!I:a", "").error().what()),
            "header: a header is for binary framing, not msgpack");
  EXPECT_EQ(std::string(make_framing_spec(Framing::base64_json, "", R"({"img":"{jpeg_b64}"})").error().what()),
            "template: position 8: unknown placeholder {jpeg_b64} (expected {frame_id}, {timestamp_ms}, "
            "{device}, {jpeg_base64} or {jpeg_data_url})");
  EXPECT_EQ(std::string(make_framing_spec(Framing::base64_json, "", R"({"id":{frame_id}})").error().what()),
            "template: the template has no {jpeg_base64} or {jpeg_data_url}: the frame would carry no image");
}

TEST(FramesFraming, AHeaderFieldTheFrameCannotFillFailsTheEncoding) {
  const auto s = framing_spec(Framing::binary, "!IH:frame_id,width");
  auto r = encode_frame(s, fields12(), frames_jpeg());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(std::string(r.error().what()),
            "header field 'width' has no value (a frame gives frame_id, timestamp, timestamp_ms, length, device)");
}
