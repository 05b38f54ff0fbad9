#include "frames/header_layout.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "common/frames_cases.hpp"

using namespace latbench;
using namespace latbench::frames;
using test::frames_case;

namespace {

HeaderLayout layout(const char* spec) {
  auto r = parse_header_layout(spec);
  if (!r) throw std::runtime_error(r.error().what());
  return std::move(r).take();
}

std::string packed(const char* spec, const FieldValues& values) {
  auto r = pack_header(layout(spec), values);
  if (!r) throw std::runtime_error(r.error().what());
  return *r;
}

std::string parse_error(const char* spec) {
  auto r = parse_header_layout(spec);
  return r ? "" : r.error().what();
}

std::string pack_error(const char* spec, const FieldValues& values) {
  auto r = pack_header(layout(spec), values);
  return r ? "" : r.error().what();
}

FieldValue u(std::uint64_t v) { return v; }
FieldValue i(std::int64_t v) { return v; }

}  // namespace

TEST(FramesHeaderLayout, NetworkOrderHasStandardSizesAndNoAlignment) {
  const auto l = layout("!Ifd:frame_id,timestamp,length");
  EXPECT_EQ(l.size(), 16u);  // struct.calcsize("!Ifd")
  ASSERT_EQ(l.fields().size(), 3u);
  EXPECT_EQ(l.fields()[1].name, "timestamp");
  EXPECT_EQ(l.fields()[1].offset, 4u);
  EXPECT_EQ(l.fields()[2].offset, 8u);
  EXPECT_EQ(l.order(), ByteOrder::big);
  EXPECT_EQ(packed("!Ifd:frame_id,timestamp,length",
                   {{"frame_id", u(7)}, {"timestamp", 1733107200.123}, {"length", u(46)}}),
            frames_case("header_net_Ifd"));
}

TEST(FramesHeaderLayout, NativeModeAlignsEachFieldToItsSizeAsC) {
  const FieldValues v = {{"a", i(-3)}, {"b", u(1ull << 40)}, {"c", u(65535)}, {"d", i(-2)}};
  EXPECT_EQ(layout("@bqHi:a,b,c,d").size(), frames_case("header_native_size").size());  // 24
  EXPECT_EQ(layout("bqHi:a,b,c,d").size(), 24u);  // '@' is the default
  EXPECT_EQ(packed("@bqHi:a,b,c,d", v), frames_case("header_native_aligned"));
  EXPECT_EQ(packed("<bqHi:a,b,c,d", v), frames_case("header_std_little"));
}

TEST(FramesHeaderLayout, PadBytesTakeCountsAndNoNames) {
  EXPECT_EQ(packed("<Bx2xH4xQ:kind,width,id", {{"kind", u(200)}, {"width", u(513)}, {"id", u(~0ull)}}),
            frames_case("header_pads"));
  EXPECT_EQ(layout("<B x 2x H:kind,width").size(), 6u);  // blanks between codes, as struct allows
}

TEST(FramesHeaderLayout, LongIsFourBytesStandardAndEightNative) {
  const FieldValues v = {{"a", i(-5)}, {"b", u(4000000000)}};
  EXPECT_EQ(packed("=lL:a,b", v), frames_case("header_std_l"));
  EXPECT_EQ(packed("@lL:a,b", v), frames_case("header_native_l"));
}

TEST(FramesHeaderLayout, BoolCharAndShortBigEndian) {
  EXPECT_EQ(packed(">?ch:flag,ch,t", {{"flag", u(5)}, {"ch", u('A')}, {"t", i(-300)}}),
            frames_case("header_big_bool_char"));
}

TEST(FramesHeaderLayout, HalfFloatsRoundHalfToEvenAsPython) {
  const double xs[] = {0.1, 65504.0, 1e-7, -2.5, 6.1e-5, 0.333, 2049.0, 2051.0, 5.96e-8, 1e-9};
  for (int k = 0; k < 10; ++k)
    EXPECT_EQ(packed("<e:x", {{"x", xs[k]}}), frames_case("half_" + std::to_string(k))) << xs[k];
  EXPECT_EQ(pack_error("<e:x", {{"x", 65520.0}}), "x = 65520 is too large for 'e'");
  EXPECT_EQ(packed(">f:x", {{"x", 3.14159}}), frames_case("float_f"));
}

