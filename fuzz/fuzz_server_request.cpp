// The reference server's request handling: raw bytes from a client, as a device, a browser or
// an attacker sends them, through everything the server does with a request (Beast's parser with
// the server's limits, routing, upload bodies, the JPEG header check and decode, the commands
// endpoint's JSON, /stats) in sync and in async mode.
//
// Every input goes through server::handle_request_bytes (the same parser limits and endpoints, in
// memory, processing inline): thousands of inputs a second. One input in 16, chosen by a hash of
// its bytes so a reproduction takes the same path, also goes over loopback to a ReferenceServer
// started once per process in each mode, which is exactly what `latbench serve` runs (sessions,
// timers, the worker pool): the client half-closes after the input and reads every answer until
// the server closes; a server that does not close within 5 s is a finding (a request that can
// hold a connection forever). Over loopback only, the target ran at 74 inputs a second.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string_view>

#include "fuzz_support.hpp"
#include "server/reference_server.hpp"
#include "server/request_handler.hpp"
#include "server/server_context.hpp"

using namespace latbench;

namespace {

server::ServerOptions fuzz_options(server::Mode mode) {
  server::ServerOptions options;
  options.mode = mode;
  options.processing.post_cost = Nanos(0);  // no sleeping: executions per second are the budget
  options.max_body_bytes = 1u << 20;
  options.header_timeout = options.body_timeout = options.idle_timeout = std::chrono::seconds(5);
  options.log_sink = [](const std::string&) {};  // access lines are formatted, then dropped
  return options;
}

std::unique_ptr<server::ReferenceServer> start_server(server::Mode mode) {
  auto s = std::make_unique<server::ReferenceServer>(fuzz_options(mode));
  s->start();
  return s;
}

// connect() interrupted by libFuzzer's timer signal fails with EINTR while the connection goes on
// being made (POSIX): wait for it to finish and read its outcome, rather than take it for a failure.
bool connect_loopback(int fd, const sockaddr_in& addr) {
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) return true;
  if (errno != EINTR) return false;
  pollfd p{fd, POLLOUT, 0};
  int ready;
  while ((ready = poll(&p, 1, 5000)) < 0 && errno == EINTR) {
  }
  if (ready <= 0) return false;
  int error = 0;
  socklen_t length = sizeof error;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return false;
  errno = error;
  return error == 0;
}

void send_to(std::uint16_t port, std::string_view request) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) { std::perror("socket"); std::abort(); }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only
  if (!connect_loopback(fd, addr)) { std::perror("connect"); std::abort(); }
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  // The server may answer (and close) before it read everything: a failed send is an answer too.
  for (std::size_t done = 0; done < request.size();) {
    const ssize_t n = send(fd, request.data() + done, request.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;  // libFuzzer's timer signal
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  shutdown(fd, SHUT_WR);
  char buffer[16384];
  for (;;) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET)) break;
    if (n < 0 && errno == EINTR) continue;  // libFuzzer's timer signal, not the server
    if (n < 0) {
      std::fprintf(stderr, "fuzz: the server kept the connection open 5 s after the request (errno %d)\n", errno);
      std::abort();
    }
  }
  close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view request(reinterpret_cast<const char*>(data), size);
  static server::ServerContext context(fuzz_options(server::Mode::sync));
  fuzz::expect_only_latbench_errors("server request", [&] {
    const std::string answer = server::handle_request_bytes(context, request);
    fuzz::check(answer.empty() || answer.starts_with("HTTP/1.1 "), "an answer is an HTTP/1.1 response");
  });
  if (std::hash<std::string_view>{}(request) % 16 == 0) {
    static auto sync_server = start_server(server::Mode::sync);
    static auto async_server = start_server(server::Mode::async);
    send_to(sync_server->port(), request);
    send_to(async_server->port(), request);
  }
  return 0;
}
