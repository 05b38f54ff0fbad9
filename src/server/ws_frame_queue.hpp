#pragma once
// One /ws/frames session's frames between the socket and the model: one runs at a time, up to
// `capacity` wait behind it, and the policy says what a frame arriving to a full queue meets.
// Pure logic (no clock, no sockets), so the policies are tested deterministically.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "frames/framing.hpp"
#include "server/ws_frames_options.hpp"

namespace latbench::server {

// A frame read from the session, until its answer is written.
struct PendingFrame {
  std::uint64_t seq = 0;       // arrival number in the session, from 1
  std::uint64_t frame_id = 0;  // the frame's own id, or seq when it carries none
  std::string message;         // the message as read
  frames::DecodedFrame decoded;  // what the framing read (holds a base64 frame's JPEG)
  std::string_view jpeg;       // into message or decoded
  std::string device;          // the frame's device, when it names one
  std::chrono::steady_clock::time_point arrived{};
  std::chrono::nanoseconds parse{0};  // taking the JPEG out of the message
  std::size_t held_bytes = 0;  // what the session counts against its memory budget
};

class FrameQueue {
 public:
  FrameQueue(std::size_t capacity, QueuePolicy policy) : m_capacity(capacity), m_policy(policy) {}

  // run_now: nothing was running, the caller runs `frame` now. queued: it waits its turn.
  // dropped: drop policy and the queue was full; the queue does not keep it.
  enum class Arrival { run_now, queued, dropped };
  Arrival arrive(std::shared_ptr<PendingFrame> frame);

  // The running frame is done: the next one to run (now running), or null when none waits.
  std::shared_ptr<PendingFrame> finish();

  // Whether the session may read its next message: always under drop; under block, not while
  // a frame runs and `capacity` wait.
  bool may_read() const;
  // Nothing runs, nothing waits.
  bool idle() const { return !m_running && m_waiting.empty(); }
  bool running() const { return m_running; }
  std::size_t waiting() const { return m_waiting.size(); }

  // The session is over: forgets the waiting frames and returns how many there were.
  std::size_t abandon();

 private:
  std::size_t m_capacity;
  QueuePolicy m_policy;
  bool m_running = false;
  std::deque<std::shared_ptr<PendingFrame>> m_waiting;
};

}  // namespace latbench::server