TEST(FramesHeaderLayout, UnpacksWhatPythonPacked) {
  const auto l = layout("@bqHi:a,b,c,d");
  auto r = unpack_header(l, frames_case("header_native_aligned"));
  ASSERT_TRUE(r.ok()) << r.error().what();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ(std::get<std::int64_t>((*r)[0].second), -3);
  EXPECT_EQ(std::get<std::int64_t>((*r)[1].second), std::int64_t{1} << 40);  // 'q' is signed
  EXPECT_EQ(std::get<std::uint64_t>((*r)[2].second), 65535u);
  EXPECT_EQ(std::get<std::int64_t>((*r)[3].second), -2);
  auto half = unpack_header(layout("<e:x"), frames_case("half_3"));
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(std::get<double>((*half)[0].second), -2.5);
  auto f = unpack_header(layout("!Ifd:frame_id,timestamp,length"), frames_case("header_net_Ifd"));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(std::get<double>((*f)[1].second), static_cast<double>(1733107200.123f));
}

TEST(FramesHeaderLayout, UnpackRefusesBytesShorterThanTheHeader) {
  auto r = unpack_header(layout("!Ifd:frame_id,timestamp,length"), std::string(15, '\0'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(std::string(r.error().what()),
            "15 bytes, shorter than the 16-byte header '!Ifd:frame_id,timestamp,length'");
}

TEST(FramesHeaderLayout, ParseErrorsNameThePositionAndWhatWasExpected) {
  EXPECT_EQ(parse_error("!Ifd"),
            "position 4: expected ':' and the field names (e.g. \"!Ifd:frame_id,timestamp,length\")");
  EXPECT_EQ(parse_error("!Is:a,b"),
            "position 2: 's' is not a supported code (expected one of x c b B ? h H i I l L q Q e f d)");
  EXPECT_EQ(parse_error("!2I:a,b"),
            "position 1: a count before 'I' (counts are for 'x' padding only; name each field)");
  EXPECT_EQ(parse_error("I!I:a,b"), "position 1: '!': the byte order comes first, once");
  EXPECT_EQ(parse_error("!II:a"), "position 4: 1 names for 2 fields (one name per code, 'x' has none)");
  EXPECT_EQ(parse_error("!II:a,,b"), "position 6: expected a field name");
  EXPECT_EQ(parse_error("!II:a,a"), "position 6: field name 'a' given twice");
  EXPECT_EQ(parse_error("!I:frame-id"), "position 8: '-' in field name 'frame-id' (expected letters, digits and _)");
  EXPECT_EQ(parse_error("!4:a"), "position 2: expected a code after the count");
  EXPECT_EQ(parse_error("!99999x:"), "position 1: a count above 65536 (a header, not a payload)");
}

TEST(FramesHeaderLayout, PackRefusesWhatStructPackRefuses) {
  EXPECT_EQ(pack_error("!H:frame_id", {{"frame_id", u(70000)}}), "frame_id = 70000 does not fit 'H' (0..65535)");
  EXPECT_EQ(pack_error("!b:t", {{"t", i(-129)}}), "t = -129 does not fit 'b' (-128..127)");
  EXPECT_EQ(pack_error("!I:t", {{"t", -1.5}}), "t = -1.5 does not fit 'I' (0..4294967295)");
  EXPECT_EQ(pack_error("!q:t", {{"t", u(1ull << 63)}}),
            "t = 9223372036854775808 does not fit 'q' (-9223372036854775808..9223372036854775807)");
  EXPECT_EQ(pack_error("!I:width", {{"frame_id", u(1)}, {"length", u(2)}}),
            "header field 'width' has no value (a frame gives frame_id, length)");
}

TEST(FramesHeaderLayout, AFractionPackedIntoAnIntegerIsRoundedDown) {
  EXPECT_EQ(packed("<Q:ts", {{"ts", 1733107200123.9}}), packed("<Q:ts", {{"ts", u(1733107200123)}}));
}
