// `latbench run`: flags -> RunRequest -> app::run_command -> print the outcome. No run logic here.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <map>
#include <optional>
#include <set>
#include <cstdio>
#include <vector>

#include "app/run_command.hpp"
#include "client/run_config.hpp"
#include "compare/budget.hpp"
#include "compare/thresholds.hpp"
#include "commands.hpp"
#include "interrupt_scope.hpp"
#include "key_flags.hpp"
#include "link_option.hpp"
#include "report_flags.hpp"
#include "core/duration.hpp"
#include "core/key_error.hpp"
#include "core/text.hpp"
#include "profile/profile.hpp"
#include "server/server_modes.hpp"

namespace latbench::cli {
namespace {

// Flags as typed; turned into a RunConfig (with errors naming the flag) only when run.
struct RunFlags {
  std::string profile;
  std::set<std::string> given;  // flags typed on the command line (they override the profile)
  std::string url;
  bool insecure = false;
  std::string cacert;
  std::string link;
  std::string server_mode;
  std::string infer;
  unsigned workers = 1;
  unsigned devices = 1;
  std::uint64_t requests = 100;
  std::string duration;
  std::uint64_t warmup = 0;
  std::string connection = "new";
  std::string rate;
  std::string think;
  unsigned max_in_flight = 0;
  std::string timeout = "5s";
  std::string image = "vga";
  int quality = 80;
  std::string encoding = "raw";
  std::vector<std::string> headers;
  bool expect_continue = false;
  std::string send_buffer = "auto";
  std::string out;
  std::string export_json;
  bool quiet = false;
  bool json = false;
  ReportFlags report;
  // --gate-against: gate the run on a baseline in the same step (latbench gate's budget).
  std::string gate_against, gate_max, gate_budget, gate_junit;
};

// Profile first, then only the flags the user typed: `run keepalive.yaml --requests 50`.
// `places` gets where the profile set each key, for the engine's errors about them.
client::RunConfig to_config(const RunFlags& f, std::map<std::string, std::string>& places) {
  client::RunConfig c;
  if (!f.profile.empty()) {
    auto p = profile::load_profile(f.profile, c);
    c = std::move(p.config);
    c.name = p.name;
    places = std::move(p.places);
  }
  auto given = [&f](const char* flag) { return f.given.count(flag) > 0; };
  if (given("--url")) c.url = f.url;
  if (given("--insecure")) c.tls.peer = client::PeerCheck::skip;
  if (given("--cacert")) c.tls.ca_file = f.cacert;
  if (given("--link")) c.link = checked_link_option(f.link);
  if (given("--devices")) c.devices = f.devices;
  if (given("--requests")) c.requests = f.requests;
  if (given("--duration")) {
    c.duration = parse_duration(f.duration, "--duration").take();
    // --duration alone means "for this long": the request count then no longer caps the run.
    if (!given("--requests")) c.requests = 0;
  }
  if (given("--warmup")) c.warmup = f.warmup;
  if (given("--connection")) std::tie(c.connection, c.pool_size) = client::parse_connection(f.connection, "--connection").take();
  if (given("--rate")) c.rate_per_s = client::parse_rate(f.rate, "--rate").take();
  if (given("--think")) c.think = parse_duration(f.think, "--think").take();
  if (given("--max-in-flight")) c.max_in_flight = f.max_in_flight;
  if (given("--timeout")) c.timeout = parse_duration(f.timeout, "--timeout").take();
  if (given("--image")) c.image = f.image;
  if (given("--quality")) c.quality = f.quality;
  if (given("--encoding")) c.encoding = payload::parse_encoding(f.encoding, "--encoding").take();
  if (given("--header")) c.headers.insert(c.headers.end(), f.headers.begin(), f.headers.end());
  if (given("--expect-continue")) c.expect = f.expect_continue ? client::ExpectContinue::on : client::ExpectContinue::off;
  if (given("--send-buffer")) c.send_buffer = client::parse_send_buffer(f.send_buffer, "--send-buffer").take();
  if (given("--out")) c.out_dir = f.out;
  if (given("--server-mode")) c.server.mode = located(server::parse_mode(f.server_mode), "--server-mode");
  if (given("--infer")) c.server.processing.infer = server::Distribution::parse(f.infer, "--infer").take();
  if (given("--workers")) c.server.processing.workers = f.workers;
  for (const char* flag : {"--server-mode", "--infer", "--workers"}) {
    if (!c.url.empty() && given(flag)) {
      throw usage_error(fmt::format("{}: applies to the embedded server only, not to --url", flag));
    }
  }
  return c;
}

void print_progress(const app::Progress& p) {
  std::string total = p.total ? fmt::format("/{}", p.total) : "";
  std::fprintf(stderr, "\r%s", fmt::format("{}{} done  {:.1f} req/s  p50 {}  p95 {}  errors {}   ",
                                           p.done, total, p.rate_per_s, format_ms(p.p50_ms),
                                           format_ms(p.p95_ms), p.errors).c_str());
  std::fflush(stderr);
}

// What to do about https uploads that failed on the server's certificate (stderr: stdout may be JSON).
void print_tls_hint(const app::RunResult& result) {
  const auto failed = result.errors.find("certificate");
  if (failed == result.errors.end() || failed->second == 0) return;
  std::fprintf(stderr, "%s\n", fmt::format("latbench: note: {} failed on the server's certificate (not trusted: "
                                            "self-signed, unknown CA or another name): trust it with --cacert "
                                            "FILE (its CA's or its own PEM), or skip the check with --insecure",
                                            counted(failed->second, "upload")).c_str());
}

// The gate options make sense together only; a bad budget fails before the run, not after it.
// Without --gate-against, --max / --budget hold k6-style thresholds (limits only), returned.
std::optional<std::vector<compare::BudgetItem>> check_gate_flags(const RunFlags& f) {
  const bool budget = !f.gate_max.empty() || !f.gate_budget.empty();
  if (f.gate_against.empty()) {
    if (!f.gate_junit.empty()) throw usage_error("--junit writes the gate: give the baseline with --gate-against FILE");
    if (budget) return compare::threshold_limits(f.gate_max, f.gate_budget, "--gate-against");
    return std::nullopt;
  }
  if (!budget) throw usage_error("--gate-against: give the budget with --max '...' or --budget FILE");
  if (!std::filesystem::exists(f.gate_against))
    throw input_error(fmt::format("--gate-against {}: no such file or folder", f.gate_against));
  if (!f.gate_max.empty()) (void)compare::parse_budget(f.gate_max, "--max").take();
  if (!f.gate_budget.empty()) (void)compare::load_budget_file(f.gate_budget).take();
  return std::nullopt;
}

// `latbench gate --baseline B --candidate <this run's samples>`, the candidate filled by the app.
app::GateRequest gate_request(const RunFlags& flags) {
  app::GateRequest request;
  request.baseline = flags.gate_against;
  request.max = flags.gate_max;
  request.budget_file = flags.gate_budget;
  request.junit = flags.gate_junit;
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) request.step_summary = summary;
  return request;
}

// An engine error about a key, at the flag that set it, else at the profile's line that did.
Error relocated(const KeyError& e, const RunFlags& flags, const std::map<std::string, std::string>& places) {
  const std::string flag = flag_for_key(e.key());
  const auto place = places.find(e.key());
  if (flags.given.count(flag) > 0 || place == places.end()) return e.relocated(flag);
  return e.relocated(place->second);
}

int run(const RunFlags& flags) {
  app::RunRequest request;
  request.thresholds = check_gate_flags(flags);
  if (!flags.gate_against.empty()) request.gate = gate_request(flags);
  std::map<std::string, std::string> places;
  request.config = to_config(flags, places);
  request.report = flags.report.request();  // a bad --plot-format fails before the run
  request.export_json = flags.export_json;
  app::RunHooks hooks;
  bool progress = !flags.quiet && !flags.json && isatty(STDERR_FILENO);
  if (progress) hooks.on_progress = print_progress;
  app::RunOutcome outcome;
  {
    // First Ctrl-C: stop scheduling, let in-flight uploads end; second: abort them.
    const InterruptScope interrupts;
    hooks.interrupt = interrupts.count();
    try {
      outcome = app::run_command(request, hooks);
    } catch (const KeyError& e) {
      if (progress) std::fputs("\n", stderr);
      throw relocated(e, flags, places);
    } catch (...) {
      if (progress) std::fputs("\n", stderr);
      throw;
    }
  }
  if (progress) std::fputs("\r\033[K", stderr);
  if (flags.json) {
    std::fputs((outcome.document.dump(2) + "\n").c_str(), stdout);
  } else if (!flags.quiet) {
    std::fputs(outcome.summary.c_str(), stdout);
  }
  std::fflush(stdout);
  if (!flags.quiet) print_tls_hint(outcome.result);
  // With --json, stdout carries only JSON.
  std::FILE* out = flags.json ? stderr : stdout;
  if (flags.report.any()) print_plot_outcome(outcome.plots, flags.json, flags.quiet);
  if (outcome.wrote_markdown && !flags.quiet) std::fprintf(out, "wrote %s\n", flags.report.markdown.c_str());
  for (const std::string& note : outcome.notes) std::fprintf(stderr, "latbench: note: %s\n", note.c_str());
  if (outcome.error) std::rethrow_exception(outcome.error);
  if (outcome.gate) {
    for (const std::string& note : outcome.gate->notes) std::fprintf(stderr, "latbench: note: %s\n", note.c_str());
    if (!flags.quiet) std::fputs(("\n" + outcome.gate->table).c_str(), out);
  }
  if (outcome.thresholds && (!flags.quiet || outcome.thresholds->exit_code != 0))
    std::fputs(("\n" + outcome.thresholds->table).c_str(), out);
  std::fflush(out);
  return outcome.exit_code;
}

}  // namespace

