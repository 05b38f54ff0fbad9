#include <gtest/gtest.h>

#include <cerrno>

#include "client/run_config.hpp"
#include "client/transfer.hpp"

using namespace latbench::client;

TEST(ClientRunConfig, ConnectionModes) {
  EXPECT_EQ(parse_connection("new")->mode, ConnectionMode::fresh);
  EXPECT_EQ(parse_connection("persistent")->mode, ConnectionMode::persistent);
  auto pool = parse_connection("pool=8");
  ASSERT_TRUE(pool.ok());
  EXPECT_EQ(pool->mode, ConnectionMode::pool);
  EXPECT_EQ(pool->pool, 8u);
  for (const char* bad : {"", "pool", "pool=0", "pool=x", "pool=8x", "old"}) {
    auto r = parse_connection(bad, "--connection");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(std::string(r.error().what()).find("--connection"), std::string::npos);
  }
  EXPECT_EQ(format_connection({ConnectionMode::pool, 4}), "pool=4");
}

TEST(ClientRunConfig, RatesPerSecond) {
  EXPECT_DOUBLE_EQ(*parse_rate("30/s"), 30.0);
  EXPECT_DOUBLE_EQ(*parse_rate("30"), 30.0);
  EXPECT_DOUBLE_EQ(*parse_rate("120/min"), 2.0);
  EXPECT_DOUBLE_EQ(*parse_rate("0.5/s"), 0.5);
  for (const char* bad : {"", "0", "-1/s", "30/fortnight", "fast", "/s"}) {
    EXPECT_FALSE(parse_rate(bad).ok()) << bad;
  }
}

TEST(ClientErrorClass, FromLibcurlResultErrnoAndStatus) {
  EXPECT_EQ(classify_error(CURLE_OK, 0, 200), ErrorClass::none);
  EXPECT_EQ(classify_error(CURLE_OK, 0, 404), ErrorClass::http_4xx);
  EXPECT_EQ(classify_error(CURLE_OK, 0, 503), ErrorClass::http_5xx);
  EXPECT_EQ(classify_error(CURLE_COULDNT_CONNECT, ECONNREFUSED, 0), ErrorClass::refused);
  EXPECT_EQ(classify_error(CURLE_OPERATION_TIMEDOUT, 0, 0), ErrorClass::timeout);
  EXPECT_EQ(classify_error(CURLE_COULDNT_RESOLVE_HOST, 0, 0), ErrorClass::dns);
  EXPECT_EQ(classify_error(CURLE_RECV_ERROR, ECONNRESET, 0), ErrorClass::reset);
  EXPECT_EQ(classify_error(CURLE_GOT_NOTHING, 0, 0), ErrorClass::empty_reply);
  EXPECT_EQ(classify_error(CURLE_SSL_CONNECT_ERROR, 0, 0), ErrorClass::tls_handshake);
}

TEST(ClientRunConfig, SendBufferAutoOsOrBytes) {
  EXPECT_FALSE(parse_send_buffer("auto")->has_value());
  EXPECT_EQ(parse_send_buffer("os")->value(), 0u);
  EXPECT_EQ(parse_send_buffer("5744")->value(), 5744u);
  EXPECT_EQ(parse_send_buffer("16KiB")->value(), 16u * 1024);
  EXPECT_EQ(parse_send_buffer("1m")->value(), 1024u * 1024);
  for (const char* bad : {"", "0", "-4", "64k2", "lots", "65MiB", "99999999999999999999"}) {
    EXPECT_FALSE(parse_send_buffer(bad).ok()) << bad;
  }
  for (const char* text : {"auto", "os", "5744"}) {
    EXPECT_EQ(format_send_buffer(*parse_send_buffer(text)), text);
  }
}
