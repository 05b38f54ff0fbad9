#include "client/http_transport.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <vector>

#include "client/transfer.hpp"

namespace latbench::client {
namespace {

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};

Slist build_headers(const DriverPlan& plan, unsigned device, const payload::Body& body) {
  curl_slist* list = nullptr;
  auto add = [&list](const std::string& line) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (!grown) {
      curl_slist_free_all(list);
      throw Error(ErrorKind::internal, "libcurl: out of memory building headers");
    }
    list = grown;
  };
  add("Content-Type: " + body.content_type);
  add(fmt::format("X-Device-Id: {}{}", plan.device_id_prefix, plan.fleet_device(device)));
  // An Expect header of the user's own (--header) is theirs to set; libcurl reads the first one.
  bool own_expect = std::any_of(plan.headers.begin(), plan.headers.end(), [](const std::string& h) {
    return h.size() >= 7 && std::equal(h.begin(), h.begin() + 7, "expect:", [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
  if (!own_expect) add(expect_header_line(plan.expect));
  for (const auto& h : plan.headers) add(h);
  return Slist(list);
}

class HttpTransport final : public Transport {
 public:
  explicit HttpTransport(const DriverPlan& plan) : m_plan(plan), m_slots(http_slots_per_device(plan)) {
    m_multi.reset(curl_multi_init());
    if (!m_multi) throw Error(ErrorKind::internal, "libcurl: cannot create a multi handle");
    if (plan.connection.mode != ConnectionMode::fresh) {
      // Room in the cache for every device's keep-alive connections, so none is closed early.
      long cache = static_cast<long>(std::min<std::uint64_t>(
          std::uint64_t{plan.devices} * m_slots, 100000));
      curl_multi_setopt(m_multi.get(), CURLMOPT_MAXCONNECTS, cache);
    }
    m_headers.resize(plan.devices);
    for (unsigned d = 0; d < plan.devices; ++d) {
      for (const auto& body : plan.bodies) m_headers[d].push_back(build_headers(plan, d, body));
    }
  }

  ~HttpTransport() override {
    for (auto& t : m_active) curl_multi_remove_handle(m_multi.get(), t->handle());
  }

  unsigned slots_per_device() const override { return m_slots; }

  void start(const Unit& unit) override {
    std::unique_ptr<Transfer> t;
    if (m_idle.empty()) {
      t = std::make_unique<Transfer>();
      t->set_tls(m_plan.tls);
    } else {
      t = std::move(m_idle.back());
      m_idle.pop_back();
    }
    t->prepare({&m_plan.url, &m_plan.bodies[unit.body], m_headers[unit.device][unit.body].get(),
                m_plan.connection.mode, m_plan.timeout, m_plan.send_buffer});
    t->started = unit.started;  // Transfer::finish measures ttfb and upload from here
    CURLMcode rc = curl_multi_add_handle(m_multi.get(), t->handle());
    if (rc != CURLM_OK) {
      throw Error(ErrorKind::internal, fmt::format("libcurl: cannot add a transfer: {}",
                                                   curl_multi_strerror(rc)));
    }
    m_units.push_back(unit);
    m_active.push_back(std::move(t));
  }

  void advance(TransportEvents& events) override {
    int running = 0;
    curl_multi_perform(m_multi.get(), &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m_multi.get(), &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURLcode result = msg->data.result;
      CURL* easy = msg->easy_handle;
      curl_multi_remove_handle(m_multi.get(), easy);
      auto it = std::find_if(m_active.begin(), m_active.end(),
                             [easy](const auto& t) { return t->handle() == easy; });
      if (it == m_active.end()) continue;
      auto index = static_cast<std::size_t>(it - m_active.begin());
      std::unique_ptr<Transfer> t = std::move(*it);
      Unit unit = m_units[index];
      m_active.erase(it);
      m_units.erase(m_units.begin() + static_cast<std::ptrdiff_t>(index));
      Sample s;
      t->finish(result, s);
      // Every upload would fail alike: a bad file is the user's input, not the target's error.
      if (result == CURLE_SSL_CACERT_BADFILE) {
        throw input_error(fmt::format("{}: cannot use as CA certificates: {}", m_plan.tls.ca_file.string(),
                                      t->error_text(result)));
      }
      m_reporting = t.get();
      m_reporting_result = result;
      events.finished(unit, s, t->connected() || s.status > 0);
      m_reporting = nullptr;
      m_idle.push_back(std::move(t));
    }
  }

  std::optional<Nanos> next_timer() const override {
    long ms = -1;
    curl_multi_timeout(m_multi.get(), &ms);
    if (ms < 0) return std::nullopt;
    return std::chrono::milliseconds(ms);
  }

  void wait(Nanos at_most) override {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at_most).count();
    curl_multi_poll(m_multi.get(), nullptr, 0, static_cast<int>(ms), nullptr);
  }

  std::uint64_t abort_all() override {
    for (auto& t : m_active) curl_multi_remove_handle(m_multi.get(), t->handle());
    std::uint64_t aborted = m_active.size();
    m_active.clear();
    m_units.clear();
    return aborted;
  }

  std::string failure_detail() const override {
    return m_reporting ? m_reporting->error_text(m_reporting_result) : std::string();
  }

 private:
  const DriverPlan& m_plan;
  unsigned m_slots = 1;
  std::unique_ptr<CURLM, MultiDeleter> m_multi;
  std::vector<std::vector<Slist>> m_headers;  // per device, one list per body content type
  std::vector<std::unique_ptr<Transfer>> m_active;
  std::vector<Unit> m_units;                  // the unit m_active[i] carries
  std::vector<std::unique_ptr<Transfer>> m_idle;
  const Transfer* m_reporting = nullptr;      // the transfer finished() is being told about
  CURLcode m_reporting_result = CURLE_OK;
};

}  // namespace

unsigned http_slots_per_device(const DriverPlan& plan) {
  switch (plan.connection.mode) {
    case ConnectionMode::persistent: return 1;
    case ConnectionMode::pool: return plan.connection.pool;
    case ConnectionMode::fresh: break;
  }
  if (!plan.schedule.rate_per_s) return 1;  // closed loop: one upload at a time
  return plan.schedule.max_in_flight ? plan.schedule.max_in_flight
                                     : std::numeric_limits<unsigned>::max();
}

std::unique_ptr<Transport> make_http_transport(const DriverPlan& plan) {
  return std::make_unique<HttpTransport>(plan);
}

}  // namespace latbench::client
