#include "client/transfer.hpp"

#include <fmt/format.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "core/text.hpp"

namespace latbench::client {

ErrorClass classify_error(CURLcode result, long os_errno, long http_status, DropSignal drop) {
  switch (result) {
    case CURLE_OK:
      if (http_status >= 500) {
        return drop == DropSignal::present ? ErrorClass::dropped : ErrorClass::http_5xx;
      }
      if (http_status >= 400) return ErrorClass::http_4xx;
      return ErrorClass::none;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return ErrorClass::dns;
    case CURLE_OPERATION_TIMEDOUT: return ErrorClass::timeout;
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ETIMEDOUT) return ErrorClass::timeout;
      return ErrorClass::refused;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      return os_errno == ECONNRESET ? ErrorClass::reset : ErrorClass::dropped;
    // The server closed the connection without a byte of answer: not a shed upload (that is a
    // 5xx saying so), so not `dropped`.
    case CURLE_GOT_NOTHING: return ErrorClass::empty_reply;
    // The server closed the connection in the middle of its answer.
    case CURLE_PARTIAL_FILE: return ErrorClass::dropped;
    // The server's certificate was not trusted (self-signed or unknown CA, wrong host name).
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH: return ErrorClass::certificate;
    // The handshake itself failed: no common protocol or cipher, a server that does not speak TLS.
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CIPHER:
    case CURLE_USE_SSL_FAILED: return ErrorClass::tls_handshake;
    default: return ErrorClass::other;
  }
}

const char* expect_header_line(ExpectContinue expect) {
  return expect == ExpectContinue::on ? "Expect: 100-continue" : "Expect:";
}

namespace {

void check(CURLcode rc, const char* option) {
  if (rc != CURLE_OK) {
    throw Error(ErrorKind::internal,
                fmt::format("libcurl rejected {}: {}", option, curl_easy_strerror(rc)));
  }
}

double us_to_ms(curl_off_t us) { return static_cast<double>(us) / 1000.0; }

// "HTTP/1.1 503 Service Unavailable" -> 503; 0 when the line has no status code.
long parse_status(std::string_view line) {
  auto space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  long code = 0;
  for (std::size_t i = space + 1; i < line.size() && i < space + 4; ++i) {
    if (line[i] < '0' || line[i] > '9') return 0;
    code = code * 10 + (line[i] - '0');
  }
  return code;
}

}  // namespace

Transfer::Transfer() : m_easy(curl_easy_init()) {
  if (!m_easy) throw Error(ErrorKind::internal, "libcurl: cannot create an easy handle");
  // Options that never change between uploads are set once.
  check(curl_easy_setopt(m_easy, CURLOPT_PRIVATE, this), "CURLOPT_PRIVATE");
  check(curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
  check(curl_easy_setopt(m_easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1), "CURLOPT_HTTP_VERSION");
  // Loopback targets only: an http_proxy in the environment must not silently reroute the run.
  check(curl_easy_setopt(m_easy, CURLOPT_PROXY, ""), "CURLOPT_PROXY");
  check(curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &Transfer::on_header), "CURLOPT_HEADERFUNCTION");
  check(curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, this), "CURLOPT_HEADERDATA");
  check(curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &Transfer::on_write), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this), "CURLOPT_WRITEDATA");
  check(curl_easy_setopt(m_easy, CURLOPT_XFERINFOFUNCTION, &Transfer::on_progress), "CURLOPT_XFERINFOFUNCTION");
  check(curl_easy_setopt(m_easy, CURLOPT_XFERINFODATA, this), "CURLOPT_XFERINFODATA");
  check(curl_easy_setopt(m_easy, CURLOPT_NOPROGRESS, 0L), "CURLOPT_NOPROGRESS");
  check(curl_easy_setopt(m_easy, CURLOPT_ERRORBUFFER, m_error.data()), "CURLOPT_ERRORBUFFER");
  // The body goes through a read callback, not CURLOPT_POSTFIELDS: libcurl then sends the headers
  // on their own and the body after them (as a device's HTTP client writes them), so REQUEST_SIZE
  // is the headers and SIZE_UPLOAD the body, and each byte on the wire is counted once even when
  // the socket takes only part of a send. With POSTFIELDS a body under 64 KB rides in the headers'
  // buffer, and a partial first send (a small send buffer, a slow link) made that part count twice.
  check(curl_easy_setopt(m_easy, CURLOPT_POST, 1L), "CURLOPT_POST");
  check(curl_easy_setopt(m_easy, CURLOPT_READFUNCTION, &Transfer::on_read), "CURLOPT_READFUNCTION");
  check(curl_easy_setopt(m_easy, CURLOPT_READDATA, this), "CURLOPT_READDATA");
  // A request retried on a reused connection that turned out dead rewinds its body.
  check(curl_easy_setopt(m_easy, CURLOPT_SEEKFUNCTION, &Transfer::on_seek), "CURLOPT_SEEKFUNCTION");
  check(curl_easy_setopt(m_easy, CURLOPT_SEEKDATA, this), "CURLOPT_SEEKDATA");
  check(curl_easy_setopt(m_easy, CURLOPT_SOCKOPTFUNCTION, &Transfer::on_sockopt), "CURLOPT_SOCKOPTFUNCTION");
  check(curl_easy_setopt(m_easy, CURLOPT_SOCKOPTDATA, this), "CURLOPT_SOCKOPTDATA");
}

