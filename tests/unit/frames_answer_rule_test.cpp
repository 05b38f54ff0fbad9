#include "frames/answer_rule.hpp"

#include <gtest/gtest.h>

#include "common/frames_cases.hpp"

using namespace latbench;
using namespace latbench::frames;
using test::frames_case;

namespace {

AnswerRule rule(std::string_view select, std::string_view match, std::string_view timing,
                std::string_view header = "") {
  auto r = make_answer_rule(select, match, timing, header);
  if (!r) throw std::runtime_error(r.error().what());
  return std::move(r).take();
}

Answer answer(const AnswerRule& r, std::string_view message, MessageKind kind) {
  auto a = read_answer(r, message, kind);
  if (!a) throw std::runtime_error(a.error().what());
  return std::move(a).take();
}

std::string answer_error(const AnswerRule& r, std::string_view message, MessageKind kind) {
  auto a = read_answer(r, message, kind);
  return a ? "" : a.error().what();
}

std::string rule_error(std::string_view select, std::string_view match, std::string_view timing) {
  auto r = make_answer_rule(select, match, timing);
  return r ? "" : r.error().what();
}

}  // namespace

TEST(FramesAnswerRule, JsonAnswerSelectedByTypeMatchedByIdWithItsTimings) {
  const auto r = rule("type=segmentation", "field:frame_id", "inference_time,timing");
  const Answer a = answer(r, R"({"type":"segmentation","frame_id":7,"mask":"AAAA","inference_time":28.5,)"
                             R"("timing":{"decode":1.25,"post":3,"note":"x"}})",
                          MessageKind::text);
  EXPECT_TRUE(a.is_answer);
  EXPECT_EQ(a.id, 7u);
  EXPECT_EQ(a.stages, (std::vector<Stage>{{"inference_time", 28.5}, {"decode", 1.25}, {"post", 3}}));
}

TEST(FramesAnswerRule, OtherMessagesAreNotAnswers) {
  const auto r = rule("type=segmentation", "field:frame_id", "");
  const Answer a = answer(r, R"({"type":"status","queue":2})", MessageKind::text);
  EXPECT_FALSE(a.is_answer);
  EXPECT_FALSE(answer(r, R"({"queue":2})", MessageKind::text).is_answer);
  // Not an answer, so its missing id is no error.
  EXPECT_FALSE(answer(r, R"({"type":"error"})", MessageKind::text).is_answer);
}

TEST(FramesAnswerRule, SelectComparesNumbersAndBooleansByValue) {
  EXPECT_TRUE(answer(rule("code=200", "order", ""), R"({"code":200.0})", MessageKind::text).is_answer);
  EXPECT_FALSE(answer(rule("code=200", "order", ""), R"({"code":"2000"})", MessageKind::text).is_answer);
  EXPECT_TRUE(answer(rule("ok=true", "order", ""), R"({"ok":true})", MessageKind::text).is_answer);
  EXPECT_TRUE(answer(rule("", "order", ""), R"({"anything":1})", MessageKind::text).is_answer);
}

TEST(FramesAnswerRule, OrderMatchingGivesNoId) {
  const Answer a = answer(rule("", "order", ""), R"({"frame_id":3})", MessageKind::text);
  EXPECT_TRUE(a.is_answer);
  EXPECT_FALSE(a.id);
}

TEST(FramesAnswerRule, IdsAsDigitStringsAndEscapedKeysAreRead) {
  const auto r = rule("", "field:frame_id", "");
  EXPECT_EQ(answer(r, R"({"frame_id":"42"})", MessageKind::text).id, 42u);
  EXPECT_EQ(answer(r, R"({"frame\u005fid":43})", MessageKind::text).id, 43u);
  EXPECT_EQ(answer(r, R"({"frame_id":1,"frame_id":2})", MessageKind::text).id, 2u);  // the last, as json.loads
}

TEST(FramesAnswerRule, MsgpackAnswerWithANestedTimingMap) {
  const auto r = rule("type=depth", "field:frame_id", "timing");
  const Answer a = answer(r, frames_case("answer_msgpack_depth"), MessageKind::binary);
  EXPECT_TRUE(a.is_answer);
  EXPECT_EQ(a.id, 41u);
  EXPECT_EQ(a.stages, (std::vector<Stage>{{"infer", 78.5}, {"pre", 5}, {"post", 31.25}}));
  EXPECT_FALSE(answer(r, frames_case("answer_msgpack_status"), MessageKind::binary).is_answer);
}

TEST(FramesAnswerRule, MsgpackReadsOnlyTheTopLevelAndSkipsNonStringKeys) {
  const auto r = rule("", "field:frame_id", "inference_time");
  const Answer a = answer(r, frames_case("answer_msgpack_nested"), MessageKind::binary);
  EXPECT_EQ(a.id, 8u);  // not the 9 nested three levels down
  EXPECT_EQ(a.stages, (std::vector<Stage>{{"inference_time", 12}}));
  EXPECT_EQ(answer(rule("", "order", "infer_ms"), frames_case("answer_msgpack_float32"), MessageKind::binary).stages,
            (std::vector<Stage>{{"infer_ms", 2.5}}));
}

TEST(FramesAnswerRule, BinaryAnswersThroughAHeader) {
  const auto r = rule("kind=2", "field:frame_id", "infer_ms", "<BIf:kind,frame_id,infer_ms");
  std::string m("\x02\x05\x00\x00\x00", 5);
  m += std::string("\x00\x00\x20\x40", 4);  // 2.5f little-endian
  const Answer a = answer(r, m, MessageKind::binary);
  EXPECT_TRUE(a.is_answer);
  EXPECT_EQ(a.id, 5u);
  EXPECT_EQ(a.stages, (std::vector<Stage>{{"infer_ms", 2.5}}));
}

