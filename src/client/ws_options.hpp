#pragma once
// What a WebSocket run adds to the driver's plan: how frames are framed, which messages answer
// them, when the session is reopened, and the largest message accepted. Plain data; the caller
// (the CLI, a profile) builds the framing and the rule with frames::make_framing_spec and
// frames::make_answer_rule, which name the bad part.
#include <cstddef>
#include <cstdint>

#include "frames/answer_rule.hpp"
#include "frames/framing.hpp"

namespace latbench::client {

struct WsOptions {
  frames::FramingSpec framing;  // default: binary, no header
  frames::AnswerRule answer;    // default: every message answers the oldest pending frame
  // Close and reopen the device's session after this many frames (0: never), to measure what a
  // new session costs: its first answer's time after connect is recorded (first_answer_ms).
  std::uint64_t reconnect_every = 0;
  // A message larger than this ends the session (error class protocol): bounded memory against
  // a peer that sends 100 MB.
  std::size_t max_message = 16u << 20;
};

}  // namespace latbench::client
