// The link emulator reads its source no faster than the emulated link transmits (issue 12 item 2,
// the emulator half) and holds at most a window per direction (issue 13 item 5). Raw sockets on
// loopback: the client's send() is what a device's upload phase measures.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "common/tcp_sink.hpp"
#include "link/link_emulator.hpp"

using namespace latbench;
using Clock = std::chrono::steady_clock;
using latbench::test::connect_loopback;
using latbench::test::TcpSink;

namespace {

// Milliseconds until a blocking send of `bytes` has handed every byte to the kernel: what the
// client's own upload phase measures.
double send_ms(int fd, std::size_t bytes) {
  std::string body(bytes, 'x');
  auto start = Clock::now();
  std::size_t sent = 0;
  while (sent < bytes) {
    auto n = ::send(fd, body.data() + sent, bytes - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<std::size_t>(n);
  }
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

TEST(LinkBackpressure, ADevicesSendWaitsForTheEmulatedUpRate) {
  // A VGA frame (49,152 B) at 2 Mbit/s takes 49,152 x 8 / 2e6 = 196.6 ms on the link. A device
  // with a small send buffer (lwIP's is 5.7 KB) can only run that far ahead of it; the buffers on
  // the way (its own, the emulator's 4 KiB receive buffer, two chunks, the 1,500 B burst) come to
  // ~20 KB, so its send() cannot finish before (49,152 - 20,000) / 250,000 B/s = 117 ms. Today
  // the emulator reads 256 KiB at loopback speed and the send takes < 1 ms.
  TcpSink sink;
  link::LinkEmulator emu(*link::parse_link_spec("delay=0ms,up=2mbit,handshake=off"), "127.0.0.1", sink.port());
  emu.start();
  int fd = connect_loopback(emu.port(), 4096);
  const double ms = send_ms(fd, 49152);
  EXPECT_GE(ms, 98.0);   // at least half the link time
  EXPECT_LE(ms, 400.0);  // and not slower than the link (twice, for a loaded machine)
  EXPECT_TRUE(sink.wait_for(49152, std::chrono::seconds(5)));
  ::close(fd);
}

TEST(LinkBackpressure, ASlowLinkHoldsOnlyWhatIsInFlightOnIt) {
  // 500 kB from a client with the kernel's default (large, autotuned) buffers through 2 Mbit/s
  // with 50 ms one way: the link has at most 250 kB/s x 50 ms = 12.5 kB in flight, plus the read
  // being sent, the one read ahead (1,460 B each) and the 1,500 B burst: ~17 kB. Today the
  // emulator reads as fast as the client writes, into a 256 KiB window. (How long the client's
  // own send() takes here is the kernel's business: Linux grows its send buffer with the
  // congestion window, to ~100 kB-1 MB on loopback.)
  TcpSink sink;
  link::LinkEmulator emu(*link::parse_link_spec("delay=50ms,up=2mbit,handshake=off"), "127.0.0.1", sink.port());
  emu.start();
  int fd = connect_loopback(emu.port());
  send_ms(fd, 500000);
  EXPECT_TRUE(sink.wait_for(500000, std::chrono::seconds(10)));
  ::close(fd);
  const auto peak = emu.counters().held_peak_bytes;
  EXPECT_GE(peak, 10000u);  // the bytes in flight are held
  EXPECT_LE(peak, 32u * 1024u) << peak;
}

TEST(LinkBackpressure, HeldBytesStayWithinAWindowPerConnection) {
  // 200 uploads of 256 KiB at once through 4 Mbit/s with 20 ms delay. Each direction holds at
  // most its window (64 KiB here: twice the 20 ms x 500 kB/s in flight is less), so the emulator
  // never holds more than 200 x 64 KiB = 12.5 MiB; at the link's pace it holds about
  // 200 x (20 ms x 500 kB/s + one 2.5 kB chunk) = 2.5 MB.
  TcpSink sink;
  link::LinkEmulator emu(*link::parse_link_spec("delay=20ms,up=4mbit,handshake=off"), "127.0.0.1", sink.port());
  emu.start();
  constexpr std::size_t k_clients = 200;
  constexpr std::size_t k_bytes = 256 * 1024;
  ASSERT_EQ(latbench::test::upload_concurrently(emu.port(), k_clients, k_bytes, std::chrono::seconds(60), &sink), k_clients);
  ASSERT_TRUE(sink.wait_for(k_clients * k_bytes, std::chrono::seconds(60)));
  const auto peak = emu.counters().held_peak_bytes;
  EXPECT_GT(peak, 0u);
  EXPECT_LE(peak, k_clients * 64u * 1024u) << peak;
}
