#pragma once
// Byte sizes as users write them, for every size option (serve's --max-body, run's
// --send-buffer, a link's burst=). The units of GNU coreutils: B; k, K, KiB (1024); kB, KB
// (1000); M, m, MiB; MB; G, g, GiB; GB. A number may have a fraction ("1.5MiB"); the bytes are
// rounded down.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace latbench {

// The bytes, or a usage Error "<what>: invalid size '<text>' (expected e.g. 8MiB, 500kB, 4096)";
// negative, not finite or beyond 2^62 bytes is invalid too.
Result<std::size_t> parse_size(std::string_view text, std::string_view what);

// For reports: "1.25 MB", "12.5 KB", "640 B" (decimal units, as bytes on a link are counted).
std::string human_bytes(double bytes);
// "2.40 Mbit/s", "96.0 kbit/s".
std::string human_bit_rate(double bits_per_s);

}  // namespace latbench
