// https: the `tls` phase through the samples file and every reader of it, the TLS error classes,
// and the profile keys insecure / cacert.
#include <gtest/gtest.h>

#include <filesystem>

#include "client/transfer.hpp"
#include "core/error.hpp"
#include "logs/read_log.hpp"
#include "profile/profile.hpp"
#include "samples/json.hpp"
#include "samples/series.hpp"
#include "samples/writer.hpp"

using namespace latbench;
using namespace latbench::client;
using namespace latbench::samples;

namespace {

Sample https_answer(std::uint64_t seq, ConnUse conn, std::optional<double> tls) {
  Sample s;
  s.seq = seq;
  s.conn = conn;
  s.status = 200;
  s.total_ms = 12;
  s.ttfb_ms = 11;
  if (conn == ConnUse::fresh) {
    s.dns_ms = 0.01;
    s.connect_ms = 0.1;
  }
  s.tls_ms = tls;
  return s;
}

const Series* find(const std::vector<Series>& all, const std::string& name) {
  for (const auto& s : all)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

TEST(ClientTls, CertificateAndHandshakeFailuresHaveTheirOwnClasses) {
  EXPECT_EQ(classify_error(CURLE_PEER_FAILED_VERIFICATION, 0, 0), ErrorClass::certificate);
  EXPECT_EQ(classify_error(CURLE_SSL_ISSUER_ERROR, 0, 0), ErrorClass::certificate);
  EXPECT_EQ(classify_error(CURLE_SSL_CONNECT_ERROR, 0, 0), ErrorClass::tls_handshake);
  EXPECT_EQ(error_class_name(ErrorClass::certificate), "certificate");
  EXPECT_EQ(parse_error_class("tls_handshake"), ErrorClass::tls_handshake);
}

TEST(ClientTls, TlsPhaseIsWrittenAndReadBack) {
  const std::string line = sample_to_json(https_answer(0, ConnUse::fresh, 1.25));
  EXPECT_NE(line.find(R"("connect_ms":0.1,"tls_ms":1.25,)"), std::string::npos) << line;
  auto back = sample_from_json(line);
  ASSERT_TRUE(back.ok()) << back.error().what();
  EXPECT_EQ(back->tls_ms, 1.25);
  const std::string plain = sample_to_json(https_answer(1, ConnUse::reused, std::nullopt));
  EXPECT_EQ(plain.find("tls_ms"), std::string::npos) << plain;
  EXPECT_FALSE(sample_from_json(R"({"total_ms":1,"tls_ms":"fast"})").ok());
}

TEST(ClientTls, TlsSeriesFollowsConnectAndHoldsNewConnectionsOnly) {
  auto series = samples_to_series({https_answer(0, ConnUse::fresh, 1.5), https_answer(1, ConnUse::reused, std::nullopt),
                                   https_answer(2, ConnUse::fresh, 2.5)});
  std::vector<std::string> names;
  for (const auto& s : series) names.push_back(s.name);
  ASSERT_GE(names.size(), 4u);
  EXPECT_EQ(names[2], "connect");
  EXPECT_EQ(names[3], "tls");
  const Series* tls = find(series, "tls");
  ASSERT_NE(tls, nullptr);
  EXPECT_EQ(tls->values, (std::vector<double>{1.5, 2.5}));
  // A request with no answer (the handshake failed) feeds no phase.
  Sample failed = https_answer(3, ConnUse::fresh, 0.7);
  failed.status = 0;
  failed.error = ErrorClass::certificate;
  EXPECT_EQ(find(samples_to_series({failed}), "tls"), nullptr);
}

TEST(ClientTls, AnalyzeReadsTheTlsPhaseLikeRun) {
  const auto dir = std::filesystem::temp_directory_path() / ("latbench-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "samples.jsonl";
  {
    SamplesWriter writer(path);
    writer.write(https_answer(0, ConnUse::fresh, 1.5));
    writer.write(https_answer(1, ConnUse::reused, std::nullopt));
    writer.write(https_answer(2, ConnUse::fresh, 2.5));
    writer.flush();
  }
  logs::ReadOptions options;
  auto log = logs::read_log(path.string(), options).take();
  const auto series = logs::log_series(log);
  const Series* tls = find(series, "tls");
  ASSERT_NE(tls, nullptr);
  EXPECT_EQ(tls->values, (std::vector<double>{1.5, 2.5}));
  std::filesystem::remove_all(dir);
}

TEST(ClientTls, ProfileKeysInsecureAndCacertReadBack) {
  auto p = profile::parse_profile("url: https://127.0.0.1:8443/up\ninsecure: true\ncacert: ca.pem\n", "p.yaml");
  EXPECT_EQ(p.config.tls.peer, PeerCheck::skip);
  EXPECT_EQ(p.config.tls.ca_file, "ca.pem");
  auto again = profile::parse_profile(profile::resolved_profile_yaml(p.config, "again"), "resolved.yaml");
  EXPECT_EQ(again.config.tls.peer, PeerCheck::skip);
  EXPECT_EQ(again.config.tls.ca_file, std::filesystem::absolute("ca.pem"));
  try {
    profile::parse_profile("insecure: maybe\n", "p.yaml");
    ADD_FAILURE() << "insecure: maybe was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("p.yaml:1:11: key 'insecure'"), std::string::npos) << e.what();
  }
}
