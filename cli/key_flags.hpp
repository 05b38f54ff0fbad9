#pragma once
// The engine names the keys of its settings ("timeout", "server.mode"); the CLI says which flag
// sets each one. One mapping, used where an engine error about a key reaches the user.
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"

namespace latbench::cli {

// The value, or the engine's words about it located at `where` (a flag): "--mode: invalid value
// 'x' (expected sync or async)", of the error's kind.
template <class T>
T located(Result<T> result, const std::string& where) {
  if (!result) throw Error(result.error().kind(), where + ": " + result.error().what());
  return std::move(result).take();
}

// "--timeout" for "timeout", "--send-buffer" for "send_buffer", "--header" for "headers",
// "--server-mode" / "--infer" / "--workers" for the embedded server's keys.
std::string flag_for_key(std::string_view key);

// The names CLI11 registers for the key's flag: flag_for_key() and its short or negated forms
// ("--requests,-n", "--expect-continue,!--no-expect-continue").
std::string flag_spelling(std::string_view key);

}  // namespace latbench::cli
