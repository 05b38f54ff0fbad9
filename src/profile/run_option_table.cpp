#include "profile/run_option_table.hpp"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/size.hpp"
#include "frames/answer_rule.hpp"
#include "frames/framing.hpp"
#include "frames/pushed_frame.hpp"
#include "link/link_spec.hpp"
#include "payload/encoding.hpp"
#include "profile/exact_duration.hpp"
#include "payload/image_size.hpp"
#include "server/adaptive_quality.hpp"
#include "server/server_modes.hpp"

namespace latbench::profile {
namespace {

using client::RunConfig;
using nlohmann::json;
using server::ServerOptions;
using Texts = std::vector<std::string>;

// The member a row binds, for const and non-const configs alike.
#define LATBENCH_MEMBER(path) [](auto& c) -> auto& { return c.path; }

enum class InSummary { yes, no };

template <class T>
Result<T> failed(std::string_view what, const std::string& detail) {
  return usage_error(fmt::format("{}: {}", what, detail));
}

// A parser of the engine that names `what` itself, its value stored by `store`.
template <class T, class Store>
Result<Applied> stored(Result<T> parsed, Store&& store) {
  if (!parsed) return parsed.error();
  store(std::move(parsed).take());
  return Applied{};
}

template <class Config>
std::string joined(const OptionRow<Config>& row, const Config& defaults) {
  std::string out;
  for (const auto& t : row.format(defaults)) out += (out.empty() ? "" : ",") + t;
  return out;
}

template <class Row>
Row eg(std::string example, Row row) {
  row.example = std::move(example);
  return row;
}

template <class Config, class Get>
OptionRow<Config> whole(std::string key, OptionKind kind, Get get, Bounds b, std::string help,
                        InSummary in_summary) {
  OptionRow<Config> row;
  row.key = std::move(key);
  row.kind = kind;
  row.bounds = b;
  row.expected = fmt::format("an integer in {}..{}", b.lo, b.hi);
  row.help = std::move(help);
  row.set = [get, b, expected = row.expected](Config& c, std::string_view text, std::string_view what) -> Result<Applied> {
    long long v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || v < b.lo || v > b.hi)
      return failed<Applied>(what, fmt::format("expected {}, got '{}'", expected, text));
    get(c) = static_cast<std::remove_reference_t<decltype(get(c))>>(v);
    return Applied{};
  };
  row.format = [get](const Config& c) { return Texts{std::to_string(get(c))}; };
  if (in_summary == InSummary::yes) row.summary = [get](const Config& c) { return json(get(c)); };
  return row;
}

template <class Get>
RunOption count(std::string key, Get get, Bounds b, std::string help, InSummary s = InSummary::yes) {
  return whole<RunConfig>(std::move(key), OptionKind::count, get, b, std::move(help), s);
}

template <class Get>
RunOption duration(std::string key, Get get, std::string help, InSummary s) {
  RunOption row;
  row.key = std::move(key);
  row.expected = "a duration like 100ms";
  row.help = std::move(help);
  row.set = [get](RunConfig& c, std::string_view text, std::string_view what) {
    return stored(parse_duration(text, what), [&](Nanos d) { get(c) = d; });
  };
  row.format = [get](const RunConfig& c) { return Texts{format_duration_exact(get(c))}; };
  if (s == InSummary::yes) row.summary = [get](const RunConfig& c) { return json(format_duration(get(c))); };
  return row;
}

template <class Get>
RunOption text(std::string key, Get get, std::string expected, std::string help, InSummary s) {
  RunOption row;
  row.key = std::move(key);
  row.expected = std::move(expected);
  row.help = std::move(help);
  row.set = [get](RunConfig& c, std::string_view text, std::string_view) -> Result<Applied> {
    get(c) = std::string(text);
    return Applied{};
  };
  row.format = [get](const RunConfig& c) { return get(c).empty() ? Texts{} : Texts{std::string(get(c))}; };
  if (s == InSummary::yes)
    row.summary = [get](const RunConfig& c) { return get(c).empty() ? json(nullptr) : json(get(c)); };
  return row;
}

// true / yes / on or false / no / off, stored by `store`.
template <class Store>
Result<Applied> boolean(std::string_view text, std::string_view what, Store&& store) {
  const bool on = text == "true" || text == "yes" || text == "on";
  if (!on && text != "false" && text != "no" && text != "off")
    return failed<Applied>(what, fmt::format("expected true or false, got '{}'", text));
  store(on);
  return Applied{};
}

RunOption flag(std::string key, std::string help, std::function<void(RunConfig&, bool)> store,
               std::function<bool(const RunConfig&)> value, bool written_when_off) {
  RunOption row;
  row.key = std::move(key);
  row.kind = OptionKind::flag;
  row.expected = "true or false";
  row.help = std::move(help);
  row.set = [store](RunConfig& c, std::string_view text, std::string_view what) {
    return boolean(text, what, [&](bool on) { store(c, on); });
  };
  row.format = [value, written_when_off](const RunConfig& c) {
    const bool on = value(c);
    return on || written_when_off ? Texts{on ? "true" : "false"} : Texts{};
  };
  return row;
}

RunOption connection_row() {
  RunOption row;
  row.key = "connection";
  row.expected = "new, persistent or pool=N";
  row.help = "new | persistent | pool=N (per device)";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) {
    return stored(client::parse_connection(text, what), [&](client::Connection v) { c.connection = v; });
  };
  row.format = [](const RunConfig& c) { return Texts{client::format_connection(c.connection)}; };
  row.summary = [](const RunConfig& c) { return json(client::format_connection(c.connection)); };
  return row;
}

