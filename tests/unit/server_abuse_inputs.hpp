#pragma once
// Inputs an attacker or a broken camera sends the reference server, made from a good frame.
#include <cstddef>
#include <string>

namespace latbench::test {

// `jpeg` with its baseline frame header's (SOF0, FF C0) length field set to 1: libjpeg-turbo
// says "Bogus marker length". "" when the frame has no SOF0.
inline std::string with_bogus_sof_length(std::string jpeg) {
  auto sof = jpeg.find("\xFF\xC0");
  if (sof == std::string::npos || sof + 4 > jpeg.size()) return {};
  jpeg[sof + 2] = 0;
  jpeg[sof + 3] = 1;
  return jpeg;
}

// `levels` '[' then as many ']': valid JSON nested `levels` deep.
inline std::string nested_json_array(std::size_t levels) {
  return std::string(levels, '[') + std::string(levels, ']');
}

}  // namespace latbench::test
