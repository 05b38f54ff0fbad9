// The /ws/frames answer: its fields in JSON and msgpack (read back with nlohmann and msgpack-cxx's
// own unpacker), its padding to an exact size, and the statuses' words and log codes.
#include <gtest/gtest.h>

#include <msgpack.hpp>
#include <nlohmann/json.hpp>

#include "server/ws_answer.hpp"

using namespace latbench::server;
using namespace std::chrono_literals;

namespace {

FrameAnswer processed_answer() {
  FrameAnswer a;
  a.frame_id = 42;
  a.status = FrameStatus::processed;
  a.timing.parse = 10us;
  a.timing.queue = 1500us;
  a.timing.warmup = 800ms;
  a.timing.decode = 2ms;
  a.timing.infer = 40ms;
  a.timing.post = 200us;
  a.timing.total = 843710us;
  a.shape = {640, 360};
  return a;
}

nlohmann::json from_msgpack(const std::string& bytes) {
  // nlohmann reads msgpack too: a reader independent of the packer that wrote it.
  return nlohmann::json::from_msgpack(bytes);
}

}  // namespace

TEST(ServerWsAnswer, JsonCarriesTheFrameIdStatusStagesAndShape) {
  auto j = nlohmann::json::parse(encode_frame_answer(processed_answer(), AnswerFormat::json, 0));
  EXPECT_EQ(j["type"], "result");
  EXPECT_EQ(j["frame_id"], 42);
  EXPECT_EQ(j["status"], "processed");
  EXPECT_DOUBLE_EQ(j["timing"]["parse"], 0.01);
  EXPECT_DOUBLE_EQ(j["timing"]["queue"], 1.5);
  EXPECT_DOUBLE_EQ(j["timing"]["warmup"], 800);
  EXPECT_DOUBLE_EQ(j["timing"]["decode"], 2);
  EXPECT_DOUBLE_EQ(j["timing"]["infer"], 40);
  EXPECT_DOUBLE_EQ(j["timing"]["post"], 0.2);
  EXPECT_DOUBLE_EQ(j["timing"]["total"], 843.71);
  EXPECT_EQ(j["timing"].size(), 7u);
  EXPECT_EQ(j["width"], 640);
  EXPECT_EQ(j["height"], 360);
  EXPECT_FALSE(j.contains("payload"));
  EXPECT_FALSE(j.contains("error"));
}

TEST(ServerWsAnswer, MsgpackIsTheSameMapInBinary) {
  auto bytes = encode_frame_answer(processed_answer(), AnswerFormat::msgpack, 0);
  auto j = from_msgpack(bytes);
  EXPECT_EQ(j, nlohmann::json::parse(encode_frame_answer(processed_answer(), AnswerFormat::json, 0)));
  // And msgpack-cxx's own unpacker reads it as one map.
  auto handle = msgpack::unpack(bytes.data(), bytes.size());
  EXPECT_EQ(handle.get().type, msgpack::type::MAP);
}

TEST(ServerWsAnswer, DropNoticeSaysWhyAndAnErrorSaysWhatWasWrong) {
  FrameAnswer dropped;
  dropped.frame_id = 7;
  dropped.status = FrameStatus::dropped;
  dropped.detail = "queue full";
  auto d = nlohmann::json::parse(encode_frame_answer(dropped, AnswerFormat::json, 1000));
  EXPECT_EQ(d["status"], "dropped");
  EXPECT_EQ(d["reason"], "queue full");
  EXPECT_FALSE(d.contains("payload"));  // only processed frames are padded
  FrameAnswer bad;
  bad.status = FrameStatus::bad_frame;
  bad.detail = "quote \" and a byte \xff that is not UTF-8";
  auto b = nlohmann::json::parse(encode_frame_answer(bad, AnswerFormat::json, 0));
  EXPECT_EQ(b["status"], "bad_frame");
  EXPECT_NE(b["error"].get<std::string>().find("quote \""), std::string::npos);
  auto m = from_msgpack(encode_frame_answer(bad, AnswerFormat::msgpack, 0));
  EXPECT_EQ(m["status"], "bad_frame");
}

TEST(ServerWsAnswer, PaddingReachesTheExactSizeInBothFormats) {
  for (std::size_t size : {300u, 1000u, 65536u, 70000u, 310000u, 1u << 20}) {
    auto json = encode_frame_answer(processed_answer(), AnswerFormat::json, size);
    EXPECT_EQ(json.size(), size);
    auto j = nlohmann::json::parse(json);
    EXPECT_EQ(j["frame_id"], 42);
    auto packed = encode_frame_answer(processed_answer(), AnswerFormat::msgpack, size);
    EXPECT_EQ(packed.size(), size);
    auto m = from_msgpack(packed);
    EXPECT_EQ(m["frame_id"], 42);
    EXPECT_TRUE(m["payload"].is_binary());
  }
}

TEST(ServerWsAnswer, ASizeBelowTheAnswerLeavesItUnpadded) {
  auto plain = encode_frame_answer(processed_answer(), AnswerFormat::json, 0);
  EXPECT_EQ(encode_frame_answer(processed_answer(), AnswerFormat::json, 10), plain);
  auto packed = encode_frame_answer(processed_answer(), AnswerFormat::msgpack, 0);
  EXPECT_EQ(encode_frame_answer(processed_answer(), AnswerFormat::msgpack, 10), packed);
}

// Where a bin's length prefix grows (2 -> 3 bytes past 255, 3 -> 5 past 65535) some sizes cannot
// be met exactly: the answer is then at most 2 bytes short, never longer.
TEST(ServerWsAnswer, MsgpackNearAPrefixBoundaryIsAtMostTwoBytesShort) {
  auto base = encode_frame_answer(processed_answer(), AnswerFormat::msgpack, 0).size() + 8;
  for (std::size_t room = 250; room < 265; ++room) {
    auto size = encode_frame_answer(processed_answer(), AnswerFormat::msgpack, base + room).size();
    EXPECT_LE(size, base + room);
    EXPECT_GE(size + 2, base + room);
  }
  for (std::size_t room = 65530; room < 65545; ++room) {
    auto size = encode_frame_answer(processed_answer(), AnswerFormat::msgpack, base + room).size();
    EXPECT_LE(size, base + room);
    EXPECT_GE(size + 2, base + room);
  }
}

TEST(ServerWsAnswer, StatusesHaveWordsAndTheUploadsCodes) {
  EXPECT_EQ(frame_status_name(FrameStatus::dropped), "dropped");
  EXPECT_EQ(frame_status_code(FrameStatus::processed), 200);
  EXPECT_EQ(frame_status_code(FrameStatus::dropped), 503);
  EXPECT_EQ(frame_status_code(FrameStatus::undecodable), 422);
  EXPECT_EQ(frame_status_code(FrameStatus::bad_frame), 400);
}
