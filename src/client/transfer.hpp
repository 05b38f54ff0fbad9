#pragma once
// One upload on a libcurl easy handle: setting it up (body sent from the caller's buffer, no copy)
// and, when the multi loop says it is done, reading libcurl's timings into a Sample. Handles are
// reused across uploads so the loop allocates nothing per request but the sample line.
#include <curl/curl.h>

#include <array>
#include <chrono>
#include <optional>
#include <string>

#include "client/drop_signal.hpp"
#include "client/run_config.hpp"
#include "client/server_timing.hpp"
#include "payload/encoding.hpp"
#include "samples/record.hpp"

namespace latbench::client {

// A transfer fills in the samples module's record.
using samples::ConnUse;
using samples::ErrorClass;
using samples::Sample;

using SteadyTime = std::chrono::steady_clock::time_point;

// The class of a finished transfer from libcurl's result, the socket errno it saw, the HTTP
// status (0 when none arrived) and whether the answer said the server shed the upload (a 5xx
// with that sign is `dropped`, see drop_signal.hpp).
ErrorClass classify_error(CURLcode result, long os_errno, long http_status,
                          DropSignal drop = DropSignal::absent);

// The Expect line for an upload's header list. Devices send no Expect, so by default "Expect:",
// which stops libcurl adding "Expect: 100-continue" itself (7.88 does for bodies above 1 MB, older
// versions above 1 KB); on: "Expect: 100-continue", and the server's interim 100 then comes
// before the body (it never counts as the first byte of the answer, see Transfer::finish).
const char* expect_header_line(ExpectContinue expect);

struct UploadSpec {
  const std::string* url = nullptr;
  const payload::Body* body = nullptr;   // must outlive the transfer
  curl_slist* headers = nullptr;         // must outlive the transfer
  ConnectionMode mode = ConnectionMode::fresh;
  Nanos timeout{0};
  int send_buffer = 0;                   // SO_SNDBUF of a new connection's socket; 0: the OS's
};

class Transfer {
 public:
  Transfer();
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* handle() const { return m_easy; }
  // TLS settings for https URLs, the same for every upload of a run: set once per handle (its
  // connections are then reused only with the same settings).
  void set_tls(const TlsOptions& tls);
  // Prepares the next upload; throws latbench::Error (internal) if libcurl rejects an option.
  void prepare(const UploadSpec& spec);
  // After completion: timings, bytes, status, error class, Server-Timing into `sample` (whose
  // seq / device / start fields the caller sets). `ttfb` is the arrival of the final answer's
  // status line (the first that is not 1xx), on our clock: libcurl 7.88's STARTTRANSFER reads
  // the moment the request went out once the body exceeds its 64 KB send buffer, and would count
  // an interim 100 Continue. No final status line: no ttfb.
  void finish(CURLcode result, Sample& sample) const;
  // libcurl's words for the failure ("Failed to connect to 127.0.0.1 port 1 ...").
  std::string error_text(CURLcode result) const;
  bool connected() const;  // the TCP connect completed (or a connection was reused)

  // Bookkeeping the driver keeps with the transfer.
  SteadyTime started;
  Nanos intended{0};
  std::uint64_t seq = 0;
  unsigned device = 0;
  bool warmup = false;

 private:
  static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* self);
  static std::size_t on_write(char* data, std::size_t size, std::size_t n, void* self);
  static int on_progress(void* self, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                         curl_off_t ulnow);
  static std::size_t on_read(char* buffer, std::size_t size, std::size_t n, void* self);
  static int on_seek(void* self, curl_off_t offset, int origin);
  static int on_sockopt(void* self, curl_socket_t fd, curlsocktype purpose);

  CURL* m_easy = nullptr;
  const payload::Body* m_body = nullptr;    // the upload's body, read by on_read from m_body_sent
  std::size_t m_body_sent = 0;
  int m_send_buffer = 0;
  std::string m_server_timing;              // all Server-Timing header values, comma-joined
  long m_status = 0;                        // from the last status line seen (0: none yet)
  bool m_drop_header = false;               // the final answer carried X-Drop-Reason
  std::string m_error_body;                 // start of a 5xx answer's body (drop detection)
  std::optional<SteadyTime> m_upload_done;  // first moment libcurl reported the body all sent
  std::optional<SteadyTime> m_final_status; // the final (non-1xx) status line arrived
  std::array<char, CURL_ERROR_SIZE> m_error{};
  // The per-upload options as last set on the handle (prepare sets only what changed).
  struct SetOptions {
    const std::string* url = nullptr;
    curl_slist* headers = nullptr;
    curl_off_t body_size = -1;
    long timeout_ms = -1;
    std::optional<ConnectionMode> mode;
  } m_set;
};

}  // namespace latbench::client
