#pragma once
// Access logs described by the server's own format string: nginx `log_format` ($request_time,
// $upstream_response_time, ...) or Apache `LogFormat` (%D, %{ms}T, %T, ...). The string is
// compiled into literals and fields, and a line is split by finding each literal in turn (no
// regex). Timing fields become ms series; $request / %r and $status / %>s become counts.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "logs/format.hpp"

namespace latbench::logs {

enum class AccessDialect { nginx, apache };

struct AccessField {
  enum class Kind { text, duration, request, status, epoch_seconds };
  std::string name;        // series name for durations ("request_time", "time_taken")
  Kind kind = Kind::text;
  double to_ms = 1;        // factor for durations
  bool decimal_seconds = false;  // nginx's "0.123" form (used to tell nginx from Apache's %D)
};

class AccessTemplate {
 public:
  // Errors name the --log-format option and the piece that cannot be used.
  static Result<AccessTemplate> compile(AccessDialect dialect, std::string_view format);

  // Splits `line` into one view per field; false when the literals do not line up.
  bool match(std::string_view line, std::vector<std::string_view>& values) const;
  // match() plus a check that every duration looks like this dialect writes it.
  bool plausible(std::string_view line) const;

  const std::vector<AccessField>& fields() const { return m_fields; }
  const std::string& source() const { return m_source; }

 private:
  std::string m_source;
  std::vector<std::string> m_literals;  // m_fields.size() + 1: before, between and after fields
  std::vector<AccessField> m_fields;
};

// The format object shared by format_nginx.cpp and format_apache.cpp: with --log-format it uses
// that template; otherwise it tries the dialect's common defaults and keeps the best match.
std::unique_ptr<Format> make_access_format(AccessDialect dialect, std::vector<std::string> defaults,
                                           const FormatOptions& options);

}  // namespace latbench::logs
