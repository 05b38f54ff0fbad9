#pragma once
// The --link option's help, shared by every subcommand that takes it.
namespace latbench::cli {

inline constexpr const char* k_link_option_help =
    "Network path: a preset of profiles/links.yaml (loopback, lan, wifi, wifi-poor, esp32-wifi, "
    "4g, tunnel) or a spec key=value,...: delay (one-way), rtt, jitter, jitter-dist=uniform|normal, "
    "up, down, rate (e.g. 2mbit, 1MB/s), burst, handshake=on|off, stall (per 1460-byte segment), "
    "reset, blackhole (per connection) (probabilities, e.g. 0.5%), seed";

}  // namespace latbench::cli
