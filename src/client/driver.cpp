#include "client/driver.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <limits>
#include <memory>

#include "client/transfer.hpp"

namespace latbench::client {
namespace {

using Clock = std::chrono::steady_clock;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};

struct Device {
  DeviceSchedule schedule;
  std::deque<Nanos> queue;   // intended starts waiting for a free connection slot
  unsigned in_flight = 0;
  Nanos last_freed{0};       // when an upload of this device last ended (a slot freed up)
  unsigned slots = 1;        // uploads this device may have in flight at once
  std::vector<Slist> headers;  // one list per body content type
  DeviceTotals totals;
};

unsigned slots_for(const DriverPlan& plan) {
  switch (plan.connection) {
    case ConnectionMode::persistent: return 1;
    case ConnectionMode::pool: return plan.pool_size;
    case ConnectionMode::fresh: break;
  }
  if (!plan.schedule.rate_per_s) return 1;  // closed loop: one upload at a time
  return plan.schedule.max_in_flight ? plan.schedule.max_in_flight
                                     : std::numeric_limits<unsigned>::max();
}

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
  add(fmt::format("X-Device-Id: {}{}", plan.device_id_prefix, device));
  // An Expect header of the user's own (--header) is theirs to set; libcurl reads the first one.
  bool own_expect = std::any_of(plan.extra_headers.begin(), plan.extra_headers.end(), [](const std::string& h) {
    return h.size() >= 7 && std::equal(h.begin(), h.begin() + 7, "expect:", [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
  if (!own_expect) add(expect_header_line(plan.expect));
  for (const auto& h : plan.extra_headers) add(h);
  return Slist(list);
}

const char* unreachable_reason(ErrorClass e) {
  switch (e) {
    case ErrorClass::refused: return "connection refused";
    case ErrorClass::dns: return "host name not resolved";
    case ErrorClass::timeout: return "no answer within the timeout";
    default: return "cannot connect";
  }
}

double cpu_seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

class Loop {
 public:
  Loop(const DriverPlan& plan, const DriverHooks& hooks) : m_plan(plan), m_hooks(hooks) {
    m_multi.reset(curl_multi_init());
    if (!m_multi) throw Error(ErrorKind::internal, "libcurl: cannot create a multi handle");
    m_slots = slots_for(plan);
    if (plan.connection != ConnectionMode::fresh) {
      // Room in the cache for every device's keep-alive connections, so none is closed early.
      long cache = static_cast<long>(std::min<std::uint64_t>(
          std::uint64_t{plan.devices} * m_slots, 100000));
      curl_multi_setopt(m_multi.get(), CURLMOPT_MAXCONNECTS, cache);
    }
    m_budget = plan.requests == 0 && plan.duration ? std::numeric_limits<std::uint64_t>::max()
                                                   : plan.warmup + plan.requests;
  }

  ~Loop() {
    for (auto& t : m_active) curl_multi_remove_handle(m_multi.get(), t->handle());
  }

  DriverStats run() {
    rusage before{};
    getrusage(RUSAGE_THREAD, &before);
    m_t0 = Clock::now();
    for (unsigned d = 0; d < m_plan.devices; ++d) {
      Device dev{DeviceSchedule(m_plan.schedule, Nanos(0)), {}, 0, Nanos(0), m_slots, {}, {}};
      for (const auto& body : m_plan.bodies) dev.headers.push_back(build_headers(m_plan, d, body));
      m_devices.push_back(std::move(dev));
    }
    std::vector<Nanos> due;
    for (;;) {
      Nanos now = since_start();
      int interrupt = m_hooks.interrupt ? m_hooks.interrupt->load() : 0;
      m_stats.interrupt_level = std::max(m_stats.interrupt_level, interrupt);
      if (interrupt >= 2) {
        abort_in_flight();
        break;
      }
      const bool more = interrupt == 0 && m_issued < m_budget && !(m_plan.duration && now >= *m_plan.duration);
      if (more && !m_stats.silent && m_unanswered >= m_plan.silent_failures && now - m_last_answer >= m_plan.silence) {
        m_stats.silent = TargetSilence{m_answered ? std::optional<Nanos>(m_last_answer) : std::nullopt,
                                       m_unanswered, 0, now};
      }
      const bool scheduling = more && !m_stats.silent;
      if (scheduling) {
        schedule(now, due);
      } else if (interrupt > 0 || m_stats.silent) {  // what was due but not started is not sent
        for (auto& dev : m_devices) {
          m_stats.cancelled += dev.queue.size();
          dev.queue.clear();
        }
      }
      start_ready();
      int running = 0;
      curl_multi_perform(m_multi.get(), &running);
      collect();
      if (!scheduling && m_active.empty() && queues_empty()) break;
      if (m_hooks.on_tick) m_hooks.on_tick(Clock::now());
      // Nothing to wait for (a closed-loop device's next upload is due now): go round at once.
      // A zero-timeout curl_multi_poll would cost a poll() per request for nothing.
      if (int wait = wait_ms(scheduling); wait > 0) {
        curl_multi_poll(m_multi.get(), nullptr, 0, wait, nullptr);
      }
    }
    m_stats.elapsed = since_start();
    rusage after{};
    getrusage(RUSAGE_THREAD, &after);
    m_stats.cpu_user_s = cpu_seconds(after.ru_utime) - cpu_seconds(before.ru_utime);
    m_stats.cpu_system_s = cpu_seconds(after.ru_stime) - cpu_seconds(before.ru_stime);
    for (const auto& dev : m_devices) m_stats.devices.push_back(dev.totals);
    return std::move(m_stats);
  }

 private:
  Nanos since_start() const { return std::chrono::duration_cast<Nanos>(Clock::now() - m_t0); }

  void schedule(Nanos now, std::vector<Nanos>& due) {
    for (auto& dev : m_devices) {
      if (m_issued >= m_budget) break;
      due.clear();
      std::uint64_t skipped_before = dev.schedule.skipped();
      dev.schedule.poll(now, dev.in_flight + static_cast<unsigned>(dev.queue.size()), due);
      dev.totals.skipped += dev.schedule.skipped() - skipped_before;
      m_stats.skipped += dev.schedule.skipped() - skipped_before;
      for (Nanos intended : due) {
        if (m_issued >= m_budget) break;
        dev.queue.push_back(intended);
        ++m_issued;
      }
    }
  }

  void start_ready() {
    for (unsigned d = 0; d < m_devices.size(); ++d) {
      auto& dev = m_devices[d];
      while (!dev.queue.empty() && dev.in_flight < dev.slots) {
        start(d, dev.queue.front());
        dev.queue.pop_front();
      }
    }
  }

  void start(unsigned d, Nanos intended) {
    std::unique_ptr<Transfer> t;
    if (m_idle.empty()) {
      t = std::make_unique<Transfer>();
      t->set_tls(m_plan.tls);
    } else {
      t = std::move(m_idle.back());
      m_idle.pop_back();
    }
    std::size_t body = m_next_seq % m_plan.bodies.size();
    t->prepare({&m_plan.url, &m_plan.bodies[body], m_devices[d].headers[body].get(),
                m_plan.connection, m_plan.timeout, m_plan.send_buffer});
    t->seq = m_next_seq++;
    t->device = d;
    t->warmup = t->seq < m_plan.warmup;
    t->intended = intended;
    t->started = Clock::now();
    // latbench's own lag: late against when the upload could start (its intended time, or when a
    // connection slot freed up); waiting for a busy connection is the target's delay, not ours.
    Nanos eligible = std::max(intended, m_devices[d].last_freed);
    m_stats.start_lag_ms.push_back(to_ms(std::chrono::duration_cast<Nanos>(t->started - m_t0) - eligible));
    CURLMcode rc = curl_multi_add_handle(m_multi.get(), t->handle());
    if (rc != CURLM_OK) {
      throw Error(ErrorKind::internal, fmt::format("libcurl: cannot add a transfer: {}",
                                                   curl_multi_strerror(rc)));
    }
    ++m_devices[d].in_flight;
    ++m_devices[d].totals.sent;
    ++m_stats.sent;
    m_active.push_back(std::move(t));
  }

  void collect() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m_multi.get(), &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURLcode result = msg->data.result;
      CURL* easy = msg->easy_handle;
      curl_multi_remove_handle(m_multi.get(), easy);
      auto it = std::find_if(m_active.begin(), m_active.end(),
                             [easy](const auto& t) { return t->handle() == easy; });
      if (it == m_active.end()) continue;
      std::unique_ptr<Transfer> t = std::move(*it);
      m_active.erase(it);
      finish(*t, result);
      m_idle.push_back(std::move(t));
    }
  }

  void finish(Transfer& t, CURLcode result) {
    Sample s;
    s.seq = t.seq;
    s.device = t.device;
    s.warmup = t.warmup;
    s.intended_start_ms = to_ms(t.intended);
    s.start_ms = to_ms(std::chrono::duration_cast<Nanos>(t.started - m_t0));
    t.finish(result, s);
    // Every upload would fail alike: a bad file is the user's input, not the target's error.
    if (result == CURLE_SSL_CACERT_BADFILE) {
      throw input_error(fmt::format("{}: cannot use as CA certificates: {}", m_plan.tls.ca_file.string(),
                                    t.error_text(result)));
    }
    // libcurl's own clock can read a hair under the timeout it just enforced (299.7 ms for
    // 300 ms): a timed-out request waited at least the timeout, and is recorded as such.
    if (s.error == ErrorClass::timeout) s.total_ms = std::max(s.total_ms, to_ms(m_plan.timeout));
    if (m_plan.schedule.rate_per_s) {
      s.latency_from_intended_ms = s.start_ms - s.intended_start_ms + s.total_ms;
    }
    bool connected = t.connected() || s.status > 0;
    m_any_connected = m_any_connected || connected;
    if (!m_any_connected && (s.error == ErrorClass::refused || s.error == ErrorClass::dns ||
                             s.error == ErrorClass::timeout)) {
      throw Error(ErrorKind::unreachable,
                  fmt::format("cannot reach {}: {} ({}). Is the server running? Omit --url to "
                              "use the embedded reference server.",
                              m_plan.url, unreachable_reason(s.error), t.error_text(result)));
    }
    auto& dev = m_devices[t.device];
    --dev.in_flight;
    Nanos now = since_start();
    note_answer(s.status > 0, now);
    dev.last_freed = now;
    dev.schedule.on_complete(now);
    ++m_stats.completed;
    if (m_hooks.on_sample) m_hooks.on_sample(s);
  }

  // For DriverPlan::silence: the last answer, and how many uploads ended without one since.
  void note_answer(bool answered, Nanos now) {
    if (answered) {
      m_answered = true;
      m_last_answer = now;
      m_unanswered = 0;
    } else {
      ++m_unanswered;
    }
    if (!m_stats.silent) return;
    ++(answered ? m_stats.silent->answered_after : m_stats.silent->unanswered);
  }

  bool queues_empty() const {
    return std::all_of(m_devices.begin(), m_devices.end(), [](const Device& d) { return d.queue.empty(); });
  }

  void abort_in_flight() {
    for (auto& t : m_active) {
      curl_multi_remove_handle(m_multi.get(), t->handle());
      ++m_stats.aborted;
    }
    m_active.clear();
    for (auto& dev : m_devices) {
      m_stats.cancelled += dev.queue.size();
      dev.queue.clear();
    }
  }

  int wait_ms(bool scheduling) {
    long curl_ms = -1;
    curl_multi_timeout(m_multi.get(), &curl_ms);
    // At most 100 ms: Ctrl-C, flushing and the progress line are checked between waits.
    long wait = 100;
    if (curl_ms >= 0) wait = std::min(wait, curl_ms);
    for (const auto& dev : m_devices) {
      if (!dev.queue.empty() && dev.in_flight < dev.slots) return 0;  // a slot freed up
    }
    if (scheduling) {
      Nanos now = since_start();
      for (const auto& dev : m_devices) {
        auto due = dev.schedule.next_due();
        if (!due) continue;
        if (*due <= now) return 0;
        // Round up: waking early would spin; waking up to 1 ms late shows as start lag.
        long ms = static_cast<long>((*due - now + Nanos(999'999)).count() / 1'000'000);
        wait = std::min(wait, ms);
      }
    }
    return static_cast<int>(std::max(0L, wait));
  }

  const DriverPlan& m_plan;
  const DriverHooks& m_hooks;
  std::unique_ptr<CURLM, MultiDeleter> m_multi;
  unsigned m_slots = 1;
  std::uint64_t m_budget = 0;
  std::uint64_t m_issued = 0;
  std::uint64_t m_next_seq = 0;
  bool m_any_connected = false;
  bool m_answered = false;        // any upload got an HTTP answer
  Nanos m_last_answer{0};         // when the last answered upload ended (0: the start)
  std::uint64_t m_unanswered = 0; // uploads ended without an answer since then
  Clock::time_point m_t0;
  std::deque<Device> m_devices;  // deque: Device is move-only and never relocated
  std::vector<std::unique_ptr<Transfer>> m_active;
  std::vector<std::unique_ptr<Transfer>> m_idle;
  DriverStats m_stats;
};

}  // namespace

DriverStats drive(const DriverPlan& plan, const DriverHooks& hooks) {
  if (plan.bodies.empty()) throw Error(ErrorKind::internal, "driver: no payload to send");
  Loop loop(plan, hooks);
  return loop.run();
}

}  // namespace latbench::client
