#pragma once
// Whether this test binary runs under AddressSanitizer. Its quarantine keeps freed memory
// resident (256 MB by default), so a peak-RSS bound then measures the sanitizer, not latbench.
#include <fstream>
#include <string>

namespace latbench::test {

inline bool built_with_address_sanitizer() {
  std::ifstream maps("/proc/self/maps");
  for (std::string line; std::getline(maps, line);)
    if (line.find("libasan") != std::string::npos) return true;
  return false;
}

}  // namespace latbench::test
