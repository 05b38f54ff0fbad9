#pragma once
// The Python websockets peer of the WebSocket e2e tests (tests/fixtures/ws/ws_peer.py, a backend
// we did not write) started on an ephemeral 127.0.0.1 port, for a test suite's SetUpTestSuite.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "common/test_paths.hpp"
#include "serve_process.hpp"

namespace latbench::test {


// Starts the peer into `peer` and reads its port into `port`; a gtest failure says why not.
inline void start_ws_peer(std::unique_ptr<BackgroundProcess>& peer, int& port) {
  ASSERT_TRUE(std::filesystem::exists(k_system_python)) << k_system_python << " missing: ./dev deps installs it";
  peer = std::make_unique<BackgroundProcess>(k_system_python,
                                             std::vector<std::string>{fixtures_dir() + "/ws/ws_peer.py"});
  ASSERT_TRUE(peer->read_until("listening on ws://127.0.0.1:", std::chrono::seconds(20))) << peer->output();
  ASSERT_TRUE(peer->read_until("\n", std::chrono::seconds(5))) << peer->output();
  const std::string& out = peer->output();
  port = std::stoi(out.substr(out.find("127.0.0.1:") + 10));
}

}  // namespace latbench::test
