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
#include "app/ws_run_options.hpp"
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
#include "profile/run_option_table.hpp"
#include "server/server_modes.hpp"

namespace latbench::cli {
namespace {

// Flags as typed; turned into a RunConfig (with errors naming the flag) only when run.
struct RunFlags {
  std::string profile;
  std::set<std::string> given;  // flags typed on the command line (they override the profile)
  // The run options' values as typed, by key (profile/run_option_table.hpp): a scalar's text, a
  // list's items, a flag's state ("server.mode" for a server option). std::map: CLI11 keeps
  // pointers to them.
  std::map<std::string, std::string> texts;
  std::map<std::string, std::vector<std::string>> lists;
  std::map<std::string, bool> flags;
  std::string out;
  std::string export_json;
  bool quiet = false;
  bool json = false;
  ReportFlags report;
  // --gate-against: gate the run on a baseline in the same step (latbench gate's budget).
  std::string gate_against, gate_max, gate_budget, gate_junit;
};

// The values of the flags the user typed, through their rows: errors name the flag.
template <class Config>
void apply_flags(const std::vector<profile::OptionRow<Config>>& rows, const std::string& section,
                 const RunFlags& f, Config& config) {
  for (const auto& row : rows) {
    const std::string flag = flag_for_key(section + row.key);
    if (row.help.empty() || f.given.count(flag) == 0) continue;
    auto set = [&](const std::string& text) { (void)row.set(config, text, flag).take(); };
    switch (row.kind) {
      case profile::OptionKind::flag: set(f.flags.at(section + row.key) ? "true" : "false"); break;
      case profile::OptionKind::list:
        for (const auto& item : f.lists.at(section + row.key)) set(item);  // after the profile's
        break;
      default: set(f.texts.at(section + row.key)); break;
    }
  }
}

// One flag per row that has a help text: its type, bounds and default from the row.
template <class Config>
void add_option_flags(CLI::App& cmd, const std::vector<profile::OptionRow<Config>>& rows,
                      const std::string& section, RunFlags& f) {
  for (const auto& row : rows) {
    if (row.help.empty()) continue;
    const std::string key = section + row.key;
    const std::string names = flag_spelling(key);
    if (row.kind == profile::OptionKind::flag) {
      cmd.add_flag(names, f.flags[key], row.help);
      continue;
    }
    if (row.kind == profile::OptionKind::list) {
      cmd.add_option(names, f.lists[key], row.help);
      continue;
    }
    CLI::Option* opt = cmd.add_option(names, f.texts[key], row.help);
    if (!row.default_text.empty()) opt->default_str(row.default_text);
    if (row.kind == profile::OptionKind::count) {
      opt->type_name("UINT")->check(CLI::Range(static_cast<unsigned long long>(row.bounds.lo),
                                               static_cast<unsigned long long>(row.bounds.hi)));
    } else if (row.kind == profile::OptionKind::integer) {
      opt->type_name("INT")->check(CLI::Range(row.bounds.lo, row.bounds.hi));
    }
  }
}

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
  auto given = [&f](const std::string& flag) { return f.given.count(flag) > 0; };
  apply_flags(profile::run_options(), "", f, c);
  // --duration alone means "for this long": the request count then no longer caps the run.
  if (given("--duration") && !given("--requests")) c.requests = 0;
  if (given("--out")) c.out_dir = f.out;
  apply_flags(profile::server_options(), "server.", f, c.server);
  for (const auto& row : profile::server_options()) {
    const std::string flag = flag_for_key("server." + row.key);
    if (!app::is_embedded_target(c.url) && given(flag)) {
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
    } catch (const Error& e) {
      if (progress) std::fputs("\n", stderr);
      // The target of --url (or a profile's url) did not answer: the embedded server would.
      // A WebSocket run reaches the embedded server's /ws/frames with `--url ws://` alone.
      const std::string& url = request.config.url;
      const bool ws = url.rfind("ws://", 0) == 0 || url.rfind("wss://", 0) == 0;
      if (e.kind() == ErrorKind::unreachable && !url.empty() && url != "ws://")
        throw Error(e.kind(), std::string(e.what()) + (ws ? " Give --url ws:// alone to use the embedded reference server."
                                                          : " Omit --url to use the embedded reference server."));
      throw;
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
  cmd->add_option("profile", flags->profile, "A profile (YAML) with the run's options; flags override it")
      ->check(CLI::ExistingFile);
  add_option_flags(*cmd, profile::run_options(), "", *flags);
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
  add_option_flags(*cmd, profile::server_options(), "server.", *flags);
  cmd->callback([&action, flags, cmd] {
    for (const auto* opt : cmd->get_options()) {
      if (opt->count() > 0) flags->given.insert(opt->get_name());
    }
    action = [flags] { return run(*flags); }; });
}

}  // namespace latbench::cli
