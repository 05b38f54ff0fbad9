#pragma once
// User-defined log formats in YAML, for logs we never saw: a line regex (RE2 syntax, named groups
// (?P<name>...)), each value group's unit, optional multi-line blocks (start / end patterns), the
// request-id group, a stage group (its text names the column), and a timestamp group with its
// strptime-style format (%f = fractional seconds), and `events:` (name: regex) counting the lines
// that match (counts["events"], every name reported, 0 included; marked on timelines). With events
// a format needs no line or fields. Unknown keys are refused at file:line:col. See
// samples/*.format.yaml.
#include <memory>
#include <string>

#include "core/error.hpp"
#include "logs/format.hpp"

namespace latbench::logs {

// Errors name the YAML file, the key and what was expected (exit 2).
Result<std::unique_ptr<Format>> load_yaml_format(const std::string& path);
// Same, from YAML text (`origin` names it in messages).
Result<std::unique_ptr<Format>> parse_yaml_format(const std::string& text, const std::string& origin);

// Parses `text` with a strptime-style `format` (%Y %m %d %H %M %S %f %b %z ...; "epoch_s",
// "epoch_ms" for numbers) into ms since the epoch (or since midnight when there is no date).
// False when the text does not fit.
bool parse_timestamp(std::string_view text, const std::string& format, double& ms);

}  // namespace latbench::logs
