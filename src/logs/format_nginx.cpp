// nginx access logs. Without --log-format, the common timed variants of "combined" are tried
// (nginx's default "combined" has no timing; people append $request_time and the upstream times).
#include "logs/access_log.hpp"

namespace latbench::logs {

std::unique_ptr<Format> make_nginx_format(const FormatOptions& options) {
  const std::string combined =
      R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent")";
  return make_access_format(AccessDialect::nginx,
                            {combined + R"( rt=$request_time uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time")",
                             combined + " $request_time $upstream_response_time",
                             combined + " $request_time",
                             combined},
                            options);
}

}  // namespace latbench::logs
