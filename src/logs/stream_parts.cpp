#include "logs/stream_parts.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "logs/parse_parts.hpp"

namespace latbench::logs {
namespace {

constexpr std::size_t k_cut_window = 1 << 20;        // as part_cuts: a place to cut is looked for this far
constexpr std::size_t k_reader_chunk = 1 << 20;         // a block is handed to the reader in L2-sized chunks

// Block buffers go back and forth between the reading thread and the parts: a fresh multi-MiB
// allocation costs a page fault and a zeroed page per 4 KiB each time (it made reading the
// bottleneck), a reused one nothing.
class BufferPool {
 public:
  std::string take() {
    std::lock_guard lock(m_mutex);
    if (m_spare.empty()) return {};
    std::string s = std::move(m_spare.back());
    m_spare.pop_back();
    s.clear();
    return s;
  }
  void give(std::string s) {
    std::lock_guard lock(m_mutex);
    m_spare.push_back(std::move(s));
  }

 private:
  std::mutex m_mutex;
  std::vector<std::string> m_spare;
};

// A part's bytes: a block read from the stream, then (for the last part, when the log could not
// be cut further) the rest of the stream itself. The block goes back to `buffers` when done.
class BlockSource final : public ByteSource {
 public:
  BlockSource(std::string block, ByteSource* rest, BufferPool& buffers)
      : m_block(std::move(block)), m_rest(rest), m_buffers(buffers) {}
  ~BlockSource() override { m_buffers.give(std::move(m_block)); }
  BlockSource(const BlockSource&) = delete;
  BlockSource& operator=(const BlockSource&) = delete;

  std::string_view next_chunk() override {
    if (m_pos < m_block.size()) {
      const std::string_view piece = std::string_view(m_block).substr(m_pos, k_reader_chunk);
      m_pos += piece.size();
      return piece;
    }
    return m_rest ? m_rest->next_chunk() : std::string_view();
  }

 private:
  std::string m_block;
  std::size_t m_pos = 0;
  ByteSource* m_rest;
  BufferPool& m_buffers;
};

// The rest of a stream whose read failed: its error, met by the last part where one parse of
// the log meets it (after the lines read before it).
class FailedSource final : public ByteSource {
 public:
  explicit FailedSource(std::exception_ptr error) : m_error(std::move(error)) {}
  std::string_view next_chunk() override { std::rethrow_exception(m_error); }

 private:
  std::exception_ptr m_error;
};

struct PartResult {
  std::unique_ptr<Format> format;
  LogData data;
  std::uint64_t lines = 0;
  std::exception_ptr error;
  bool done = false;
};

// Parts are submitted in order, parsed by the workers in any order, and taken back in order.
class PartPool {
 public:
  PartPool(std::size_t workers, const TableOptions& table) : m_table(table) {
    for (std::size_t i = 0; i < workers; ++i) m_threads.emplace_back([this] { work(); });
  }
  // Parts not started are dropped (the log's data is not wanted any more: an error left).
  ~PartPool() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_changed.notify_all();
    for (auto& t : m_threads) t.join();
  }
  PartPool(const PartPool&) = delete;
  PartPool& operator=(const PartPool&) = delete;

  void submit(LogPart part) {
    {
      std::lock_guard lock(m_mutex);
      m_jobs.push_back({std::move(part), m_taken + m_results.size()});
      m_results.emplace_back();
    }
    m_changed.notify_all();
  }
  // Parts submitted and not taken back.
  std::size_t in_flight() {
    std::lock_guard lock(m_mutex);
    return m_results.size();
  }
  bool next_done() {
    std::lock_guard lock(m_mutex);
    return !m_results.empty() && m_results.front().done;
  }
  // The oldest part not taken back, once parsed (there must be one).
  PartResult take_next() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_results.front().done; });
    PartResult r = std::move(m_results.front());
    m_results.pop_front();
    ++m_taken;
    return r;
  }

 private:
  struct Job {
    LogPart part;
    std::size_t index = 0;  // in submission order
  };

  void work() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_stop || !m_jobs.empty(); });
        if (m_stop) return;
        job = std::move(m_jobs.front());
        m_jobs.pop_front();
      }
      PartResult r;
      r.data = LogData(m_table);
      try {
        r.lines = parse_one_part(job.part, r.data, job.part.size);
      } catch (...) {
        r.error = std::current_exception();
      }
      r.format = std::move(job.part.format);
      r.done = true;
      {
        std::lock_guard lock(m_mutex);
        m_results[job.index - m_taken] = std::move(r);
      }
      m_changed.notify_all();
    }
  }

  TableOptions m_table;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Job> m_jobs;
  std::deque<PartResult> m_results;  // from the oldest part not taken back on
  std::size_t m_taken = 0;           // parts taken back
  bool m_stop = false;
  std::vector<std::thread> m_threads;
};

