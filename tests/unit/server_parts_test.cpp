// The Beast-free parts of the reference server: distributions, body encodings, Server-Timing,
// routes, log lines. Expected values are worked out by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "server/access_log.hpp"
#include "server/distribution.hpp"
#include "server/routes.hpp"
#include "server/server_timing.hpp"
#include "server/upload_body.hpp"

using namespace latbench::server;
using namespace std::chrono_literals;

TEST(ServerDistribution, ParsesEachFormAndPrintsItBack) {
  EXPECT_EQ(Distribution::parse("fixed(40ms)", "--infer")->to_string(), "fixed(40ms)");
  EXPECT_EQ(Distribution::parse("40ms", "--infer")->to_string(), "fixed(40ms)");
  EXPECT_EQ(Distribution::parse("normal(40ms, 3ms)", "--infer")->to_string(), "normal(40ms,3ms)");
  EXPECT_EQ(Distribution::parse("lognormal(0.04s,10ms)", "--infer")->to_string(),
            "lognormal(40ms,10ms)");
  EXPECT_EQ(Distribution::parse("uniform(30ms,50ms)", "--infer")->to_string(), "uniform(30ms,50ms)");
}

TEST(ServerDistribution, RejectsBadSpecsNamingTheOption) {
  for (const char* bad : {"gauss(1ms)", "normal(40ms)", "uniform(50ms,30ms)", "fixed(40)",
                          "normal(40ms,3ms", "", "lognormal(0ms,1ms)"}) {
    auto d = Distribution::parse(bad, "--infer");
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_NE(std::string(d.error().what()).find("--infer"), std::string::npos) << d.error().what();
  }
}

TEST(ServerDistribution, RejectsAbsurdParametersSayingWhy) {
  const std::pair<const char*, const char*> cases[] = {
      {"normal(40ms,2147483648ms)", "argument '2147483648ms' is longer than the longest simulated stage (1h)"},
      {"2h", "2h is longer than the longest simulated stage (1h)"},
      {"uniform(1ms,61m)", "argument '61m' is longer"},
      {"normal(40ms,41ms)", "the SD is larger than the mean"},
  };
  for (const auto& [text, why] : cases) {
    auto d = Distribution::parse(text, "server.infer");
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_NE(std::string(d.error().what()).find("server.infer"), std::string::npos) << d.error().what();
    EXPECT_NE(std::string(d.error().what()).find(why), std::string::npos) << d.error().what();
  }
  // The edges themselves are fine.
  EXPECT_TRUE(Distribution::parse("1h", "x").ok());
  EXPECT_TRUE(Distribution::parse("normal(40ms,40ms)", "x").ok());
}

TEST(ServerDistribution, DrawsAreClampedToTheLongestStage) {
  std::mt19937_64 rng(3);
  // A lognormal's right tail: about a third of these draws lie beyond 1h (and some far beyond).
  auto d = *Distribution::parse("lognormal(1h,1h)", "x");
  int at_the_cap = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto v = d.sample(rng);
    EXPECT_LE(v, k_max_simulated_stage);
    at_the_cap += v == k_max_simulated_stage ? 1 : 0;
  }
  EXPECT_GT(at_the_cap, 400);
}

TEST(ServerDistribution, DrawsMatchTheirMomentsAndBounds) {
  std::mt19937_64 rng(7);
  auto mean_sd = [&](const Distribution& d, int n) {
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
      double v = latbench::to_ms(d.sample(rng));
      sum += v;
      sum2 += v * v;
    }
    double mean = sum / n;
    return std::pair{mean, std::sqrt(sum2 / n - mean * mean)};
  };
  // 20000 draws: the standard error of the mean is sd/141, so 0.3 ms is > 7 SE for sd <= 10 ms.
  auto [nm, nsd] = mean_sd(*Distribution::parse("normal(40ms,3ms)", "x"), 20000);
  EXPECT_NEAR(nm, 40.0, 0.3);
  EXPECT_NEAR(nsd, 3.0, 0.2);
  auto [lm, lsd] = mean_sd(*Distribution::parse("lognormal(40ms,10ms)", "x"), 20000);
  EXPECT_NEAR(lm, 40.0, 0.3);
  EXPECT_NEAR(lsd, 10.0, 0.5);
  auto uniform = *Distribution::parse("uniform(30ms,50ms)", "x");
  for (int i = 0; i < 1000; ++i) {
    double v = latbench::to_ms(uniform.sample(rng));
    ASSERT_GE(v, 30.0);
    ASSERT_LE(v, 50.0);
  }
  EXPECT_EQ(Distribution::parse("fixed(40ms)", "x")->sample(rng), 40ms);
}

TEST(ServerDistribution, SameSeedSameDraws) {
  auto d = *Distribution::parse("normal(40ms,3ms)", "x");
  std::mt19937_64 a(42), b(42);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(d.sample(a), d.sample(b));
}

