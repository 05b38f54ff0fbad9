#include "samples/record.hpp"

namespace latbench::samples {

std::string_view error_class_name(ErrorClass e) {
  switch (e) {
    case ErrorClass::none: return "none";
    case ErrorClass::refused: return "refused";
    case ErrorClass::timeout: return "timeout";
    case ErrorClass::reset: return "reset";
    case ErrorClass::dns: return "dns";
    case ErrorClass::http_4xx: return "http_4xx";
    case ErrorClass::http_5xx: return "http_5xx";
    case ErrorClass::dropped: return "dropped";
    case ErrorClass::empty_reply: return "empty_reply";
    case ErrorClass::certificate: return "certificate";
    case ErrorClass::tls_handshake: return "tls_handshake";
    case ErrorClass::closed: return "closed";
    case ErrorClass::protocol: return "protocol";
    case ErrorClass::unmatched: return "unmatched";
    case ErrorClass::other: return "other";
  }
  return "other";
}

const std::vector<ErrorClass>& all_error_classes() {
  static const std::vector<ErrorClass> k_all = {
      ErrorClass::refused, ErrorClass::timeout,  ErrorClass::reset,   ErrorClass::dns,
      ErrorClass::http_4xx, ErrorClass::http_5xx, ErrorClass::dropped, ErrorClass::empty_reply,
      ErrorClass::certificate, ErrorClass::tls_handshake, ErrorClass::closed, ErrorClass::protocol,
      ErrorClass::unmatched, ErrorClass::other};
  return k_all;
}

std::optional<ErrorClass> parse_error_class(std::string_view name) {
  if (name == "none") return ErrorClass::none;
  for (ErrorClass e : all_error_classes()) {
    if (error_class_name(e) == name) return e;
  }
  return std::nullopt;
}

std::optional<double> Sample::server_total_ms() const {
  for (const auto& m : server) {
    if (m.name == "total") return m.dur_ms;
  }
  return std::nullopt;
}

}  // namespace latbench::samples
