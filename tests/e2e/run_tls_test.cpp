// `latbench run --url https://...` against a TLS server we did not write (Python's http.server
// wrapped by its ssl module, tests/fixtures/tls/tls_peer.py) with a self-signed certificate this
// test makes with the openssl CLI: --cacert trusts it and each new connection records a `tls`
// phase (none on a reused one); without --cacert every upload fails as `certificate`, and
// --insecure skips the check. Loopback only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/sample_lines.hpp"
#include "process.hpp"
#include "serve_process.hpp"
#include "common/test_paths.hpp"

using latbench::test::announced_port;
using latbench::test::BackgroundProcess;
using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using latbench::test::run_process;
using latbench::test::sample_lines;
using nlohmann::json;

using latbench::test::k_system_python;

namespace {

constexpr const char* k_openssl = "/usr/bin/openssl";  // Debian's `openssl` (./dev installs it)

// A self-signed certificate for 127.0.0.1 (its subjectAltName, which libcurl checks) and its key.
struct Certificate {
  std::string cert, key;
};

Certificate make_certificate(const std::string& dir) {
  Certificate c{dir + "/cert.pem", dir + "/key.pem"};
  auto r = run_process({k_openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", c.key, "-out", c.cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"});
  EXPECT_EQ(r.exit_code, 0) << "openssl req failed (install Debian's openssl: ./dev deps): " << r.err;
  return c;
}

class RunTls : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(k_openssl)) << k_openssl << " missing: ./dev deps installs it";
    ASSERT_TRUE(std::filesystem::exists(k_system_python)) << k_system_python << " missing: ./dev deps installs it";
    m_dir = make_temp_dir("latbench-tls");
    m_cert = make_certificate(m_dir);
    m_peer = std::make_unique<BackgroundProcess>(
        k_system_python, std::vector<std::string>{latbench::test::fixtures_dir() + "/tls/tls_peer.py", "--cert",
                                           m_cert.cert, "--key", m_cert.key});
    ASSERT_TRUE(m_peer->read_until("listening on", std::chrono::seconds(10))) << m_peer->output();
    const int port = announced_port(m_peer->output());
    ASSERT_GT(port, 0) << m_peer->output();
    m_url = "https://127.0.0.1:" + std::to_string(port) + "/upload";
  }

  // A run of `requests` uploads on one keep-alive connection; returns its folder.
  latbench::test::ProcessResult run(const std::string& name, const std::vector<std::string>& extra,
                                    const std::string& connection = "persistent") {
    std::vector<std::string> args = {"run", "--url", m_url, "--connection", connection, "--requests", "3",
                                     "--timeout", "5s", "--out", m_dir + "/" + name};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_latbench(args);
  }

  std::string m_dir, m_url;
  Certificate m_cert;
  std::unique_ptr<BackgroundProcess> m_peer;
};

const json* series(const json& doc, const std::string& name) {
  for (const auto& s : doc["series"])
    if (s["name"] == name) return &s;
  return nullptr;
}

}  // namespace

TEST_F(RunTls, CacertTrustsTheServerAndOnlyNewConnectionsHaveATlsPhase) {
  auto r = run("trusted", {"--cacert", m_cert.cert});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const auto samples = sample_lines(m_dir + "/trusted");
  ASSERT_EQ(samples.size(), 3u);
  std::size_t fresh = 0;
  for (const auto& s : samples) {
    EXPECT_EQ(s["status"], 200) << s.dump();
    EXPECT_TRUE(s["error"].is_null()) << s.dump();
    if (s["conn"] == "new") {
      ++fresh;
      ASSERT_TRUE(s.contains("tls_ms")) << s.dump();
      EXPECT_GT(s["tls_ms"].get<double>(), 0.0) << s.dump();
      // The handshake follows the TCP connect and ends before the answer.
      EXPECT_LT(s["connect_ms"].get<double>() + s["tls_ms"].get<double>(), s["total_ms"].get<double>()) << s.dump();
    } else {
      EXPECT_FALSE(s.contains("tls_ms")) << "a reused connection has no handshake: " << s.dump();
    }
  }
  EXPECT_EQ(fresh, 1u) << "one keep-alive connection for 3 uploads";
  EXPECT_NE(r.out.find("connections: 1 new, 2 reused"), std::string::npos) << r.out;

  std::ifstream in(m_dir + "/trusted/summary.json");
  const json summary = json::parse(in);
  const json* tls = series(summary, "tls");
  ASSERT_NE(tls, nullptr) << summary.dump();
  EXPECT_EQ((*tls)["count"], 1);
  // The run folder's profile replays the run, certificate included.
  std::ifstream profile(m_dir + "/trusted/profile.yaml");
  const std::string yaml((std::istreambuf_iterator<char>(profile)), {});
  EXPECT_NE(yaml.find("cacert: " + std::filesystem::absolute(m_cert.cert).string()), std::string::npos) << yaml;
}

