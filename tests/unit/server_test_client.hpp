#pragma once
// Test-side helpers for the reference server tests: a libcurl easy client (independent of the
// server's Beast code) and a real JPEG made with libjpeg-turbo.
#include <curl/curl.h>
#include <turbojpeg.h>

#include <map>
#include <string>
#include <vector>

namespace latbench::test {

struct HttpReply {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  CURLcode code = CURLE_OK;
};

// One client; reuses its connection (keep-alive) unless fresh_connection is set.
class TestClient {
 public:
  TestClient() : m_curl(curl_easy_init()) {}
  ~TestClient() { curl_easy_cleanup(m_curl); }
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  HttpReply request(const std::string& method, const std::string& url, const std::string& body = {},
                    const std::vector<std::string>& headers = {}, bool fresh_connection = false) {
    HttpReply reply;
    curl_easy_reset(m_curl);
    curl_easy_setopt(m_curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(m_curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "POST") {
      curl_easy_setopt(m_curl, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(m_curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    curl_slist* list = nullptr;
    for (auto& h : headers) list = curl_slist_append(list, h.c_str());
    curl_easy_setopt(m_curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(m_curl, CURLOPT_FORBID_REUSE, fresh_connection ? 1L : 0L);
    curl_easy_setopt(m_curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(m_curl, CURLOPT_WRITEFUNCTION, &TestClient::on_body);
    curl_easy_setopt(m_curl, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(m_curl, CURLOPT_HEADERFUNCTION, &TestClient::on_header);
    curl_easy_setopt(m_curl, CURLOPT_HEADERDATA, &reply.headers);
    reply.code = curl_easy_perform(m_curl);
    curl_easy_getinfo(m_curl, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(list);
    return reply;
  }

 private:
  static size_t on_body(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
  }
  static size_t on_header(char* data, size_t size, size_t n, void* out) {
    std::string line(data, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
      while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
      (*static_cast<std::map<std::string, std::string>*>(out))[name] = value;
    }
    return size * n;
  }
  CURL* m_curl;
};

// A width x height JPEG of smooth gradients (what a camera frame compresses like, roughly).
inline std::string make_test_jpeg(int width, int height) {
  std::vector<unsigned char> rgb(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      auto* p = &rgb[(static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 3];
      p[0] = static_cast<unsigned char>(x * 255 / width);
      p[1] = static_cast<unsigned char>(y * 255 / height);
      p[2] = static_cast<unsigned char>((x ^ y) & 0xFF);
    }
  tjhandle h = tjInitCompress();
  unsigned char* out = nullptr;
  unsigned long size = 0;
  tjCompress2(h, rgb.data(), width, 0, height, TJPF_RGB, &out, &size, TJSAMP_420, 85, 0);
  std::string jpeg(reinterpret_cast<char*>(out), size);
  tjFree(out);
  tjDestroy(h);
  return jpeg;
}

}  // namespace latbench::test

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace latbench::test {

// A bare TCP client for what curl will not send: malformed requests, slow or silent clients.
class RawConnection {
 public:
  explicit RawConnection(int port) : m_fd(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    m_connected = connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~RawConnection() { close(m_fd); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return m_connected; }
  void send_text(const std::string& s) { (void)::send(m_fd, s.data(), s.size(), MSG_NOSIGNAL); }
  // Everything received until the peer closes or `deadline` passes; closed() tells which.
  std::string read_all(std::chrono::milliseconds deadline) {
    std::string out;
    auto end = std::chrono::steady_clock::now() + deadline;
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return out;
      pollfd p{m_fd, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      auto n = ::recv(m_fd, buf, sizeof buf, 0);
      if (n <= 0) {
        m_closed = true;
        return out;
      }
      out.append(buf, static_cast<size_t>(n));
    }
  }
  bool closed() const { return m_closed; }

 private:
  int m_fd;
  bool m_connected = false;
  bool m_closed = false;
};

// "recv;dur=0.1, queue;dur=0, ..." -> the dur of `stage` in ms, or -1 when absent.
inline double server_timing_ms(const std::string& header, const std::string& stage) {
  auto pos = header.find(stage + ";dur=");
  if (pos == std::string::npos) return -1;
  return std::stod(header.substr(pos + stage.size() + 5));
}

}  // namespace latbench::test
