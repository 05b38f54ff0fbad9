#include <gtest/gtest.h>

#include "client/server_timing.hpp"

using latbench::client::parse_server_timing;
using latbench::client::TimingMetric;
using V = std::vector<TimingMetric>;

TEST(ClientServerTiming, ParsesTheReferenceServersHeader) {
  auto m = parse_server_timing(
      "recv;dur=0.1, queue;dur=0, decode;dur=2.1, infer;dur=40, post;dur=0.2, total;dur=42.5");
  EXPECT_EQ(m, (V{{"recv", 0.1}, {"queue", 0}, {"decode", 2.1}, {"infer", 40},
                  {"post", 0.2}, {"total", 42.5}}));
}

TEST(ClientServerTiming, QuotedDescriptionsMayHoldCommasAndSemicolons) {
  auto m = parse_server_timing(R"(db;desc="select a, b; c";dur=12.5, cache;dur=1;desc=hit)");
  EXPECT_EQ(m, (V{{"db", 12.5}, {"cache", 1}}));
}

TEST(ClientServerTiming, EscapedQuoteInsideDescription) {
  auto m = parse_server_timing(R"(a;desc="say \"hi\", ok";dur=3, b;dur=4)");
  EXPECT_EQ(m, (V{{"a", 3}, {"b", 4}}));
}

TEST(ClientServerTiming, MetricsWithoutDurationAreLeftOut) {
  EXPECT_EQ(parse_server_timing("miss, cpu;desc=x, app;dur=7"), (V{{"app", 7}}));
}

TEST(ClientServerTiming, WhitespaceAndCaseInParamNames) {
  EXPECT_EQ(parse_server_timing("  app ; DUR = 7.25 ,\tdb;dur=1"), (V{{"app", 7.25}, {"db", 1}}));
}

TEST(ClientServerTiming, BadDurationsAndJunkAreSkippedRestKept) {
  EXPECT_EQ(parse_server_timing("a;dur=abc, b;dur=-1, c;dur=, ;dur=3, d;dur=2"), (V{{"d", 2}}));
  EXPECT_EQ(parse_server_timing("a;dur=1 junk, b;dur=2"), (V{{"b", 2}}));
}

TEST(ClientServerTiming, FirstOccurrenceWins) {
  EXPECT_EQ(parse_server_timing("a;dur=1, a;dur=2"), (V{{"a", 1}}));
  EXPECT_EQ(parse_server_timing("a;dur=1;dur=2"), (V{{"a", 1}}));
}

TEST(ClientServerTiming, EmptyAndUnterminatedInputs) {
  EXPECT_TRUE(parse_server_timing("").empty());
  EXPECT_TRUE(parse_server_timing(",,, ").empty());
  EXPECT_TRUE(parse_server_timing("a;desc=\"unterminated, b;dur=1").empty());
}