Transfer::~Transfer() { curl_easy_cleanup(m_easy); }

void Transfer::set_tls(const TlsOptions& tls) {
  long verify = tls.peer == PeerCheck::verify ? 1L : 0L;
  check(curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYPEER, verify), "CURLOPT_SSL_VERIFYPEER");
  check(curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L), "CURLOPT_SSL_VERIFYHOST");
  if (!tls.ca_file.empty()) {
    check(curl_easy_setopt(m_easy, CURLOPT_CAINFO, tls.ca_file.c_str()), "CURLOPT_CAINFO");
  }
}

void Transfer::prepare(const UploadSpec& spec) {
  m_server_timing.clear();
  m_status = 0;
  m_drop_header = false;
  m_error_body.clear();
  m_upload_done.reset();
  m_final_status.reset();
  m_error[0] = '\0';
  // The body is the shared prepared buffer, read by on_read (no copy of ours).
  m_body = spec.body;
  m_body_sent = 0;
  m_send_buffer = spec.send_buffer;
  // Options keep their values from upload to upload: only what differs from the last one is set
  // (a handle serves every device, so the header list and body size change; the rest rarely).
  if (m_set.url != spec.url) {
    check(curl_easy_setopt(m_easy, CURLOPT_URL, spec.url->c_str()), "CURLOPT_URL");
    m_set.url = spec.url;
  }
  if (m_set.headers != spec.headers) {
    check(curl_easy_setopt(m_easy, CURLOPT_HTTPHEADER, spec.headers), "CURLOPT_HTTPHEADER");
    m_set.headers = spec.headers;
  }
  auto size = static_cast<curl_off_t>(spec.body->bytes.size());
  if (m_set.body_size != size) {
    check(curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE, size), "CURLOPT_POSTFIELDSIZE_LARGE");
    m_set.body_size = size;
  }
  long ms = static_cast<long>(std::max<Nanos::rep>(1, spec.timeout.count() / 1'000'000));
  if (m_set.timeout_ms != ms) {
    check(curl_easy_setopt(m_easy, CURLOPT_TIMEOUT_MS, ms), "CURLOPT_TIMEOUT_MS");
    check(curl_easy_setopt(m_easy, CURLOPT_CONNECTTIMEOUT_MS, ms), "CURLOPT_CONNECTTIMEOUT_MS");
    m_set.timeout_ms = ms;
  }
  if (m_set.mode != spec.mode) {
    long fresh = spec.mode == ConnectionMode::fresh ? 1L : 0L;
    check(curl_easy_setopt(m_easy, CURLOPT_FRESH_CONNECT, fresh), "CURLOPT_FRESH_CONNECT");
    check(curl_easy_setopt(m_easy, CURLOPT_FORBID_REUSE, fresh), "CURLOPT_FORBID_REUSE");
    m_set.mode = spec.mode;
  }
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  std::string_view line(data, size * n);
  constexpr std::string_view k_name = "server-timing:";
  if (line.starts_with("HTTP/")) {
    // A new status line ("HTTP/1.1 503 Service Unavailable"): an interim 1xx answer's headers
    // must not count for the final one.
    t->m_status = parse_status(line);
    t->m_drop_header = false;
    // The first byte of the answer the device waits for: a 100 Continue is not it. A status line
    // is the first thing read of an answer, so its callback is as close to that byte as we see.
    if (t->m_status >= 200 && !t->m_final_status) t->m_final_status = std::chrono::steady_clock::now();
  } else if (is_drop_reason_header(line)) {
    t->m_drop_header = true;
  } else if (starts_with_nocase(line, k_name)) {
    auto value = line.substr(k_name.size());
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.remove_suffix(1);
    if (!t->m_server_timing.empty()) t->m_server_timing += ',';
    t->m_server_timing.append(value);
  }
  return size * n;
}

