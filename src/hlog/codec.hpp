#pragma once
// HdrHistogram's V2 encoding, the one its interval logs carry (AbstractHistogram's
// encodeIntoCompressedByteBuffer / decodeFromCompressedByteBuffer): a big-endian header (cookie
// 0x1c849313, payload length, normalizing offset, significant digits, lowest, highest, the
// integer-to-double ratio), counts as ZigZag LEB128 longs where a negative one is a run of that
// many zero counts, and the whole of it deflated (zlib) behind cookie 0x1c849314 and its length.
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "hlog/histogram.hpp"

namespace latbench::hlog {

// The compressed bytes of `h`, as Java's HistogramLogWriter writes them (best compression).
std::string encode_compressed(const Histogram& h);

// The histogram of compressed V2 bytes. An input Error says what is wrong (not a compressed
// V2 histogram, a truncated or corrupt stream, counts beyond its own layout); the caller adds
// where the bytes came from.
Result<Histogram> decode_compressed(std::string_view bytes);

// ZigZag LEB128 as HdrHistogram's ZigZagEncoding (at most 9 bytes, the 9th whole).
void put_zigzag(std::string& out, std::int64_t value);
// Reads one value at `pos` (advanced past it); an Error when the bytes end inside it.
Result<std::int64_t> get_zigzag(std::string_view in, std::size_t& pos);

}  // namespace latbench::hlog
