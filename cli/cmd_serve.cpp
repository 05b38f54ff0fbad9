// `latbench serve`: flags -> ServeRequest -> app::run_serve in the foreground until SIGINT/SIGTERM.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <utility>

#include "commands.hpp"
#include "core/error.hpp"
#include "core/size.hpp"
#include "frames/framing.hpp"
#include "app/serve_command.hpp"
#include "link/link_spec.hpp"
#include "key_flags.hpp"
#include "link_option.hpp"
#include "server/reference_server.hpp"
#include "server/server_modes.hpp"
#include "server/adaptive_quality.hpp"
#include "server/stream_camera.hpp"

namespace latbench::cli {
namespace {

struct ServeArgs {
  server::ServerOptions options;
  std::string mode = "sync";
  std::string infer = "fixed(0ms)";
  std::string post_cost = "200us";
  std::string warmup_cost = "0ms";
  std::string decode = "full";
  std::string log_format = "uvicorn";
  std::string max_body = "8MiB";
  std::string header_timeout = "10s";
  std::string body_timeout = "30s";
  std::string idle_timeout = "60s";
  std::string queue_policy = "drop";
  std::string warmup_scope = "session";
  std::string answer_format = "json";
  std::string answer_bytes = "0";
  std::string max_message = "16MiB";
  std::string framing = "binary";
  std::string frame_header;  // empty: none
  std::string ws_message;    // empty: the codec's default template
  // /ws/stream (docs/ws_stream.md).
  double fps = 30;
  int quality = 80;
  std::string image = "vga";
  std::string adaptive_quality;  // empty: always --quality
  std::size_t log_every = 100;
  bool no_access_log = false;
  std::string link;  // empty: clients reach the server directly
  std::string link_presets = link::default_link_presets_path();
};

void finish_options(ServeArgs& a) {
  auto& o = a.options;
  o.mode = located(server::parse_mode(a.mode), "--mode");
  o.processing.infer = server::Distribution::parse(a.infer, "--infer").take();
  o.processing.post_cost = parse_duration(a.post_cost, "--post-cost").take();
  o.processing.warmup_cost = parse_duration(a.warmup_cost, "--warmup-cost").take();
  o.processing.decode = located(server::parse_decode(a.decode), "--decode");
  o.log_format = located(server::parse_log_format(a.log_format), "--log-format");
  o.max_body_bytes = parse_size(a.max_body, "--max-body").take();
  o.header_timeout = parse_duration(a.header_timeout, "--header-timeout").take();
  o.body_timeout = parse_duration(a.body_timeout, "--body-timeout").take();
  o.idle_timeout = parse_duration(a.idle_timeout, "--idle-timeout").take();
  // One --queue for both queues: async uploads' (all connections) and each /ws/frames session's.
  o.ws.queue = o.queue_capacity;
  o.ws.policy = located(server::parse_queue_policy(a.queue_policy), "--queue-policy");
  o.ws.warmup_scope = located(server::parse_warmup_scope(a.warmup_scope), "--warmup-scope");
  o.ws.answer_format = located(server::parse_answer_format(a.answer_format), "--answer-format");
  o.ws.answer_bytes = parse_size(a.answer_bytes, "--answer-bytes").take();
  o.ws.max_message_bytes = parse_size(a.max_message, "--max-message").take();
  if (o.ws.max_message_bytes == 0) throw usage_error("--max-message: expected at least 1 byte");
  auto framing = located(frames::parse_framing(a.framing), "--framing");
  // Each part alone first, so an error names its own flag.
  if (!a.frame_header.empty()) (void)located(frames::parse_header_layout(a.frame_header), "--frame-header");
  if (!a.ws_message.empty()) (void)located(frames::parse_message_template(a.ws_message), "--ws-message");
  o.ws.framing = located(frames::make_framing_spec(framing, a.frame_header, a.ws_message),
                         a.frame_header.empty() ? "--ws-message" : "--frame-header");
  // /ws/stream: the same framing flags; binary gets the users' 16-byte header unless one is given.
  o.stream.fps = a.fps;
  o.stream.quality = a.quality;
  o.stream.image = a.image;
  o.stream.adaptive = located(server::parse_adaptive_quality(a.adaptive_quality), "--adaptive-quality");
  o.stream.log_every = a.log_every;
  o.stream.queue = o.queue_capacity;
  o.stream.policy = o.ws.policy;
  o.stream.framing = o.ws.framing;
  if (framing == frames::Framing::binary && a.frame_header.empty())
    o.stream.framing = located(frames::make_framing_spec(framing, server::k_default_stream_header, ""), "--frame-header");
  // A header naming a field a stream frame has no value for fails here, not on the first frame.
  (void)located(frames::encode_frame(o.stream.framing, {}, "jpeg"), a.frame_header.empty() ? "--framing" : "--frame-header");
  // The camera's image is read now: a bad --image is an error at start, not a viewer's silence.
  (void)server::StreamCamera::open(a.image, "--image");
  if (!a.no_access_log) {
    o.log_sink = [](const std::string& line) {
      std::fwrite(line.data(), 1, line.size(), stdout);
      std::fputc('\n', stdout);
      std::fflush(stdout);  // users tail this; one write per line is what uvicorn does too
    };
  }
}

int serve(ServeArgs& a) {
  finish_options(a);
  app::ServeRequest request;
  request.options = a.options;
  if (!a.link.empty()) request.link = link::resolve_link(a.link, a.link_presets, "--link").take();
  // Block the signals before any server thread exists so that only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  app::ServeHooks hooks;
  hooks.on_ready = [&a](const app::ServeReady& ready) {
    std::printf("INFO:     latbench serve running on http://%s:%u (mode %s, workers %u, infer %s",
                a.options.bind.c_str(), ready.port, a.mode.c_str(), a.options.processing.workers,
                a.options.processing.infer.to_string().c_str());
    if (!ready.link_spec.empty())
      std::printf("; through link %s: %s, server itself on port %u", ready.link_name.c_str(), ready.link_spec.c_str(),
                  ready.server_port);
    std::printf("; Press CTRL+C to quit)\n");
    std::fflush(stdout);
  };
  hooks.wait = [&signals] {
    int received = 0;
    sigwait(&signals, &received);
    std::printf("INFO:     Shutting down (%s): finishing in-flight requests\n",
                received == SIGINT ? "SIGINT" : "SIGTERM");
    std::fflush(stdout);
  };
  const server::ServerCounters c = app::run_serve(std::move(request), hooks).counters;
  std::printf("INFO:     Finished server process: %llu connections, %llu requests, %llu processed, "
              "%llu dropped",
              static_cast<unsigned long long>(c.connections_accepted),
              static_cast<unsigned long long>(c.requests),
              static_cast<unsigned long long>(c.processed),
              static_cast<unsigned long long>(c.dropped));
  if (c.ws_sessions > 0)
    std::printf("; /ws/frames: %llu sessions, %llu frames, %llu processed, %llu dropped",
                static_cast<unsigned long long>(c.ws_sessions),
                static_cast<unsigned long long>(c.ws_frames),
                static_cast<unsigned long long>(c.ws_processed),
                static_cast<unsigned long long>(c.ws_dropped));
  if (c.stream_viewers > 0)
    std::printf("; /ws/stream: %llu viewers, %llu frames produced, %llu sent, %llu dropped",
                static_cast<unsigned long long>(c.stream_viewers),
                static_cast<unsigned long long>(c.stream_produced),
                static_cast<unsigned long long>(c.stream_sent),
                static_cast<unsigned long long>(c.stream_dropped));
  std::printf("\n");
  std::fflush(stdout);
  return static_cast<int>(ExitCode::ok);
}

}  // namespace

void register_serve(CLI::App& app, Action& action) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve", "Run the reference image-upload server (FastAPI+YOLO-like)");
  auto& o = args->options;
  cmd->add_option("--bind", o.bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o.port, "TCP port (0: ephemeral)")->capture_default_str()->check(CLI::Range(0, 65535));
  cmd->add_option("--mode", args->mode, "sync: answer after processing; async: enqueue, answer at once")
      ->capture_default_str();
  cmd->add_option("--threads", o.threads, "I/O threads")->check(CLI::Range(1u, 64u))->capture_default_str();
  cmd->add_option("--workers", o.processing.workers,
                  "Model slots (like GPUs); 0 processes on the I/O thread")
      ->check(CLI::Range(0u, 256u))->capture_default_str();
  cmd->add_option("--infer", args->infer,
                  "Inference time: fixed(40ms) | normal(40ms,3ms) | lognormal(mean,sd) | uniform(a,b)")
      ->capture_default_str();
  cmd->add_option("--post-cost", args->post_cost, "Post-processing time per image")->capture_default_str();
  cmd->add_option("--warmup-cost", args->warmup_cost,
                  "Extra inference time of the first image (/ws/frames: see --warmup-scope)")
      ->capture_default_str();
  cmd->add_option("--warmup-scope", args->warmup_scope,
                  "/ws/frames: who pays --warmup-cost: session (each session's first frame) | "
                  "process (the first image of the process, cached across reconnects)")
      ->capture_default_str();
  cmd->add_option("--seed", o.processing.seed, "RNG seed for inference draws")->capture_default_str();
  cmd->add_option("--decode", args->decode, "JPEG decode: full | header | none")->capture_default_str();
  cmd->add_option("--queue", o.queue_capacity,
                  "async: images waiting beyond this are dropped; /ws/frames: frames waiting per "
                  "session behind the one processed (0: none), see --queue-policy")
      ->capture_default_str()->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000}));
  cmd->add_option("--queue-policy", args->queue_policy,
                  "/ws/frames, a frame arriving to a full queue: drop (answered \"dropped\" at "
                  "once) | block (the session stops reading until there is room)")
      ->capture_default_str();
  cmd->add_option("--answer-format", args->answer_format,
                  "/ws/frames answers: json (text) | msgpack (binary)")
      ->capture_default_str();
  cmd->add_option("--answer-bytes", args->answer_bytes,
                  "/ws/frames: pad each processed frame's answer to this size (0: no padding)")
      ->capture_default_str();
  cmd->add_option("--framing", args->framing,
                  "/ws/frames, how a frame sits in a message: binary (the JPEG, after "
                  "--frame-header if given) | base64-json (text, --ws-message) | msgpack (a map "
                  "{frame_id, timestamp_ms, device, image: bin})")
      ->capture_default_str();
  cmd->add_option("--frame-header", args->frame_header,
                  "binary framing: a fixed header in Python struct notation with field names, "
                  "e.g. '!Ifd:frame_id,timestamp,length'");
  cmd->add_option("--ws-message", args->ws_message,
                  "base64-json framing: the message's template ({frame_id} {timestamp_ms} {device} "
                  "{jpeg_base64} {jpeg_data_url}); the image is read from its key")
      ->default_str(std::string(frames::k_default_json_template));
  cmd->add_option("--max-message", args->max_message,
                  "/ws/frames: largest message read; a larger one closes the session (1009)")
      ->capture_default_str();
  cmd->add_option("--fps", args->fps, "/ws/stream: frames the camera captures per second")
      ->capture_default_str()->check(CLI::Range(0.1, 1000.0));
  cmd->add_option("--quality", args->quality, "/ws/stream: JPEG quality of each frame (1..100) when no "
                  "--adaptive-quality step applies")
      ->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_option("--image", args->image, "/ws/stream: the camera: vga | hd | fullhd | WxH (a synthesized "
                  "scene) or a JPEG file or folder (decoded once, re-encoded per frame)")
      ->capture_default_str();
  cmd->add_option("--adaptive-quality", args->adaptive_quality,
                  "/ws/stream: DEPTH:QUALITY,... a viewer whose queue holds at least DEPTH frames gets "
                  "QUALITY (highest matching depth wins), e.g. '30:60,15:70,0:80'");
  cmd->add_option("--log-every", args->log_every, "/ws/stream: log every Nth produced frame per viewer "
                  "(1: every frame, the users' logging storm; 0: none)")
      ->capture_default_str();
  cmd->add_option("--log-format", args->log_format, "uvicorn (+ Ultralytics Speed lines) | jsonl")
      ->capture_default_str();
  cmd->add_flag("--no-access-log", args->no_access_log, "Write no per-request lines");
  cmd->add_option("--max-body", args->max_body, "Largest accepted body (413 beyond)")->capture_default_str();
  cmd->add_option("--header-timeout", args->header_timeout,
                  "408 when a header takes longer (a new connection's first: from accept)")
      ->capture_default_str();
  cmd->add_option("--body-timeout", args->body_timeout, "408 when a body takes longer")->capture_default_str();
  cmd->add_option("--idle-timeout", args->idle_timeout, "Close idle keep-alive connections after")
      ->capture_default_str();
  cmd->add_option("--max-connections", o.max_connections,
                  "At this many, a newcomer closes the longest-idle one, or is closed at once")
      ->capture_default_str();
  cmd->add_option("--link", args->link, k_link_option_short_help);
  cmd->add_option("--link-presets", args->link_presets, "YAML file of named link presets")
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  latbench serve --port 8000\n"
      "  latbench serve --port 8000 --link wifi-poor\n"
      "  latbench serve --mode async --queue 50 --infer 'normal(40ms,3ms)' --warmup-cost 800ms\n"
      "  latbench serve --infer 60ms --queue 2 --queue-policy drop --warmup-cost 800ms \\\n"
      "      --warmup-scope process --answer-format msgpack --answer-bytes 310KB\n"
      "  latbench serve --framing binary --frame-header '!Ifd:frame_id,timestamp,length'\n"
      "  latbench serve --fps 30 --image hd --queue 50 --queue-policy drop --adaptive-quality '30:60,15:70,0:80'\n"
      "WebSocket: GET /ws/frames upgrades; each message is a frame (--framing), each frame gets\n"
      "one answer {\"type\":\"result\",\"frame_id\",\"status\",\"timing\":{ms per stage}}.\n"
      "GET /ws/stream upgrades to a viewer: the server pushes camera frames (--fps, --quality, --image)\n"
      "through a queue per viewer (--queue, --queue-policy); see docs/ws_stream.md.");
  cmd->callback([args, &action] { action = [args] { return serve(*args); }; });
}

}  // namespace latbench::cli
