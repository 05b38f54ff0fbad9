// Frames per second one /ws/frames session gets answered with no model time, measured by a Beast
// client that keeps a window of frames in flight (so the client is not the limit, as the Python
// client of bench/ws_server_vs_python.py is). BM_WsFramesPeer drives another server the same way
// when LATBENCH_WS_PEER_PORT names its port (e.g. the Python websockets app of that script,
// started with `ws_server_vs_python.py --serve-python`), so both figures come from one client.
// Loopback only; each iteration is one bounded batch of frames.
#include <benchmark/benchmark.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdlib>
#include <functional>
#include <string>

#include "server/reference_server.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace latbench;

constexpr int k_frames_per_batch = 2000;
constexpr int k_window = 16;

// Sends `frames` frames keeping `window` unanswered, reads every answer; false on an error.
bool run_batch(websocket::stream<tcp::socket>& ws, asio::io_context& io, const std::string& frame,
               int frames, int window) {
  int sent = 0, answered = 0;
  bool writing = false, failed = false;
  beast::flat_buffer in;
  std::function<void()> pump;
  std::function<void(beast::error_code, std::size_t)> on_read;
  pump = [&] {
    if (writing || failed || sent >= frames || sent - answered >= window) return;
    writing = true;
    ++sent;
    ws.async_write(asio::buffer(frame), [&](beast::error_code ec, std::size_t) {
      writing = false;
      if (ec) failed = true;
      pump();
    });
  };
  on_read = [&](beast::error_code ec, std::size_t) {
    if (ec) {
      failed = true;
      return;
    }
    in.consume(in.size());
    ++answered;
    pump();
    if (answered < frames) ws.async_read(in, on_read);
  };
  ws.async_read(in, on_read);
  pump();
  io.restart();
  io.run_for(std::chrono::seconds(60));
  return !failed && answered == frames;
}

// frame_bytes: 25000 is seed 002's frame after its fix; 1000 leaves little for the client's
// masking (RFC 6455 masks every client byte), which otherwise limits this client first.
void drive(benchmark::State& state, std::uint16_t port, const char* path, std::size_t frame_bytes) {
  asio::io_context io;
  websocket::stream<tcp::socket> ws(io);
  ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
  ws.next_layer().set_option(tcp::no_delay(true));
  ws.handshake("127.0.0.1", path);
  ws.binary(true);
  ws.auto_fragment(false);
  std::string frame(frame_bytes, '\x5a');
  std::int64_t frames = 0;
  for (auto _ : state) {
    if (!run_batch(ws, io, frame, k_frames_per_batch, k_window)) {
      state.SkipWithError("a frame was not answered");
      return;
    }
    frames += k_frames_per_batch;
  }
  state.SetItemsProcessed(frames);
  beast::error_code ignored;
  ws.close(websocket::close_code::normal, ignored);
}

server::ServerOptions zero_work(unsigned workers) {
  server::ServerOptions o;
  o.processing.post_cost = Nanos(0);
  o.processing.decode = server::DecodeMode::none;
  o.processing.workers = workers;
  o.ws.queue = k_window;
  return o;
}

void BM_WsFramesOneSession(benchmark::State& state) {
  server::ReferenceServer srv(zero_work(static_cast<unsigned>(state.range(0))));
  srv.start();
  drive(state, srv.port(), "/ws/frames", static_cast<std::size_t>(state.range(1)));
}
BENCHMARK(BM_WsFramesOneSession)
    ->ArgsProduct({{0, 1}, {1000, 25000}})
    ->ArgNames({"workers", "frame_bytes"})
    ->UseRealTime()
    ->MinTime(2.0);

void BM_WsFramesPeer(benchmark::State& state) {
  const char* port = std::getenv("LATBENCH_WS_PEER_PORT");
  if (port == nullptr) {
    state.SkipWithError("set LATBENCH_WS_PEER_PORT to the peer server's port");
    return;
  }
  drive(state, static_cast<std::uint16_t>(std::atoi(port)), "/ws/frames",
        static_cast<std::size_t>(state.range(0)));
}
BENCHMARK(BM_WsFramesPeer)->Arg(1000)->Arg(25000)->ArgName("frame_bytes")->UseRealTime()->MinTime(2.0);

}  // namespace
