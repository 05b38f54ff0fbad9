#pragma once
// A column of doubles kept in about 2-4 bytes per value instead of 8, losslessly, so a run of a
// million requests keeps every latency for exact percentiles well under 100 MB.
//
// Why it works: the driver's numbers are mostly whole microseconds (libcurl's *_TIME_T, the
// Server-Timing header's 3 decimals) or whole nanoseconds (steady_clock durations), divided by
// 1e3 or 1e6 into ms. Such a value is stored as the integer count, varint-encoded with a 3-bit
// tag; anything else (negative zero, NaN, a difference of two values) as its 8 raw bytes. Every
// encoding is checked to decode to the identical double before it is used.
//
// Values are appended and read back in order only. Storage grows by fixed-size chunks, so it
// never holds two copies while growing (a std::vector doubles and copies).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace latbench {

class CompactColumn {
 public:
  void push_back(double value);
  std::size_t size() const { return m_count; }
  bool empty() const { return m_count == 0; }
  // Every value, in order, bit for bit as pushed.
  std::vector<double> values() const;
  // Bytes the encoded values take, and bytes allocated for them (whole chunks).
  std::size_t bytes_used() const;
  std::size_t bytes_reserved() const { return m_chunks.size() * k_chunk_bytes; }

 private:
  static constexpr std::size_t k_chunk_bytes = 64 * 1024;
  static constexpr std::size_t k_max_encoded = 10;  // a varint of up to 64 bits, or tag + 8 bytes

  std::vector<std::unique_ptr<std::uint8_t[]>> m_chunks;
  std::size_t m_used = 0;  // bytes used in the last chunk (values never straddle chunks)
  std::vector<std::size_t> m_chunk_used;  // bytes used in each finished chunk
  std::size_t m_count = 0;
};

}  // namespace latbench
