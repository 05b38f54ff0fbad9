#pragma once
// The frames codec's expected bytes, made by tests/fixtures/frames/make_cases.py with Python's
// struct, base64, json and msgpack (an independent implementation of the same formats).
#include <cstddef>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/test_paths.hpp"
#include "frames/framing.hpp"

namespace latbench::test {

// The case called `name` as bytes; throws when the fixture has no such case.
inline std::string frames_case(const std::string& name) {
  static const std::map<std::string, std::string> cases = [] {
    std::map<std::string, std::string> all;
    std::ifstream in(fixtures_dir() + "/frames/frames_cases.txt");
    std::string key, hex;
    while (in >> key >> hex) {
      std::string bytes;
      if (hex != "-")
        for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
          bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
      all[key] = bytes;
    }
    return all;
  }();
  const auto it = cases.find(name);
  if (it == cases.end()) throw std::runtime_error("no frames case " + name);
  return it->second;
}

// The payload bytes make_cases.py calls pattern(n).
inline std::string frames_pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 7 + 3) % 256);
  return s;
}

// make_cases.py's JPEG: a JPEG's first and last markers around 40 pattern bytes.
inline std::string frames_jpeg() { return "\xff\xd8\xff\xe0" + frames_pattern(40) + "\xff\xd9"; }

// A framing spec the tests know is valid; throws with the parser's message if it is not.
inline frames::FramingSpec framing_spec(frames::Framing f, std::string_view header = "", std::string_view tmpl = "") {
  auto r = frames::make_framing_spec(f, header, tmpl);
  if (!r) throw std::runtime_error(r.error().what());
  return std::move(r).take();
}

}  // namespace latbench::test