TEST(ServerTiming, FormatsEveryStageInMilliseconds) {
  StageTimes t{100us, 0us, 2100us, 40ms, 200us, 42500us};
  EXPECT_EQ(format_server_timing(t),
            "recv;dur=0.1, queue;dur=0, decode;dur=2.1, infer;dur=40, post;dur=0.2, total;dur=42.5");
  StageTimes odd{1234567ns, 0ns, 0ns, 0ns, 0ns, 1001ms};
  EXPECT_EQ(format_server_timing(odd).substr(0, 15), "recv;dur=1.234,");
  EXPECT_NE(format_server_timing(odd).find("total;dur=1001"), std::string::npos);
}

TEST(ServerBase64, KnownVectorsRoundTrip) {
  // RFC 4648 section 10 test vectors.
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(*base64_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(*base64_decode("Zm9vYmE"), "fooba");
  auto bad = base64_decode("Zm9v!mFy");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.error().what()).find("offset 4"), std::string::npos);
}

TEST(ServerUploadBody, ExtractsTheFileFieldOfMultipart) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\nhello\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n\xff\xd8JPEGBYTES\r\n--XyZ--\r\n";
  std::string storage;
  auto image = extract_image("multipart/form-data; boundary=XyZ", body, storage);
  ASSERT_TRUE(image.ok()) << image.error().what();
  EXPECT_EQ(*image, "\xff\xd8JPEGBYTES");
  EXPECT_FALSE(extract_image("multipart/form-data", body, storage).ok());
  EXPECT_FALSE(extract_image("multipart/form-data; boundary=\"Nope\"", body, storage).ok());
}

TEST(ServerUploadBody, DecodesJsonBase64AndPassesRawThrough) {
  std::string storage;
  auto image = extract_image("application/json", R"({"image":"Zm9vYmFy"})", storage);
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(*image, "foobar");
  EXPECT_FALSE(extract_image("application/json", R"({"img":"Zm9v"})", storage).ok());
  EXPECT_FALSE(extract_image("application/json", R"({"image":)", storage).ok());
  EXPECT_EQ(*extract_image("image/jpeg", "raw", storage), "raw");
  EXPECT_EQ(*extract_image("", "raw", storage), "raw");
}

TEST(ServerRoutes, MatchesEndpointsMethodsAndDeviceIds) {
  auto upload = route_request("POST", "/api/devices/file/image?x=1");
  EXPECT_EQ(upload.endpoint, Endpoint::upload);
  EXPECT_TRUE(upload.method_allowed);
  EXPECT_FALSE(route_request("GET", "/api/devices/file/image").method_allowed);
  auto commands = route_request("POST", "/api/devices/cam-7/commands");
  EXPECT_EQ(commands.endpoint, Endpoint::commands);
  EXPECT_EQ(commands.device, "cam-7");
  EXPECT_EQ(route_request("POST", "/api/devices/a/b/commands").endpoint, Endpoint::not_found);
  EXPECT_EQ(route_request("GET", "/healthz").endpoint, Endpoint::healthz);
  EXPECT_EQ(route_request("GET", "/stats").endpoint, Endpoint::stats);
  EXPECT_EQ(route_request("GET", "/").endpoint, Endpoint::not_found);
  EXPECT_EQ(route_request("GET", "/ws/stream?camera=1").endpoint, Endpoint::ws_stream);
  EXPECT_FALSE(route_request("POST", "/ws/stream").method_allowed);
}

TEST(ServerAccessLog, LinesMatchUvicornAndUltralytics) {
  AccessRecord r;
  r.client = "127.0.0.1:56071";
  r.method = "POST";
  r.target = "/api/devices/file/image";
  r.status = 200;
  EXPECT_EQ(uvicorn_access_line(r),
            "INFO:     127.0.0.1:56071 - \"POST /api/devices/file/image HTTP/1.1\" 200 OK");
  ProcessedTimes t{1200us, 37500us, 400us, {640, 480}};
  EXPECT_EQ(ultralytics_speed_line(t),
            "Speed: 1.2ms preprocess, 37.5ms inference, 0.4ms postprocess per image at shape "
            "(1, 3, 480, 640)");
  r.request_id = 9;
  r.stages.infer = 40ms;
  auto line = jsonl_access_line(r, 1.5);
  EXPECT_NE(line.find("\"request_id\":9"), std::string::npos) << line;
  EXPECT_NE(line.find("\"infer\":40.0"), std::string::npos) << line;
}

TEST(ServerUploadBody, JsonWithOtherFieldsOrEscapesStillParses) {
  std::string storage;
  // The fast path handles only {"image":"..."}; these go through the full parser.
  auto more = extract_image("application/json", R"({"device":"a","image":"Zm9v"})", storage);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(*more, "foo");
  auto escaped = extract_image("application/json", R"({"image":"Zm9\/"})", storage);  // "\/" = "/"
  ASSERT_TRUE(escaped.ok()) << escaped.error().what();
  EXPECT_EQ(*escaped, std::string("fo\x7f"));  // 011001 100110 111101 111111
  auto spaced = extract_image("application/json", " { \"image\" : \"Zm9v\" } \n", storage);
  ASSERT_TRUE(spaced.ok());
  EXPECT_EQ(*spaced, "foo");
  EXPECT_FALSE(extract_image("application/json", R"({"image":"Zm9v"} trailing)", storage).ok());
}
