#pragma once
// Reading and writing whole files in tests: the output a command wrote, a fixture made on the fly.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace latbench::test {

// The whole file as bytes; empty when it cannot be opened.
inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The file's lines without the empty ones (a samples file, a peer's log); none when it cannot be opened.
// How often `needle` occurs in `text`, overlapping occurrences included.
inline std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

inline std::vector<std::string> non_empty_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// Writes `text` to <temp dir>/<name> (replacing it) and returns the path.
inline std::filesystem::path write_temp_file(const std::string& name, const std::string& text) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace latbench::test
