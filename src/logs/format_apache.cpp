// Apache httpd access logs. Without --log-format, "combined" / "common" with %D (microseconds)
// or %{ms}T appended are tried: the usual way people add timing.
#include "logs/access_log.hpp"

namespace latbench::logs {

std::unique_ptr<Format> make_apache_format(const FormatOptions& options) {
  const std::string common = R"(%h %l %u %t "%r" %>s %b)";
  const std::string combined = common + R"( "%{Referer}i" "%{User-agent}i")";
  return make_access_format(AccessDialect::apache,
                            {combined + " %D", common + " %D", combined + " %{ms}T", combined},
                            options);
}

}  // namespace latbench::logs
