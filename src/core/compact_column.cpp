#include "core/compact_column.hpp"

#include <bit>
#include <cmath>
#include <cstring>

namespace latbench {
namespace {

// Low 3 bits of each varint: how to read the rest.
enum Tag : std::uint64_t { k_us = 0, k_ns = 1, k_neg_us = 2, k_neg_ns = 3, k_raw = 4 };

constexpr double k_scales[] = {1e3, 1e6};

// `count` such that count / scale == magnitude exactly, or false. Counts stay below 2^53 (exact
// in a double) and leave room for the tag's 3 bits.
bool exact_count(double magnitude, double scale, std::uint64_t& count) {
  double scaled = magnitude * scale;
  if (!(scaled < 9.0e15)) return false;  // also false for NaN
  double rounded = std::nearbyint(scaled);
  if (rounded / scale != magnitude) return false;
  count = static_cast<std::uint64_t>(rounded);
  return true;
}

std::size_t put_varint(std::uint8_t* out, std::uint64_t v) {
  std::size_t n = 0;
  while (v >= 0x80) {
    out[n++] = static_cast<std::uint8_t>(v | 0x80);
    v >>= 7;
  }
  out[n++] = static_cast<std::uint8_t>(v);
  return n;
}

std::size_t encode(double v, std::uint8_t* out) {
  if (!std::signbit(v) || v != 0.0) {  // -0.0 would come back as +0.0: raw
    double magnitude = std::fabs(v);
    bool negative = std::signbit(v);
    for (std::size_t s = 0; s < 2; ++s) {
      std::uint64_t count = 0;
      if (!exact_count(magnitude, k_scales[s], count)) continue;
      std::uint64_t tag = (negative ? k_neg_us : k_us) + s;
      return put_varint(out, (count << 3) | tag);
    }
  }
  out[0] = static_cast<std::uint8_t>(k_raw);
  auto bits = std::bit_cast<std::uint64_t>(v);
  std::memcpy(out + 1, &bits, sizeof bits);
  return 1 + sizeof bits;
}

}  // namespace

void CompactColumn::push_back(double value) {
  std::uint8_t buf[k_max_encoded];
  std::size_t n = encode(value, buf);
  if (m_chunks.empty() || m_used + n > k_chunk_bytes) {
    if (!m_chunks.empty()) m_chunk_used.push_back(m_used);
    m_chunks.push_back(std::make_unique_for_overwrite<std::uint8_t[]>(k_chunk_bytes));
    m_used = 0;
  }
  std::memcpy(m_chunks.back().get() + m_used, buf, n);
  m_used += n;
  ++m_count;
}

std::size_t CompactColumn::bytes_used() const {
  std::size_t n = m_used;
  for (std::size_t used : m_chunk_used) n += used;
  return n;
}

std::vector<double> CompactColumn::values() const {
  std::vector<double> out;
  out.reserve(m_count);
  for (std::size_t c = 0; c < m_chunks.size(); ++c) {
    const std::uint8_t* p = m_chunks[c].get();
    const std::uint8_t* end = p + (c + 1 < m_chunks.size() ? m_chunk_used[c] : m_used);
    while (p < end) {
      if (*p == k_raw) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, p + 1, sizeof bits);
        out.push_back(std::bit_cast<double>(bits));
        p += 1 + sizeof bits;
        continue;
      }
      std::uint64_t v = 0;
      for (int shift = 0;; shift += 7) {
        v |= static_cast<std::uint64_t>(*p & 0x7f) << shift;
        if (!(*p++ & 0x80)) break;
      }
      std::uint64_t tag = v & 7;
      double magnitude = static_cast<double>(v >> 3) / k_scales[tag & 1];
      out.push_back(tag >= k_neg_us ? -magnitude : magnitude);
    }
  }
  return out;
}

}  // namespace latbench
