#pragma once
// A run's WebSocket options (client::WsOptions) from its RunConfig's texts: the framing, the
// answer rule, reconnects and the message limit. The codec's errors start with the part at fault
// ("header: ...", "ws_match: ..."); they are thrown as KeyErrors naming the run option's key
// (frame_header, ws_message, ws_answer, ...), so the CLI puts the flag or the profile's line in
// front (exit 2).
#include <string_view>

#include "client/run_config.hpp"
#include "client/ws_options.hpp"

namespace latbench::app {

// Whether `url` means the embedded reference server: empty (its upload endpoint) or "ws://"
// alone (its /ws/frames endpoint).
bool is_embedded_target(std::string_view url);

client::WsOptions make_ws_options(const client::RunConfig& config);

// The framing a run uses: its `framing` text, binary when empty. Throws KeyError (framing).
frames::Framing run_framing(const client::RunConfig& config);

// Throws KeyError (usage) naming the first WebSocket option set for a target that is not ws://
// or wss:// (`is_ws` false), or the connection option given for one that is.
void check_ws_options_apply(const client::RunConfig& config, bool is_ws);

}  // namespace latbench::app