std::string rate_text(double per_s) { return fmt::format("{}/s", per_s); }

RunOption rate_row() {
  RunOption row;
  row.key = "rate";
  row.expected = "a rate like 30/s";
  row.help = "Open loop: uploads per second per device (e.g. 30/s)";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) {
    return stored(client::parse_rate(text, what), [&](double v) { c.schedule.rate_per_s = v; });
  };
  row.format = [](const RunConfig& c) { return c.schedule.rate_per_s ? Texts{rate_text(*c.schedule.rate_per_s)} : Texts{}; };
  row.summary = [](const RunConfig& c) { return c.schedule.rate_per_s ? json(rate_text(*c.schedule.rate_per_s)) : json(nullptr); };
  return row;
}

RunOption duration_limit_row() {
  RunOption row;
  row.key = "duration";
  row.expected = "a duration like 100ms";
  row.help = "Stop scheduling after this long (e.g. 30s)";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) {
    return stored(parse_duration(text, what), [&](Nanos d) { c.duration = d; });
  };
  row.format = [](const RunConfig& c) { return c.duration ? Texts{format_duration_exact(*c.duration)} : Texts{}; };
  row.summary = [](const RunConfig& c) { return c.duration ? json(format_duration(*c.duration)) : json(nullptr); };
  return row;
}

RunOption link_row() {
  RunOption row = text("link", LATBENCH_MEMBER(link),
                       "a preset of profiles/links.yaml or a spec like delay=40ms,up=2mbit", "", InSummary::yes);
  row.help = "Network path: a preset (wifi, 4g, esp32-wifi, ...) or a spec like delay=20ms,up=2mbit; "
             "syntax in 'latbench link --help'";
  // Checked where the error can name the flag or the file's line; the run resolves it again.
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) {
    return stored(link::resolve_link(text, link::default_link_presets_path(), what),
                  [&](const link::LinkSpec&) { c.link = std::string(text); });
  };
  return row;
}

RunOption cacert_row() {
  RunOption row;
  row.key = "cacert";
  row.expected = "the path of a PEM certificate file";
  row.help = "https: trust the CA certificates in this PEM file (or a self-signed server's own) instead of the system's";
  row.set = [](RunConfig& c, std::string_view text, std::string_view) -> Result<Applied> {
    c.tls.ca_file = std::string(text);
    return Applied{};
  };
  // Absolute: the run folder's profile replays from any directory.
  row.format = [](const RunConfig& c) {
    return c.tls.ca_file.empty() ? Texts{} : Texts{std::filesystem::absolute(c.tls.ca_file).string()};
  };
  return row;
}

