#pragma once
// Errors that reach the user. The engine never exits: it returns a Result or throws latbench::Error,
// and cli/ maps the kind to the exit codes of DESIGN.md in one place.
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace latbench {

// Exit codes are a contract with CI scripts (DESIGN.md): never renumber.
enum class ExitCode : int {
  ok = 0,
  regression = 1,    // the gate found a regression, or a run's thresholds failed
  usage = 2,         // bad option, bad input file: the message names file/line/option
  unreachable = 3,   // the target could not be reached
  undecided = 4,     // the gate had too little data to decide
  interrupted = 130, // Ctrl-C: results so far were written
};

enum class ErrorKind { usage, input, unreachable, internal };

constexpr ExitCode exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage:
    case ErrorKind::input: return ExitCode::usage;
    case ErrorKind::unreachable: return ExitCode::unreachable;
    case ErrorKind::internal: break;
  }
  return ExitCode::usage;
}

// A failure the user can act on. `message` already names the file, line or option at fault, or
// the error is about one key of a setting (core/key_error.hpp's KeyError), which it then carries
// even as a Result's plain Error, so the caller can still put the flag or file:line in its place.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message)
      : std::runtime_error(std::move(message)), m_kind(kind) {}
  ErrorKind kind() const { return m_kind; }
  const std::string& key() const { return m_key; }  // empty: the message names its place itself
  // "<where>: <detail>": an error about a key located by the caller ("--timeout", "run.yaml:3:10:
  // key 'timeout'"); an error without a key as it is.
  Error relocated(const std::string& where) const {
    return m_key.empty() ? *this : Error(m_kind, where + ": " + m_detail);
  }

 protected:
  Error(ErrorKind kind, std::string key, std::string detail)
      : std::runtime_error(key + ": " + detail), m_kind(kind), m_key(std::move(key)), m_detail(std::move(detail)) {}

 private:
  ErrorKind m_kind;
  std::string m_key, m_detail;
};

inline Error usage_error(std::string message) { return {ErrorKind::usage, std::move(message)}; }
inline Error input_error(std::string message) { return {ErrorKind::input, std::move(message)}; }

// A value or an Error, for failures callers are expected to handle (std::expected is C++23).
template <class T>
class Result {
 public:
  Result(T value) : m_state(std::move(value)) {}                 // NOLINT: implicit by design
  Result(Error error) : m_state(std::move(error)) {}             // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(m_state); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return checked(); }
  T& value() & { return checked(); }
  T&& value() && { return std::move(checked()); }
  const T& operator*() const& { return checked(); }
  T& operator*() & { return checked(); }
  const T* operator->() const { return &checked(); }
  T* operator->() { return &checked(); }

  const Error& error() const { return std::get<Error>(m_state); }

  // The value, or throw the error: for callers (mostly cli/) that cannot do better than report it.
  T take() && {
    if (!ok()) throw std::get<Error>(m_state);
    return std::move(std::get<T>(m_state));
  }

 private:
  T& checked() {
    if (!ok()) throw std::get<Error>(m_state);
    return std::get<T>(m_state);
  }
  const T& checked() const {
    if (!ok()) throw std::get<Error>(m_state);
    return std::get<T>(m_state);
  }
  std::variant<T, Error> m_state;
};

}  // namespace latbench
