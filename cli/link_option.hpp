#pragma once
// The --link option's help and check, shared by every subcommand that takes it.
#include <string>

#include "link/link_spec.hpp"

namespace latbench::cli {

// The whole syntax, shown once: in `latbench link --help`, the link emulator's own page.
inline constexpr const char* k_link_option_help =
    "Network path: a preset of profiles/links.yaml (loopback, lan, wifi, wifi-poor, esp32-wifi, "
    "4g, tunnel), optionally with overrides (wifi-poor,seed=7 or wifi,delay=10ms), or a spec "
    "key=value,...: delay (one-way), rtt, jitter, jitter-dist=uniform|normal, up, down, rate "
    "(e.g. 2mbit, 1MB/s), burst, handshake=on|off, stall (per 1460-byte segment), reset, "
    "blackhole (per connection) (probabilities, e.g. 0.5%), seed (default: a fresh one per run, "
    "written into the run folder)";

// What run, serve and compare show for --link: one line and where the syntax is.
inline constexpr const char* k_link_option_short_help =
    "Network path: a preset (wifi, 4g, esp32-wifi, ...) or a spec like delay=20ms,up=2mbit; "
    "syntax in 'latbench link --help'";

// The link's text as given, once it is known to resolve: errors name --link (the engine names
// only the key), exit code 2.
inline std::string checked_link_option(const std::string& text,
                                       const std::string& presets = link::default_link_presets_path()) {
  link::resolve_link(text, presets, "--link").take();
  return text;
}

}  // namespace latbench::cli
