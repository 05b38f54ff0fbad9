#include "client/ws_target.hpp"

#include <gtest/gtest.h>

#include "client/ws_session.hpp"

using namespace latbench;
using namespace latbench::client;

TEST(ClientWsTarget, ReadsSchemeHostPortAndPath) {
  auto t = parse_ws_target("ws://127.0.0.1:8000/ws/frames?x=1");
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_EQ(t->scheme, WsScheme::ws);
  EXPECT_EQ(t->host, "127.0.0.1");
  EXPECT_EQ(t->port, 8000);
  EXPECT_EQ(t->target, "/ws/frames?x=1");
  EXPECT_EQ(t->host_header(), "127.0.0.1:8000");
  auto s = parse_ws_target("WSS://localhost");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->scheme, WsScheme::wss);
  EXPECT_EQ(s->port, 443);
  EXPECT_EQ(s->target, "/");
  auto v6 = parse_ws_target("ws://[::1]:9000?q");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->target, "/?q");
  EXPECT_EQ(v6->host_header(), "[::1]:9000");
  EXPECT_TRUE(is_ws_url("wss://x/"));
  EXPECT_FALSE(is_ws_url("http://x/"));
}

TEST(ClientWsTarget, ErrorsSayWhatWasExpected) {
  EXPECT_EQ(std::string(parse_ws_target("http://x/").error().what()),
            "url: 'http://x/': expected ws://HOST[:PORT]/PATH or wss://...");
  EXPECT_EQ(std::string(parse_ws_target("ws://:80/").error().what()), "url: 'ws://:80/': expected a host");
  EXPECT_EQ(std::string(parse_ws_target("ws://h:0/").error().what()), "url: 'ws://h:0/': expected a port from 1 to 65535");
  EXPECT_EQ(std::string(parse_ws_target("ws://h:/").error().what()), "url: 'ws://h:/': expected a port from 1 to 65535");
  EXPECT_EQ(std::string(parse_ws_target("ws://[::1/").error().what()), "url: 'ws://[::1/': expected ']' after an IPv6 address");
}

TEST(ClientWsTarget, FrameOverheadIsRfc6455s) {
  // RFC 6455 5.2: 7-bit length up to 125, 16-bit up to 65535, else 64-bit; 4 mask bytes client-side.
  EXPECT_EQ(ws_frame_overhead(0, false), 2u);
  EXPECT_EQ(ws_frame_overhead(125, true), 6u);
  EXPECT_EQ(ws_frame_overhead(126, true), 8u);
  EXPECT_EQ(ws_frame_overhead(65535, false), 4u);
  EXPECT_EQ(ws_frame_overhead(65536, false), 10u);
  EXPECT_EQ(ws_frame_overhead(310000, true), 14u);
}