RunOption encoding_row() {
  RunOption row;
  row.key = "encoding";
  row.expected = "raw, multipart or base64-json";
  row.help = "raw | multipart | base64-json";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) {
    return stored(payload::parse_encoding(text, what), [&](payload::Encoding e) { c.encoding = e; });
  };
  row.format = [](const RunConfig& c) { return Texts{std::string(payload::encoding_name(c.encoding))}; };
  row.summary = [](const RunConfig& c) { return json(std::string(payload::encoding_name(c.encoding))); };
  return row;
}

RunOption headers_row() {
  RunOption row;
  row.key = "headers";
  row.kind = OptionKind::list;
  row.expected = "'Name: value' strings";
  row.help = "Extra header 'Name: value' (repeatable)";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) -> Result<Applied> {
    if (text.find(':') == std::string_view::npos || text.front() == ':')
      return failed<Applied>(what, fmt::format("expected 'Name: value', got '{}'", text));
    c.headers.emplace_back(text);
    return Applied{};
  };
  row.format = [](const RunConfig& c) { return c.headers; };
  row.summary = [](const RunConfig& c) { return json(c.headers); };
  row.clear = [](RunConfig& c) { c.headers.clear(); };
  return row;
}

RunOption send_buffer_row() {
  RunOption row;
  row.key = "send_buffer";
  row.expected = "auto, os or a size in bytes";
  row.help = "SO_SNDBUF of upload sockets: auto (a device's 5744 B through a --link with an up rate, "
             "else the OS's), os, or bytes (16KiB)";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) {
    return stored(client::parse_send_buffer(text, what), [&](std::optional<std::size_t> v) { c.send_buffer = v; });
  };
  row.format = [](const RunConfig& c) { return Texts{client::format_send_buffer(c.send_buffer)}; };
  return row;
}

// A text the engine checks alone (the options it needs besides are checked in validate()): its
// error, whose first word names the engine's part ("header: position 2: ..."), named `what`.
template <class Get>
RunOption checked_text(std::string key, Get get, std::string expected, std::string help,
                       std::function<Result<Applied>(std::string_view)> check) {
  RunOption row = text(std::move(key), get, std::move(expected), std::move(help), InSummary::no);
  row.set = [get, check](RunConfig& c, std::string_view text, std::string_view what) -> Result<Applied> {
    if (auto checked = check(text); !checked) {
      std::string detail = checked.error().what();
      // The engine's own part name goes: the flag or the profile's key replaces it.
      if (auto colon = detail.find(": "); colon != std::string::npos && detail.find(' ') > colon)
        detail.erase(0, colon + 2);
      return failed<Applied>(what, detail);
    }
    get(c) = std::string(text);
    return Applied{};
  };
  return row;
}

template <class T>
Result<Applied> applied(const Result<T>& r) {
  if (!r) return r.error();
  return Applied{};
}

RunOption reconnect_every_row() {
  RunOption row = count("reconnect_every", LATBENCH_MEMBER(reconnect_every), {0, 1'000'000'000},
                        "ws://: close and reopen a device's session every N frames (0: never), to measure a "
                        "new session's warm-up", InSummary::no);
  // Not written at its default: an HTTP run's profile.yaml stays as it was.
  row.format = [](const RunConfig& c) { return c.reconnect_every ? Texts{std::to_string(c.reconnect_every)} : Texts{}; };
  return row;
}

RunOption max_message_row() {
  RunOption row;
  row.key = "max_message";
  row.expected = "a size like 16MiB";
  row.help = "ws://: the largest answer message accepted; a larger one ends the session (protocol). Default 16MiB";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) {
    return stored(parse_size(text, what), [&](std::size_t v) { c.max_message = v; });
  };
  row.format = [](const RunConfig& c) { return c.max_message ? Texts{std::to_string(*c.max_message)} : Texts{}; };
  return row;
}