TEST(FramesAnswerRule, ARuleThatNeedsNothingTakesAnyMessageUnread) {
  // An echo server sends the JPEG back; a segmentation backend may send a raw mask.
  const auto any = rule("", "order", "");
  EXPECT_TRUE(answer(any, "\xff\xd8\xff\xe0 raw JPEG bytes", MessageKind::binary).is_answer);
  EXPECT_TRUE(answer(any, "not json", MessageKind::text).is_answer);
  // As soon as the rule needs a field, the message must be readable.
  EXPECT_EQ(answer_error(rule("", "order", "infer"), "\xc1", MessageKind::binary), "byte 0: invalid msgpack");
}

TEST(FramesAnswerRule, AnAnswerWithStatusDroppedSaysTheFrameWasShed) {
  // latbench serve's notice for a frame its full queue dropped, as docs/ws_frames.md shows it.
  const auto by_id = rule("", "field:frame_id", "timing");
  const Answer shed = answer(by_id, R"({"type":"result","frame_id":7,"status":"dropped","reason":"queue full"})",
                             MessageKind::text);
  EXPECT_TRUE(shed.is_answer);
  EXPECT_TRUE(shed.dropped);
  EXPECT_EQ(shed.id, 7u);
  EXPECT_FALSE(answer(by_id, R"({"frame_id":8,"status":"ok","timing":{"infer":40}})", MessageKind::text).dropped);
  // A status that is not the string "dropped" is not a drop; under the read-nothing rule too.
  EXPECT_FALSE(answer(by_id, R"({"frame_id":9,"status":1})", MessageKind::text).dropped);
  EXPECT_TRUE(answer(rule("", "order", ""), R"({"status":"dropped"})", MessageKind::text).dropped);
}

TEST(FramesAnswerRule, ProtocolErrorsNameTheFieldOrByte) {
  const auto r = rule("", "field:frame_id", "inference_time");
  EXPECT_EQ(answer_error(r, R"({"type":"x"})", MessageKind::text), "answer has no 'frame_id' field to match it by");
  EXPECT_EQ(answer_error(r, R"({"frame_id":-2})", MessageKind::text),
            "answer field 'frame_id': expected a non-negative integer frame id");
  EXPECT_EQ(answer_error(r, frames_case("answer_msgpack_negative"), MessageKind::binary),
            "answer field 'frame_id': expected a non-negative integer frame id");
  EXPECT_EQ(answer_error(r, R"({"frame_id":1,"inference_time":-1})", MessageKind::text),
            "answer timing 'inference_time' = -1: expected a non-negative duration in ms");
  EXPECT_EQ(answer_error(r, R"({"frame_id":1,"inference_time":"12ms"})", MessageKind::text),
            "answer timing 'inference_time': expected a number or an object of numbers");
  EXPECT_EQ(answer_error(r, "not json", MessageKind::text), "byte 0: expected a JSON object");
  EXPECT_EQ(answer_error(r, "", MessageKind::text).substr(0, 20), "byte 0: invalid JSON");
  EXPECT_EQ(answer_error(r, "\xc1", MessageKind::binary), "byte 0: invalid msgpack");
  EXPECT_EQ(answer_error(r, "", MessageKind::binary), "msgpack cut short: the value at byte 0 is incomplete");
}

TEST(FramesAnswerRule, HugeDeclaredLengthsAndDeepNestingCostNothing) {
  const auto r = rule("", "field:frame_id", "");
  // A map declaring 4 billion pairs in 5 bytes: the parser waits for bytes that never come.
  EXPECT_EQ(answer_error(r, std::string("\xdf\xff\xff\xff\xff", 5), MessageKind::binary),
            "msgpack cut short: the value at byte 5 is incomplete");
  // An array of 4 billion inside the map.
  EXPECT_NE(answer_error(r, std::string("\x81\xa1" "a" "\xdd\xff\xff\xff\xff", 8), MessageKind::binary), "");
  std::string deep = "\x81\xa1" "a";
  for (int i = 0; i < 100000; ++i) deep += '\x91';
  deep += '\x01';
  EXPECT_EQ(answer_error(r, deep, MessageKind::binary), "msgpack nested deeper than 64");
  std::string deep_json(100000, '[');
  EXPECT_NE(answer_error(r, "{\"a\":" + deep_json, MessageKind::text), "");
}

TEST(FramesAnswerRule, RuleErrorsNameTheirKey) {
  EXPECT_EQ(rule_error("segmentation", "order", ""),
            "ws_answer: 'segmentation': expected FIELD=VALUE (e.g. type=segmentation)");
  EXPECT_EQ(rule_error("", "id", ""), "ws_match: 'id': expected order or field:NAME (e.g. field:frame_id)");
  EXPECT_EQ(rule_error("", "field:", ""), "ws_match: 'field:': expected order or field:NAME (e.g. field:frame_id)");
  EXPECT_EQ(rule_error("", "order", "a,,b"), "ws_timing: an empty field name (expected FIELD[,FIELD...])");
  EXPECT_EQ(rule_error("", "order", "a,"), "ws_timing: an empty field name after ','");
  EXPECT_EQ(std::string(make_answer_rule("", "order", "", "!Q").error().what()),
            "ws_answer_header: position 2: expected ':' and the field names (e.g. \"!Ifd:frame_id,timestamp,length\")");
}
