#pragma once
// The engine names keys, never flags. An error about one key of a run's settings ("timeout")
// reads "timeout: expected at least 1ms" and carries the key; the caller, who knows whether the
// value came from a flag or from a profile's line, puts that in the key's place (relocated()).
// Thrown, or returned in a Result (whose Error keeps the key): cli/main.cpp locates any error
// with a key that reaches it at the key's flag.
#include <string>
#include <utility>

#include "core/error.hpp"

namespace latbench {

class KeyError : public Error {
 public:
  KeyError(ErrorKind kind, std::string key, std::string detail)
      : Error(kind, std::move(key), std::move(detail)) {}
};

inline KeyError key_usage_error(std::string key, std::string detail) {
  return {ErrorKind::usage, std::move(key), std::move(detail)};
}

// `error` from a parser that was given `key` as its name ("image: no such file"), as a KeyError.
inline KeyError as_key_error(const Error& error, const std::string& key) {
  std::string message = error.what();
  const std::string prefix = key + ": ";
  if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
  return {error.kind(), key, std::move(message)};
}

}  // namespace latbench