TEST_F(RunTls, EveryNewConnectionHasATlsPhase) {
  auto r = run("fresh", {"--cacert", m_cert.cert}, "new");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto samples = sample_lines(m_dir + "/fresh");
  ASSERT_EQ(samples.size(), 3u);
  for (const auto& s : samples) {
    EXPECT_EQ(s["conn"], "new") << s.dump();
    ASSERT_TRUE(s.contains("tls_ms")) << s.dump();
    EXPECT_GT(s["tls_ms"].get<double>(), 0.0) << s.dump();
  }
}

TEST_F(RunTls, SelfSignedWithoutCacertFailsAsCertificateAndInsecureSkipsTheCheck) {
  auto refused = run("untrusted", {});
  // Exit 0 or 3 (no request got an answer): either way every upload is a certificate error.
  EXPECT_TRUE(refused.exit_code == 0 || refused.exit_code == 3) << refused.exit_code << refused.err;
  const auto failed = sample_lines(m_dir + "/untrusted");
  ASSERT_FALSE(failed.empty()) << refused.err << refused.out;
  for (const auto& s : failed) {
    EXPECT_EQ(s["error"], "certificate") << s.dump();
    EXPECT_EQ(s["status"], 0) << s.dump();
    EXPECT_FALSE(s.contains("tls_ms")) << "no completed handshake: " << s.dump();
  }
  EXPECT_NE((refused.out + refused.err).find("certificate"), std::string::npos) << refused.out << refused.err;

  auto insecure = run("insecure", {"--insecure"});
  ASSERT_EQ(insecure.exit_code, 0) << insecure.err;
  const auto samples = sample_lines(m_dir + "/insecure");
  ASSERT_EQ(samples.size(), 3u);
  for (const auto& s : samples) EXPECT_EQ(s["status"], 200) << s.dump();
  EXPECT_GT(samples[0]["tls_ms"].get<double>(), 0.0) << samples[0].dump();
}

TEST_F(RunTls, TheHandshakeCostsTwoRoundTripsOfAnEmulatedLink) {
  // 20 ms each way (RTT 40 ms). The emulator holds a new connection's first bytes for the TCP
  // handshake's round trip (link_connection.cpp) and those bytes are the ClientHello, then TLS 1.3
  // waits for the server's flight once: >= 2 RTT (measured 83-99 ms, load average 6).
  auto r = run("link", {"--cacert", m_cert.cert, "--link", "delay=20ms"}, "new");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto samples = sample_lines(m_dir + "/link");
  ASSERT_EQ(samples.size(), 3u);
  for (const auto& s : samples) {
    ASSERT_EQ(s["status"], 200) << s.dump();
    ASSERT_TRUE(s.contains("tls_ms")) << s.dump();
    EXPECT_GE(s["tls_ms"].get<double>(), 78.0) << s.dump();
  }
}

TEST_F(RunTls, ACacertThatHoldsNoCertificateIsAnInputError) {
  std::ofstream(m_dir + "/garbage.pem") << "not a certificate\n";
  auto r = run("garbage", {"--cacert", m_dir + "/garbage.pem"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("garbage.pem"), std::string::npos) << r.err;
}

TEST(RunTlsOptions, InsecureAndCacertApplyToHttpsTargetsOnlyAndTheFileMustExist) {
  const std::string dir = make_temp_dir("latbench-tls-opts");
  auto embedded = run_latbench({"run", "--insecure", "--requests", "1", "--out", dir + "/a"});
  EXPECT_EQ(embedded.exit_code, 2) << embedded.err;
  EXPECT_NE(embedded.err.find("--insecure"), std::string::npos) << embedded.err;
  auto missing = run_latbench({"run", "--url", "https://127.0.0.1:9/x", "--cacert", dir + "/nope.pem",
                               "--requests", "1", "--out", dir + "/b"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("nope.pem"), std::string::npos) << missing.err;
  auto bad_ftp = run_latbench({"run", "--url", "ftp://127.0.0.1:9/x", "--requests", "1", "--out", dir + "/c"});
  EXPECT_EQ(bad_ftp.exit_code, 2) << bad_ftp.err;
  EXPECT_NE(bad_ftp.err.find("https://"), std::string::npos) << bad_ftp.err;
}