std::size_t Transfer::on_write(char* data, std::size_t size, std::size_t n, void* self) {
  // The answer's body is counted by libcurl, not kept; only a 5xx's first bytes, to see whether
  // it says the upload was dropped (m_error_body keeps its capacity: no allocation per request).
  auto* t = static_cast<Transfer*>(self);
  if (t->m_status >= 500 && t->m_error_body.size() < k_drop_body_prefix) {
    std::size_t keep = std::min(size * n, k_drop_body_prefix - t->m_error_body.size());
    t->m_error_body.append(data, keep);
  }
  return size * n;
}

int Transfer::on_progress(void* self, curl_off_t, curl_off_t, curl_off_t ultotal, curl_off_t ulnow) {
  auto* t = static_cast<Transfer*>(self);
  // libcurl has no "upload done" time before 8.10 (CURLINFO_POSTTRANSFER_TIME_T); the progress
  // callback runs after every send, so the first call that sees the whole body sent is it.
  if (!t->m_upload_done && ultotal > 0 && ulnow >= ultotal) {
    t->m_upload_done = std::chrono::steady_clock::now();
  }
  return 0;
}

std::size_t Transfer::on_read(char* buffer, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const auto& bytes = t->m_body->bytes;
  std::size_t len = std::min(size * n, bytes.size() - t->m_body_sent);
  std::memcpy(buffer, bytes.data() + t->m_body_sent, len);
  t->m_body_sent += len;
  return len;
}

int Transfer::on_seek(void* self, curl_off_t offset, int origin) {
  auto* t = static_cast<Transfer*>(self);
  if (origin != SEEK_SET || offset < 0 || static_cast<std::size_t>(offset) > t->m_body->bytes.size()) {
    return CURL_SEEKFUNC_CANTSEEK;
  }
  t->m_body_sent = static_cast<std::size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

int Transfer::on_sockopt(void* self, curl_socket_t fd, curlsocktype purpose) {
  auto* t = static_cast<Transfer*>(self);
  // A device's small send buffer: the sender then blocks behind a slow link as it would, and the
  // upload phase ends when the link has taken the body, not when the kernel has copied it.
  if (purpose == CURLSOCKTYPE_IPCXN && t->m_send_buffer > 0) {
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &t->m_send_buffer, sizeof t->m_send_buffer);
  }
  return CURL_SOCKOPT_OK;
}

