#include "client/http_transport.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <vector>

#include "client/curl_event_loop.hpp"
#include "client/transfer.hpp"
#include "core/text.hpp"

namespace latbench::client {
namespace {

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

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
    return starts_with_nocase(h, "expect:");
  });
  if (!own_expect) add(expect_header_line(plan.expect));
  for (const auto& h : plan.headers) add(h);
  return Slist(list);
}

class HttpTransport final : public Transport {
 public:
  explicit HttpTransport(const DriverPlan& plan) : m_plan(plan), m_slots(http_slots_per_device(plan)) {
    if (plan.connection.mode != ConnectionMode::fresh) {
      // Room in the cache for every device's keep-alive connections, so none is closed early.
      long cache = static_cast<long>(std::min<std::uint64_t>(
          std::uint64_t{plan.devices} * m_slots, 100000));
      curl_multi_setopt(m_loop.multi(), CURLMOPT_MAXCONNECTS, cache);
    }
    m_headers.resize(plan.devices);
    for (unsigned d = 0; d < plan.devices; ++d) {
      for (const auto& body : plan.bodies) m_headers[d].push_back(build_headers(plan, d, body));
    }
  }

  ~HttpTransport() override {
    for (auto& t : m_active) m_loop.remove(t->handle());
  }

  unsigned slots_per_device() const override { return m_slots; }

  void start(const Unit& unit) override {
    std::unique_ptr<Transfer> t;
    if (m_idle.empty()) {
      t = std::make_unique<Transfer>();
      t->set_tls(m_plan.tls);
      m_loop.adopt(t->handle());
    } else {
      t = std::move(m_idle.back());
      m_idle.pop_back();
    }
    t->prepare({&m_plan.url, &m_plan.bodies[unit.body], m_headers[unit.device][unit.body].get(),
                m_plan.connection.mode, m_plan.timeout, m_plan.send_buffer});
    t->started = unit.started;  // Transfer::finish measures ttfb and upload from here
    m_loop.add(t->handle());
    m_units.push_back(unit);
    m_active.push_back(std::move(t));
  }

  void advance(TransportEvents& events) override {
    m_loop.run_ready();
    while (CURLMsg* msg = m_loop.next_done()) {
      CURLcode result = msg->data.result;
      CURL* easy = msg->easy_handle;
      m_loop.remove(easy);
      auto it = std::find_if(m_active.begin(), m_active.end(),
                             [easy](const auto& t) { return t->handle() == easy; });
      if (it == m_active.end()) continue;
      auto index = static_cast<std::size_t>(it - m_active.begin());
      std::unique_ptr<Transfer> t = std::move(*it);
      Unit unit = m_units[index];
      // Order among the transfers in flight does not matter: the last takes the freed place.
      *it = std::move(m_active.back());
      m_active.pop_back();
      m_units[index] = m_units.back();
      m_units.pop_back();
      // One sample reused: its Server-Timing stages keep their capacity (no allocation per request).
      Sample& s = m_sample;
      std::vector<samples::TimingMetric> stages = std::move(s.server);
      s = Sample{};
      s.server = std::move(stages);
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

  std::optional<Nanos> next_timer() const override { return m_loop.next_timer(); }

  void wait(Nanos at_most) override { m_loop.wait(at_most); }

  std::uint64_t abort_all() override {
    for (auto& t : m_active) m_loop.remove(t->handle());
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
  // Destroyed after the transfers (their handles out of it by then): closing its cached
  // connections calls back into it.
  CurlEventLoop m_loop;
  std::vector<std::vector<Slist>> m_headers;  // per device, one list per body content type
  std::vector<std::unique_ptr<Transfer>> m_active;
  std::vector<Unit> m_units;                  // the unit m_active[i] carries
  std::vector<std::unique_ptr<Transfer>> m_idle;
  Sample m_sample;                            // the one being reported (see advance)
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