void register_run(CLI::App& app, Action& action) {
  auto flags = std::make_shared<RunFlags>();
  auto* cmd = app.add_subcommand("run", "Drive an image-upload workload and summarise its latency");
  cmd->footer(
      "Examples:\n"
      "  latbench run --requests 200 --connection persistent\n"
      "  latbench run profiles/keepalive.yaml --requests 50\n"
      "  latbench run --devices 10 --rate 30/s --max-in-flight 2 --duration 30s\n"
      "  latbench run --url http://127.0.0.1:8000/api/devices/file/image --image hd\n"
      "  latbench run --url https://127.0.0.1:8443/upload --cacert server.pem\n"
      "  latbench run --link wifi --connection new --requests 50\n"
      "  latbench run profiles/keepalive.yaml --plot plots --export-markdown report.md\n"
      "  latbench run profiles/keepalive.yaml --gate-against base/samples.jsonl --max 'p50=+5%,errors=+0'\n"
      "  latbench run profiles/keepalive.yaml --max 'p99<300ms,errors<1%'\n"
      "Exit codes: 0 ok, 1 a threshold or the gate failed, 2 bad usage or input (or a file of the run\n"
      "could not be written), 3 the target gave no answer, no success, or stopped answering, 4 the gate\n"
      "could not decide, 130 Ctrl-C.\n"
      "Without --url the embedded reference server runs on an ephemeral 127.0.0.1 port.\n"
      "Samples go to runs/<timestamp>/samples.jsonl (or --out DIR) as the run goes.\n"
      "Percentiles use linear interpolation between order statistics (numpy's default).");
  cmd->add_option("--url", flags->url, "Target URL, http:// or https:// (default: the embedded reference server)");
  cmd->add_flag("--insecure,-k", flags->insecure,
                "https: do not check the server's certificate or host name (tunnels, self-signed tests)");
  cmd->add_option("--cacert", flags->cacert,
                  "https: trust the CA certificates in this PEM file (or a self-signed server's own) "
                  "instead of the system's");
  cmd->add_option("--link", flags->link, k_link_option_short_help);
  cmd->add_option("--devices", flags->devices, "Simulated devices")->capture_default_str()->check(CLI::Range(1u, 10000u));
  cmd->add_option("profile", flags->profile, "A profile (YAML) with the run's options; flags override it")
      ->check(CLI::ExistingFile);
  cmd->add_option("--requests,-n", flags->requests, "Uploads in total, warm-up excluded")->capture_default_str();
  cmd->add_option("--duration", flags->duration, "Stop scheduling after this long (e.g. 30s)");
  cmd->add_option("--warmup", flags->warmup, "Extra first uploads kept out of the statistics")->capture_default_str();
  cmd->add_option("--connection", flags->connection, "new | persistent | pool=N (per device)")->capture_default_str();
  cmd->add_option("--rate", flags->rate, "Open loop: uploads per second per device (e.g. 30/s)");
  cmd->add_option("--think", flags->think, "Closed loop: pause after each answer (e.g. 100ms)");
  cmd->add_option("--max-in-flight", flags->max_in_flight, "Open loop: skip a frame when this many are pending (0: no limit)")->capture_default_str();
  cmd->add_option("--timeout", flags->timeout, "Per-request timeout")->capture_default_str();
  cmd->add_option("--image", flags->image, "vga | hd | fullhd | WxH | JPEG file | folder of JPEGs")->capture_default_str();
  cmd->add_option("--quality", flags->quality, "JPEG quality of synthesized frames (1..100)")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_option("--encoding", flags->encoding, "raw | multipart | base64-json")->capture_default_str();
  cmd->add_option("--header,-H", flags->headers, "Extra header 'Name: value' (repeatable)");
  cmd->add_flag("--expect-continue,!--no-expect-continue", flags->expect_continue,
                "Send 'Expect: 100-continue' and wait for the server's 100 before the body (devices "
                "don't; off by default). ttfb stays the final answer's first byte");
  cmd->add_option("--send-buffer", flags->send_buffer,
                  "SO_SNDBUF of upload sockets: auto (a device's 5744 B through a --link with an up rate, "
                  "else the OS's), os, or bytes (16KiB)")->capture_default_str();
  cmd->add_option("--out", flags->out, "Run folder (default runs/<timestamp>)");
  cmd->add_option("--export-json", flags->export_json, "Write the summary document to FILE");
  cmd->add_flag("--quiet,-q", flags->quiet, "Print nothing but errors");
  cmd->add_flag("--json", flags->json, "Print the summary document as JSON on stdout");
  cmd->add_option("--gate-against", flags->gate_against,
                  "Gate this run on a baseline (samples.jsonl, folder of rounds, summary JSON): exit 1 on a "
                  "significant regression beyond --max/--budget, 4 when undecided (as 'latbench gate')");
  cmd->add_option("--max", flags->gate_max,
                  "Thresholds (k6-style, checked as measured; exit 1 when one fails), e.g. 'p99<300ms,errors<1%'; "
                  "with --gate-against a budget, e.g. 'p50=+5%,p95=+10%,errors=+0,p99<300ms'");
  cmd->add_option("--budget", flags->gate_budget, "--max in a YAML file (max: / limits:)");
  cmd->add_option("--junit", flags->gate_junit, "With --gate-against: write the gate as JUnit XML");
  add_report_flags(*cmd, flags->report, "the run's plots (timeline, histogram, percentiles, CDF, stages)");
  cmd->add_option("--server-mode", flags->server_mode, "Embedded server: sync | async");
  cmd->add_option("--infer", flags->infer,
                  std::string("Embedded server: model time per image, e.g. 40ms or normal(40ms,5ms); default ") +
                      client::k_embedded_infer + ", a small YOLO on a GPU (0ms: no model)");
  cmd->add_option("--workers", flags->workers, "Embedded server: model slots (0: on the I/O thread)");
  cmd->callback([&action, flags, cmd] {
    for (const auto* opt : cmd->get_options()) {
      if (opt->count() > 0) flags->given.insert(opt->get_name());
    }
    action = [flags] { return run(*flags); }; });
}

}  // namespace latbench::cli