bool Transfer::connected() const {
  curl_off_t connect = 0, pretransfer = 0;
  curl_easy_getinfo(m_easy, CURLINFO_CONNECT_TIME_T, &connect);
  curl_easy_getinfo(m_easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
  return connect > 0 || pretransfer > 0;
}

std::string Transfer::error_text(CURLcode result) const {
  return m_error[0] ? std::string(m_error.data()) : std::string(curl_easy_strerror(result));
}

void Transfer::finish(CURLcode result, Sample& s) const {
  curl_off_t dns = 0, connect = 0, appconnect = 0, pretransfer = 0, total = 0, up = 0, down = 0;
  long status = 0, header_down = 0, request_size = 0, new_connections = 0, os_errno = 0;
  curl_easy_getinfo(m_easy, CURLINFO_NAMELOOKUP_TIME_T, &dns);
  curl_easy_getinfo(m_easy, CURLINFO_CONNECT_TIME_T, &connect);
  curl_easy_getinfo(m_easy, CURLINFO_APPCONNECT_TIME_T, &appconnect);
  curl_easy_getinfo(m_easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
  curl_easy_getinfo(m_easy, CURLINFO_TOTAL_TIME_T, &total);
  curl_easy_getinfo(m_easy, CURLINFO_SIZE_UPLOAD_T, &up);
  curl_easy_getinfo(m_easy, CURLINFO_SIZE_DOWNLOAD_T, &down);
  curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(m_easy, CURLINFO_HEADER_SIZE, &header_down);
  curl_easy_getinfo(m_easy, CURLINFO_REQUEST_SIZE, &request_size);
  curl_easy_getinfo(m_easy, CURLINFO_NUM_CONNECTS, &new_connections);
  curl_easy_getinfo(m_easy, CURLINFO_OS_ERRNO, &os_errno);

  s.conn = new_connections > 0 ? ConnUse::fresh : ConnUse::reused;
  s.total_ms = us_to_ms(total);
  s.status = static_cast<int>(status);
  DropSignal drop = m_drop_header || body_says_dropped(m_error_body) ? DropSignal::present
                                                                     : DropSignal::absent;
  s.error = classify_error(result, os_errno, status, drop);
  // The headers go out alone (REQUEST_SIZE: the part the first send took), the rest through the
  // read callback (SIZE_UPLOAD), see the constructor.
  s.bytes_up = static_cast<std::uint64_t>(request_size) + static_cast<std::uint64_t>(up);
  s.bytes_down = static_cast<std::uint64_t>(header_down) + static_cast<std::uint64_t>(down);
  // A phase libcurl never reached reads 0: leave it unknown rather than claim it took no time.
  if (s.conn == ConnUse::fresh) {
    if (dns > 0 || connect > 0) s.dns_ms = us_to_ms(dns);
    if (connect > 0) s.connect_ms = us_to_ms(connect);
    // APPCONNECT is the handshake's end (0 for plain http, or when it never completed): the
    // phase is its duration after the TCP connect.
    if (appconnect > 0 && appconnect >= connect) s.tls_ms = us_to_ms(appconnect - connect);
  }
  if (m_final_status) {
    double first = std::chrono::duration<double, std::milli>(*m_final_status - started).count();
    // Our clock starts a few microseconds before libcurl's: never past libcurl's total.
    s.ttfb_ms = std::clamp(first, 0.0, s.total_ms);
  }
  if (m_upload_done && pretransfer > 0) {
    double done = std::chrono::duration<double, std::milli>(*m_upload_done - started).count();
    // Our clock and libcurl's start a few microseconds apart: keep the phases ordered.
    double upload = std::max(done, us_to_ms(pretransfer));
    if (s.ttfb_ms) upload = std::min(upload, *s.ttfb_ms);
    s.upload_ms = upload;
  }
  parse_server_timing(m_server_timing, s.server);
  s.network_overhead_ms.reset();
  // The server's processing, not its total: on a slow link its `recv` is the body's transfer.
  if (auto processing = s.server_processing_ms(); processing && status > 0) {
    s.network_overhead_ms = s.total_ms - *processing;
  }
}

}  // namespace latbench::client
