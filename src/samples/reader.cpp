#include "samples/reader.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "samples/json.hpp"

namespace latbench::samples {

Result<SamplesFile> read_samples_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    return input_error(fmt::format("{}: cannot open samples file: {}", path.string(),
                                   std::strerror(errno)));
  }
  SamplesFile file;
  SampleParser parser;
  std::string line;
  std::uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto sample = parser.parse(line);
    if (sample) {
      file.samples.push_back(std::move(sample).take());
    } else {
      file.skipped.add(sample.error().what(), number);
    }
  }
  return file;
}

}  // namespace latbench::samples