// A path the run folder's profile.yaml keeps absolute, so a replay writes the same file.
RunOption hlog_path_row() {
  RunOption row;
  row.key = "export_hlog";
  row.expected = "the path of a .hlog file to write";
  row.help = "Write an HdrHistogram interval log (.hlog, as jHiccup and HistogramLogProcessor read) of the "
             "measured total latencies in microseconds, one interval per hlog_interval, as the run goes";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) -> Result<Applied> {
    if (text.empty()) return failed<Applied>(what, "expected the path of a .hlog file, got ''");
    c.export_hlog = std::string(text);
    return Applied{};
  };
  row.format = [](const RunConfig& c) {
    return c.export_hlog.empty() ? Texts{} : Texts{std::filesystem::absolute(c.export_hlog).string()};
  };
  return row;
}

RunOption hlog_interval_row() {
  RunOption row = duration("hlog_interval", LATBENCH_MEMBER(hlog_interval),
                           "Length of one interval of the export_hlog log (default 1s)", InSummary::no);
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) -> Result<Applied> {
    auto d = parse_duration(text, what);
    if (!d) return d.error();
    if (*d < std::chrono::milliseconds(1))
      return failed<Applied>(what, fmt::format("expected at least 1ms, got '{}'", text));
    c.hlog_interval = *d;
    return Applied{};
  };
  // Not written at its default: a run without a log keeps its profile.yaml as it was.
  row.format = [](const RunConfig& c) {
    return c.hlog_interval == RunConfig{}.hlog_interval ? Texts{} : Texts{format_duration_exact(c.hlog_interval)};
  };
  return row;
}

RunOption shard_row() {
  RunOption row;
  row.key = "shard";
  row.expected = "I/N (0 <= I < N) or auto/N";
  row.help = "Run shard I of N of this workload (I from 0; auto/N: I from $JOB_COMPLETION_INDEX): its devices "
             "(device k goes to shard k mod N, keeping its index), their requests and warm-up";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) {
    return stored(client::parse_shard(text, what, client::process_environment()), [&](client::Shard s) { c.shard = s; });
  };
  // The index as resolved (auto/N read it): the folder's profile replays this very shard.
  row.format = [](const RunConfig& c) { return c.shard ? Texts{client::format_shard(*c.shard)} : Texts{}; };
  return row;
}

RunOption start_at_row() {
  RunOption row;
  row.key = "start_at";
  row.expected = "epoch seconds or an RFC 3339 time with its offset";
  row.help = "Start the schedule at this instant: epoch seconds (1764655200.5) or RFC 3339 (2026-12-02T06:00:00Z); "
             "a start missed by more than 50ms is reported and marks the run";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) {
    return stored(parse_wall_time(text, what), [&](WallTime t) { c.start_at = t; });
  };
  row.format = [](const RunConfig& c) { return c.start_at ? Texts{format_wall_time(*c.start_at)} : Texts{}; };
  return row;
}

RunOption threads_row() {
  RunOption row = count("threads", LATBENCH_MEMBER(threads), {0, 256},
                        "Event loops the devices are spread over, one thread each (device k on thread k mod N); "
                        "0 (default): one per usable core, at most one per device", InSummary::no);
  // Not written at its default (auto): a folder's profile replays on another machine's cores.
  row.format = [](const RunConfig& c) { return c.threads == 0 ? Texts{} : Texts{std::to_string(c.threads)}; };
  return row;
}

// Viewer runs (issue 17, `--direction down`): rows not written at their defaults, so an upstream
// run's profile.yaml stays as it was.
RunOption direction_row() {
  RunOption row;
  row.key = "direction";
  row.expected = "up or down";
  row.help = "ws://: up (default): devices send frames; down: viewers receive the frames the server pushes";
  row.set = [](RunConfig& c, std::string_view text, std::string_view what) -> Result<Applied> {
    if (text == "up") c.direction = client::Direction::up;
    else if (text == "down") c.direction = client::Direction::down;
    else return failed<Applied>(what, fmt::format("expected up or down, got '{}'", text));
    return Applied{};
  };
  row.format = [](const RunConfig& c) { return c.direction == client::Direction::down ? Texts{"down"} : Texts{}; };
  return row;
}

RunOption stall_row() {
  RunOption row = duration("stall", LATBENCH_MEMBER(stall),
                           "direction down: no frame for longer than this is a stall (default 500ms)", InSummary::no);
  row.format = [](const RunConfig& c) {
    return c.stall != RunConfig{}.stall ? Texts{format_duration_exact(c.stall)} : Texts{};
  };
  return row;
}

