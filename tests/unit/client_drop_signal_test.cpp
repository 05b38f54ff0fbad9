#include "client/drop_signal.hpp"

#include <gtest/gtest.h>

#include "client/transfer.hpp"

using namespace latbench::client;

TEST(ClientDropSignal, HeaderNameMatchesInAnyCase) {
  EXPECT_TRUE(is_drop_reason_header("X-Drop-Reason: queue full\r\n"));
  EXPECT_TRUE(is_drop_reason_header("x-drop-reason:full\r\n"));
  EXPECT_FALSE(is_drop_reason_header("X-Drop: 1\r\n"));
  EXPECT_FALSE(is_drop_reason_header("Content-Type: application/json\r\n"));
  EXPECT_FALSE(is_drop_reason_header(""));
}

TEST(ClientDropSignal, BodyStatusDroppedWithAnyJsonSpacing) {
  EXPECT_TRUE(body_says_dropped(R"({"request_id":7,"status":"dropped","commands":[]})"));
  EXPECT_TRUE(body_says_dropped("{\"status\" :\n \"dropped\"}"));
  // A cut-short body still tells, as long as the value arrived.
  EXPECT_TRUE(body_says_dropped(R"({"status":"dropped","detail":"qu)"));
}

TEST(ClientDropSignal, OtherBodiesAreNotDrops) {
  EXPECT_FALSE(body_says_dropped(R"({"status":"queued"})"));
  EXPECT_FALSE(body_says_dropped(R"({"error":"dropped the ball"})"));
  EXPECT_FALSE(body_says_dropped(R"({"status_text":"x","status":"droppedness"})"));
  EXPECT_FALSE(body_says_dropped(R"({"statuses":"dropped"})"));
  EXPECT_FALSE(body_says_dropped(R"({"status":"dro)"));
  EXPECT_FALSE(body_says_dropped(""));
}

TEST(ClientDropSignal, OnlyA5xxWithTheSignIsDropped) {
  EXPECT_EQ(classify_error(CURLE_OK, 0, 503, DropSignal::present), ErrorClass::dropped);
  EXPECT_EQ(classify_error(CURLE_OK, 0, 503, DropSignal::absent), ErrorClass::http_5xx);
  // A 200 that mentions "dropped" is a success; a 4xx stays a client error.
  EXPECT_EQ(classify_error(CURLE_OK, 0, 200, DropSignal::present), ErrorClass::none);
  EXPECT_EQ(classify_error(CURLE_OK, 0, 429, DropSignal::present), ErrorClass::http_4xx);
}
