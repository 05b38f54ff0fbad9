#include "logs/field_spec.hpp"

#include <array>

#include "logs/scan.hpp"

namespace latbench::logs {

FieldSpec field_spec(std::string_view text) {
  FieldSpec spec;
  if (auto colon = text.rfind(':'); colon != std::string_view::npos) {
    spec.name = std::string(text.substr(0, colon));
    const std::string_view unit = text.substr(colon + 1);
    const double factor = unit_to_ms(unit);
    spec.unit = factor > 0 ? "ms" : std::string(unit);
    spec.factor = factor > 0 ? factor : 1;
    return spec;
  }
  spec.name = std::string(text);
  std::string_view n = text;
  if (auto dot = n.rfind('.'); dot != std::string_view::npos) n = n.substr(dot + 1);
  if (const double f = unit_to_ms(n); f > 0) {  // a field called just "ms" / "us" / "s"
    spec.unit = "ms";
    spec.factor = f;
    return spec;
  }
  struct Suffix { std::string_view text; double factor; };
  for (const Suffix& s : std::array<Suffix, 8>{{{"_ms", 1}, {"Ms", 1}, {"_us", 1e-3}, {"_ns", 1e-6},
                                                {"_sec", 1000}, {"_seconds", 1000}, {"_s", 1000}, {"_millis", 1}}}) {
    if (n.size() > s.text.size() && n.ends_with(s.text)) {
      spec.unit = "ms";
      spec.factor = s.factor;
      return spec;
    }
  }
  for (std::string_view word : {"latency", "duration", "elapsed", "time", "took", "dur"}) {
    if (n.find(word) != std::string_view::npos) {
      spec.unit = "ms";
      return spec;
    }
  }
  return spec;
}

std::vector<FieldSpec> field_specs(const std::vector<std::string>& texts) {
  std::vector<FieldSpec> out;
  for (const auto& t : texts) out.push_back(field_spec(t));
  return out;
}

bool is_request_id_key(std::string_view key) {
  return key == "request_id" || key == "req_id" || key == "requestId" || key == "rid" ||
         key == "trace_id" || key == "x_request_id";
}

}  // namespace latbench::logs