std::vector<RunOption> make_run_options() {
  std::vector<RunOption> rows = {
      eg("http://127.0.0.1:8000/upload", text("url", LATBENCH_MEMBER(url), "an http://, https://, ws:// or wss:// URL",
           "Target URL: http:// or https:// uploads, ws:// or wss:// frames (default: the embedded reference server)",
           InSummary::yes)),
      eg("true", flag("insecure", "https: do not check the server's certificate or host name (tunnels, self-signed tests)",
           [](RunConfig& c, bool on) { c.tls.peer = on ? client::PeerCheck::skip : client::PeerCheck::verify; },
           [](const RunConfig& c) { return c.tls.peer == client::PeerCheck::skip; }, false)),
      eg("/tmp/latbench-ca.pem", cacert_row()),
      eg("delay=40ms,seed=7", link_row()),
      eg("4", count("devices", LATBENCH_MEMBER(devices), {1, 10000}, "Simulated devices")),
      eg("50", count("requests", LATBENCH_MEMBER(requests), {0, 1'000'000'000}, "Uploads in total, warm-up excluded")),
      eg("30s", duration_limit_row()),
      eg("5", count("warmup", LATBENCH_MEMBER(warmup), {0, 1'000'000}, "Extra first uploads kept out of the statistics")),
      eg("pool=4", connection_row()),
      eg("30/s", rate_row()),
      eg("100ms", duration("think", LATBENCH_MEMBER(schedule.think), "Closed loop: pause after each answer (e.g. 100ms)", InSummary::yes)),
      eg("2", count("max_in_flight", LATBENCH_MEMBER(schedule.max_in_flight), {0, 100000},
            "Open loop: skip a frame when this many are pending (0: no limit)")),
      eg("2s", duration("timeout", LATBENCH_MEMBER(timeout), "Per-request timeout", InSummary::yes)),
      eg("hd", text("image", LATBENCH_MEMBER(image), "vga, hd, WxH or a path",
           "vga | hd | fullhd | WxH | JPEG file | folder of JPEGs", InSummary::yes)),
      eg("60", whole<RunConfig>("quality", OptionKind::integer, LATBENCH_MEMBER(quality), {1, 100},
                       "JPEG quality of synthesized frames (1..100)", InSummary::yes)),
      eg("multipart", encoding_row()),
      eg("X-Token: abc", headers_row()),
      eg("true", flag("expect_continue",
           "Send 'Expect: 100-continue' and wait for the server's 100 before the body (devices don't; off by "
           "default). ttfb stays the final answer's first byte",
           [](RunConfig& c, bool on) { c.expect = on ? client::ExpectContinue::on : client::ExpectContinue::off; },
           [](const RunConfig& c) { return c.expect == client::ExpectContinue::on; }, true)),
      eg("16384", send_buffer_row()),
      eg("cam-", text("device_id_prefix", LATBENCH_MEMBER(device_id_prefix), "a string",
           "X-Device-Id of each upload: this prefix and the device's index", InSummary::no)),
      eg("2", threads_row()),
      eg("20ms", duration("max_start_lag", LATBENCH_MEMBER(max_start_lag),
               "Mark the run not valid when uploads start later than this behind their schedule at p99",
               InSummary::no)),
      // WebSocket frames (ws:// and wss:// URLs; validate() says so for others).
      eg("msgpack", checked_text("framing", LATBENCH_MEMBER(framing), "binary, base64-json or msgpack",
           "ws://: how a frame is sent: binary (default) | base64-json | msgpack",
           [](std::string_view t) { return applied(frames::parse_framing(t)); })),
      eg("!IdI:frame_id,timestamp,length", checked_text("frame_header", LATBENCH_MEMBER(frame_header),
           "a Python struct format with field names, like '!Ifd:frame_id,timestamp,length'",
           "ws:// binary framing: a header before the JPEG in Python struct notation, e.g. "
           "'!Ifd:frame_id,timestamp,length'",
           [](std::string_view t) { return applied(frames::make_framing_spec(frames::Framing::binary, t, "")); })),
      eg(R"({"id":{frame_id},"image":"{jpeg_data_url}"})", checked_text("ws_message", LATBENCH_MEMBER(ws_message),
           "a JSON template with {frame_id}, {timestamp_ms}, {device}, {jpeg_base64} or {jpeg_data_url}",
           "ws:// base64-json framing: the message template (placeholders {frame_id} {timestamp_ms} {device} "
           "{jpeg_base64} {jpeg_data_url}); direction down: the subscribe message sent after the upgrade",
           // A template only for direction up, which a profile may set after this key: the run
           // checks it (make_ws_options), naming this key all the same.
           [](std::string_view) { return Result<Applied>(Applied{}); })),
      eg("type=segmentation", checked_text("ws_answer", LATBENCH_MEMBER(ws_answer), "FIELD=VALUE",
           "ws://: which messages are answers, FIELD=VALUE (others are counted and ignored; default: all)",
           [](std::string_view t) { return applied(frames::make_answer_rule(t, "order", "")); })),
      eg("field:frame_id", checked_text("ws_match", LATBENCH_MEMBER(ws_match), "order or field:NAME",
           "ws://: pair an answer with its frame: order (default) | field:NAME (the answer's id field)",
           [](std::string_view t) { return applied(frames::make_answer_rule("", t, "")); })),
      eg("inference_time,timing", checked_text("ws_timing", LATBENCH_MEMBER(ws_timing), "FIELD[,FIELD...]",
           "ws://: the answer's numeric fields (or objects of them) that become stages, e.g. inference_time",
           [](std::string_view t) { return applied(frames::make_answer_rule("", "order", t)); })),
      eg("100", reconnect_every_row()),
      eg("1048576", max_message_row()),
      // Split over machines (issue 19): this process's shard, and the instant every shard starts.
      eg("1/4", shard_row()),
      eg("2026-12-02T06:00:00.25Z", start_at_row()),
      // Viewers: frames pushed by the server (issue 17).
      eg("down", direction_row()),
      eg("frame_id=id,timestamp=ts", checked_text("ws_field", LATBENCH_MEMBER(ws_field),
           "NAME=KEY[,NAME=KEY...] with NAME one of frame_id, timestamp, timestamp_ms, image",
           "direction down: the members (or header fields) a pushed frame names otherwise, e.g. "
           "frame_id=id,timestamp=ts (timestamp in s, timestamp_ms in ms, image)",
           [](std::string_view t) { return applied(frames::parse_pushed_fields(t)); })),
      eg("1s", stall_row()),
      // HdrHistogram interval log (issue 19, hlog): the measured totals, written as the run goes.
      eg("/tmp/run.hlog", hlog_path_row()),
      eg("10s", hlog_interval_row()),
  };
  const RunConfig defaults;
  for (auto& row : rows) row.default_text = row.kind == OptionKind::flag ? "" : joined(row, defaults);
  return rows;
}

// The server's options, parsed by the server's own parsers.
template <class T, class Get>
ServerOption server_row(std::string key, std::string expected, std::string help, Get get,
                        std::function<Result<T>(std::string_view, std::string_view)> parse,
                        std::function<std::string(const T&)> format) {
  ServerOption row;
  row.key = std::move(key);
  row.expected = std::move(expected);
  row.help = std::move(help);
  row.set = [get, parse](ServerOptions& o, std::string_view text, std::string_view what) {
    return stored(parse(text, what), [&](T v) { get(o) = std::move(v); });
  };
  row.format = [get, format](const ServerOptions& o) { return Texts{format(get(o))}; };
  return row;
}

// A parser that does not name its value ("invalid value 'x' (...)"), named `what`.
template <class T>
Result<T> named(Result<T> parsed, std::string_view what) {
  if (!parsed) return Error(parsed.error().kind(), fmt::format("{}: {}", what, parsed.error().what()));
  return parsed;
}

Result<Nanos> stage_cost(std::string_view text, std::string_view what) {
  auto d = parse_duration(text, what);
  if (d && *d > server::k_max_simulated_stage)
    return failed<Nanos>(what, fmt::format("{} is longer than the longest simulated stage (1h)", format_duration(*d)));
  return d;
}

std::vector<ServerOption> make_server_options() {
  auto server_count = [](std::string key, auto get, Bounds b, std::string help) {
    return whole<ServerOptions>(std::move(key), OptionKind::count, get, b, std::move(help), InSummary::no);
  };
  std::vector<ServerOption> rows = {
      eg("async", server_row<server::Mode>(
          "mode", "sync or async", "Embedded server: sync | async", LATBENCH_MEMBER(mode),
          [](std::string_view t, std::string_view what) { return named(server::parse_mode(t), what); },
          [](const server::Mode& m) { return std::string(server::mode_name(m)); })),
      eg("2", server_count("threads", LATBENCH_MEMBER(threads), {1, 256}, "")),
      eg("4", server_count("workers", LATBENCH_MEMBER(processing.workers), {0, 1024},
                   "Embedded server: model slots (0: on the I/O thread)")),
      eg("normal(40ms,5ms)", server_row<server::Distribution>(
          "infer", "a duration or distribution like normal(40ms,5ms)",
          "Embedded server: model time per image, e.g. 40ms or normal(40ms,5ms); the default is a small "
          "YOLO on a GPU (0ms: no model)",
          LATBENCH_MEMBER(processing.infer),
          [](std::string_view t, std::string_view what) { return server::Distribution::parse(t, what); },
          [](const server::Distribution& d) { return d.to_string(); })),
      eg("2ms", server_row<Nanos>("post_cost", "a duration like 2ms", "", LATBENCH_MEMBER(processing.post_cost), stage_cost,
                        format_duration_exact)),
      eg("1s", server_row<Nanos>("warmup_cost", "a duration like 2ms", "", LATBENCH_MEMBER(processing.warmup_cost), stage_cost,
                        format_duration_exact)),
      eg("header", server_row<server::DecodeMode>(
          "decode", "full, header or none", "", LATBENCH_MEMBER(processing.decode),
          [](std::string_view t, std::string_view what) { return named(server::parse_decode(t), what); },
          [](const server::DecodeMode& d) { return std::string(server::decode_name(d)); })),
      eg("100", server_count("queue", LATBENCH_MEMBER(queue_capacity), {1, 1'000'000}, "")),
      // The embedded /ws/frames endpoint (url: ws://), as serve's flags of the same names.
      eg("process", server_row<server::WarmupScope>(
          "warmup_scope", "session or process", "", LATBENCH_MEMBER(ws.warmup_scope),
          [](std::string_view t, std::string_view what) { return named(server::parse_warmup_scope(t), what); },
          [](const server::WarmupScope& w) { return std::string(server::warmup_scope_name(w)); })),
      eg("msgpack", server_row<server::AnswerFormat>(
          "answer_format", "json or msgpack", "", LATBENCH_MEMBER(ws.answer_format),
          [](std::string_view t, std::string_view what) { return named(server::parse_answer_format(t), what); },
          [](const server::AnswerFormat& f) { return std::string(server::answer_format_name(f)); })),
      eg("310000", server_row<std::size_t>(
          "answer_bytes", "a size like 310KB, at most 64MiB", "", LATBENCH_MEMBER(ws.answer_bytes),
          [](std::string_view t, std::string_view what) -> Result<std::size_t> {
            auto n = parse_size(t, what);
            // Every answer is built whole: bounded, so a typo cannot take the machine's memory.
            if (n && *n > (std::size_t{64} << 20)) return failed<std::size_t>(what, fmt::format("{} bytes is above 64MiB", *n));
            return n;
          },
          [](const std::size_t& n) { return std::to_string(n); })),
      // The embedded /ws/stream endpoint (server pushes frames to viewers), as serve's --fps,
      // --quality, --image, --adaptive-quality, --log-every, --queue, --queue-policy, --framing.
      eg("15", server_row<double>(
          "stream_fps", "a frame rate in 0.1..1000", "", LATBENCH_MEMBER(stream.fps),
          [](std::string_view t, std::string_view what) -> Result<double> {
            double v = 0;
            auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
            if (ec != std::errc() || ptr != t.data() + t.size() || v < 0.1 || v > 1000)
              return failed<double>(what, fmt::format("expected a frame rate in 0.1..1000, got '{}'", t));
            return v;
          },
          [](const double& v) { return fmt::format("{}", v); })),
      eg("70", whole<ServerOptions>("stream_quality", OptionKind::integer, LATBENCH_MEMBER(stream.quality), {1, 100}, "",
                                    InSummary::no)),
      eg("hd", server_row<std::string>(
          "stream_image", "vga, hd, fullhd, WxH or a path to JPEGs", "", LATBENCH_MEMBER(stream.image),
          [](std::string_view t, std::string_view what) -> Result<std::string> {
            if (payload::looks_like_image_size(t)) {
              auto size = payload::parse_image_size(t, what);
              if (!size) return size.error();
              return std::string(t);
            }
            std::error_code ec;
            if (!std::filesystem::exists(std::string(t), ec))
              return failed<std::string>(what, fmt::format("no such file or folder '{}'", t));
            return std::string(t);
          },
          [](const std::string& v) { return v; })),
      eg("30:60,15:70,0:80", [] {
        auto row = server_row<std::vector<server::QualityStep>>(
            "stream_adaptive_quality", "DEPTH:QUALITY,... like 30:60,15:70,0:80", "", LATBENCH_MEMBER(stream.adaptive),
            [](std::string_view t, std::string_view what) { return named(server::parse_adaptive_quality(t), what); },
            [](const std::vector<server::QualityStep>& v) { return server::format_adaptive_quality(v); });
        // Off (no steps) is not written: profile.yaml keeps no empty key.
        row.format = [](const ServerOptions& o) {
          return o.stream.adaptive.empty() ? Texts{} : Texts{server::format_adaptive_quality(o.stream.adaptive)};
        };
        return row;
      }()),
      eg("1", whole<ServerOptions>("stream_log_every", OptionKind::count, LATBENCH_MEMBER(stream.log_every),
                                   {0, 1'000'000'000}, "", InSummary::no)),
      eg("60", whole<ServerOptions>("stream_camera_buffers", OptionKind::count, LATBENCH_MEMBER(stream.camera_buffers),
                                    {1, 100'000}, "", InSummary::no)),
      eg("500", whole<ServerOptions>("stream_queue", OptionKind::count, LATBENCH_MEMBER(stream.queue), {1, 1'000'000}, "",
                                     InSummary::no)),
      eg("block", server_row<server::QueuePolicy>(
          "stream_queue_policy", "drop or block", "", LATBENCH_MEMBER(stream.policy),
          [](std::string_view t, std::string_view what) { return named(server::parse_queue_policy(t), what); },
          [](const server::QueuePolicy& p) { return std::string(server::queue_policy_name(p)); })),
      eg("base64-json", server_row<frames::FramingSpec>(
          "stream_framing", "binary, base64-json or msgpack", "", LATBENCH_MEMBER(stream.framing),
          [](std::string_view t, std::string_view what) -> Result<frames::FramingSpec> {
            auto f = named(frames::parse_framing(t), what);
            if (!f) return f.error();
            // Binary frames carry the users' 16-byte header (frame id, capture time, length).
            return named(frames::make_framing_spec(*f, *f == frames::Framing::binary ? server::k_default_stream_header : "", ""), what);
          },
          [](const frames::FramingSpec& f) { return std::string(frames::framing_name(f.framing)); })),
  };
  const ServerOptions defaults = client::embedded_server_defaults();
  for (auto& row : rows) row.default_text = joined(row, defaults);
  return rows;
}

#undef LATBENCH_MEMBER

}  // namespace

const std::vector<RunOption>& run_options() {
  static const std::vector<RunOption> k_run_options = make_run_options();
  return k_run_options;
}

const std::vector<ServerOption>& server_options() {
  static const std::vector<ServerOption> k_server_options = make_server_options();
  return k_server_options;
}

json summary_config_json(const RunConfig& config) {
  json j;
  j["name"] = config.name;
  for (const auto& row : run_options())
    if (row.summary) j[row.key] = row.summary(config);
  return j;
}

}  // namespace latbench::profile