// Takes the parsed parts back in order and appends them: the first becomes the log's data.
class Joiner {
 public:
  explicit Joiner(PartPool& pool) : m_pool(pool) {}

  // The oldest part, waiting for it; rethrows its error.
  void join_next() {
    PartResult r = m_pool.take_next();
    if (r.error) std::rethrow_exception(r.error);
    if (!m_first) {
      m_first = std::move(r.format);
      m_out.emplace(std::move(r.data));
      m_lines = r.lines;
    } else {
      join_next_part(*m_out, *m_first, std::move(r.data), *r.format, r.lines, m_lines);
    }
  }
  // The parts parsed already, in order, without waiting.
  void join_done() {
    while (m_pool.next_done()) join_next();
  }
  void join_all() {
    while (m_pool.in_flight() > 0) join_next();
  }
  // After join_all(): the log's data, its end-of-log work done.
  LogData finish() {
    m_first->finish(*m_out);
    return std::move(*m_out);
  }

 private:
  PartPool& m_pool;
  std::unique_ptr<Format> m_first;
  std::optional<LogData> m_out;
  std::uint64_t m_lines = 0;
};

// Where the block in `pending` may end: the first place to cut after `target` (found as
// part_cuts finds one, in a window of what has been read after it), npos when there is none.
std::size_t find_cut(const Format& format, std::string_view pending, std::size_t target) {
  const std::string_view window = pending.substr(target, k_cut_window);
  const auto newline = window.find('\n');
  if (newline == std::string_view::npos) return std::string_view::npos;
  const auto start = format.part_start(window.substr(newline + 1));
  return start == std::string_view::npos ? start : target + newline + 1 + start;
}

}  // namespace

std::optional<LogData> parse_stream_in_parts(const Format& format, ByteSource& source, const StreamPartsOptions& options) {
  std::unique_ptr<Format> next = format.fresh();  // the next part's format (the first one's is not taught the head)
  if (!next) return std::nullopt;
  // These outlive the parts, which give their blocks back to `buffers` and may read `failed`.
  BufferPool buffers;
  std::unique_ptr<FailedSource> failed;
  PartPool pool(std::max<std::size_t>(options.workers, 1), options.table);
  Joiner joiner(pool);
  // Parts in flight: enough to keep every worker busy while this thread reads the next block.
  const std::size_t max_in_flight = options.workers + 1;
  auto submit = [&](std::string block, ByteSource* rest, std::unique_ptr<Format> part_format) {
    while (pool.in_flight() >= max_in_flight) joiner.join_next();
    const std::uint64_t size = block.size();
    pool.submit({std::move(part_format), std::make_unique<BlockSource>(std::move(block), rest, buffers), size});
    joiner.join_done();
  };

  std::string pending;             // read, not yet in a part; begins where a part may
  std::string head;                // the log's first bytes, which later parts learn from
  std::size_t target = options.block;
  bool first = true;
  ByteSource* rest = nullptr;      // what the last part reads after `pending`: the stream, or its error
  while (!rest) {
    std::string_view chunk;
    try {
      chunk = source.next_chunk();
    } catch (...) {
      failed = std::make_unique<FailedSource>(std::current_exception());
      rest = failed.get();
      break;
    }
    if (chunk.empty()) break;
    pending.append(chunk);
    // A place to cut is looked for as soon as there are bytes after the target: for line formats
    // it is the next line, so that only a line's worth of bytes moves on to the next block. The
    // first cut waits for the head (the first MiB) later parts learn from, as parse_parts' do.
    while (pending.size() > target && (!first || pending.size() >= k_cut_window)) {
      const std::size_t cut = find_cut(format, pending, target);
      if (cut == std::string_view::npos) {
        if (pending.size() < target + k_cut_window) break;  // it may come with the next chunk
        target += k_cut_window / 2;  // windows overlap: a start line across a window's end is seen in the next
        if (target > options.max_block) { rest = &source; break; }  // no (more) place to cut
        continue;
      }
      std::unique_ptr<Format> later = format.fresh();
      if (first) head.assign(pending, 0, k_cut_window);
      const std::size_t head_end = later->learn_head(head);
      if (head_end == std::string_view::npos) { rest = &source; break; }  // the head lacks what parts need
      if (first && cut < head_end) {  // parts must start after the lines they learn from
        target = head_end;
        continue;
      }
      std::string block = std::move(pending);  // no copy of the block: only its tail moves on
      pending = buffers.take();
      pending.reserve(options.block + k_cut_window);
      pending.assign(block, cut);
      block.resize(cut);
      submit(std::move(block), nullptr, std::move(next));
      next = std::move(later);
      target = options.block;
      first = false;
    }
  }
  submit(std::move(pending), rest, std::move(next));
  joiner.join_all();
  return joiner.finish();
}

}  // namespace latbench::logs
