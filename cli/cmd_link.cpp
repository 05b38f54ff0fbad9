// `latbench link`: the link emulator as a stand-alone proxy in front of any upstream.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "core/error.hpp"
#include "link/link_emulator.hpp"
#include "link_option.hpp"

namespace latbench::cli {
namespace {

struct LinkArgs {
  std::string upstream;
  std::string link = "loopback";
  std::string presets = link::default_link_presets_path();
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;
};

// "host:port" -> parts; errors name --upstream.
std::pair<std::string, std::uint16_t> split_host_port(const std::string& text) {
  auto colon = text.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon > 0) {
    try {
      std::size_t used = 0;
      port = std::stoi(text.substr(colon + 1), &used);
      if (used != text.size() - colon - 1) port = -1;
    } catch (const std::exception&) {
      port = -1;
    }
  }
  if (port < 1 || port > 65535)
    throw usage_error(fmt::format("--upstream: '{}' is not host:port (e.g. 127.0.0.1:8000)", text));
  return {text.substr(0, colon), static_cast<std::uint16_t>(port)};
}

int run_link(const LinkArgs& a) {
  auto spec = link::resolve_link(a.link, a.presets, "--link").take();
  auto [host, port] = split_host_port(a.upstream);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  link::LinkEmulator emulator(spec, host, port, a.port, a.bind);
  emulator.start();
  // The spec printed carries the seed (given, or drawn now): `--link '<it>'` replays the draws.
  std::printf("latbench link: http://%s:%u -> %s:%u (%s: %s; Press CTRL+C to quit)\n",
              a.bind.c_str(), emulator.port(), host.c_str(), port, emulator.spec().name.c_str(),
              link::to_string(emulator.spec()).c_str());
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  emulator.stop();
  auto c = emulator.counters();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);  // ru_maxrss: the peak resident set (VmHWM), in KiB
  std::printf("latbench link: %llu connections, %llu bytes up, %llu bytes down, %llu stalls, "
              "%llu resets, %llu black holes, %llu upstream failures; held at most %llu bytes, "
              "peak RSS %.1f MiB\n",
              static_cast<unsigned long long>(c.connections),
              static_cast<unsigned long long>(c.bytes_up),
              static_cast<unsigned long long>(c.bytes_down),
              static_cast<unsigned long long>(c.stalls), static_cast<unsigned long long>(c.resets),
              static_cast<unsigned long long>(c.blackholes),
              static_cast<unsigned long long>(c.upstream_failures),
              static_cast<unsigned long long>(c.held_peak_bytes), static_cast<double>(usage.ru_maxrss) / 1024);
  return static_cast<int>(ExitCode::ok);
}

}  // namespace

void register_link(CLI::App& app, Action& action) {
  auto args = std::make_shared<LinkArgs>();
  auto* cmd = app.add_subcommand("link", "Emulate a network path (delay, jitter, bandwidth, stalls) "
                                         "in front of a TCP upstream");
  cmd->add_option("--upstream", args->upstream, "host:port to forward to")->required();
  cmd->add_option("--link", args->link, k_link_option_help)->capture_default_str();
  cmd->add_option("--link-presets", args->presets, "YAML file of named link presets")
      ->capture_default_str();
  cmd->add_option("--bind", args->bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", args->port, "Port to listen on (0: ephemeral)")->capture_default_str()->check(CLI::Range(0, 65535));
  cmd->footer(
      "Examples:\n"
      "  latbench link --upstream 127.0.0.1:8000 --link wifi --port 8001\n"
      "  latbench link --upstream 127.0.0.1:8000 --link 'wifi-poor,seed=7' --port 8001\n"
      "  latbench link --upstream 127.0.0.1:8000 --link 'delay=40ms,jitter=15ms,up=2mbit,down=8mbit,stall=0.05%'");
  cmd->callback([args, &action] { action = [args] { return run_link(*args); }; });
}

}  // namespace latbench::cli
