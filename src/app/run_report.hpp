#pragma once
// What a run tells the user: the terminal summary (table of total and every phase, then counts,
// errors by class, connections, bytes on the wire, honesty) and the JSON document (DESIGN.md
// schema 1 plus a "run" object with the resolved options and the counts).
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "client/run_config.hpp"
#include "app/run_workload.hpp"

namespace latbench::app {

// The resolved options, as a profile would spell them (so a run can be repeated exactly).
nlohmann::json config_json(const client::RunConfig& config);

// {"options":{..}, "url", "requests":{..}, "errors":{..}, "connections":{..}, "bytes":{..},
//  "rate":{..}, "start_lag_ms":{..}, "cpu":{..}, "valid", "server":{..}}
nlohmann::json run_json(const client::RunConfig& config, const RunResult& result);

// report::summary_document(summaries + warm-up summaries, {"run": run_json(..)}).
nlohmann::json run_summary_document(const client::RunConfig& config, const RunResult& result);

// The text printed after a run. Ends with a newline.
std::string format_run_summary(const client::RunConfig& config, const RunResult& result);

}  // namespace latbench::app
