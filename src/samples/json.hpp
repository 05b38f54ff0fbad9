#pragma once
// One line of samples.jsonl, both ways (fields in docs/samples.md): written by the run for every
// request (the hot path), read back by compare, gate, plot and the tests.
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "samples/record.hpp"

namespace latbench::samples {

// One JSON object, no trailing newline. Hot path (once per request): formatted directly, no DOM.
std::string sample_to_json(const Sample& sample);
// The same, appended to `out` (a writer reuses one buffer: no allocation per request).
void append_sample_json(std::string& out, const Sample& sample);

class SampleLineParser;

// Reads lines into Samples through the one line parser (line.hpp), keeping its buffers from one
// line to the next. A line is refused when it is not a JSON object, `total_ms` is missing, or a
// known key has the wrong type; the error says which key and what was expected (the caller adds
// file:line). Unknown keys are ignored. ~1.5 us a line, against ~6.9 us for the nlohmann::json
// reader it replaced (BM_SampleFromJson, bench/client_hot_paths_bench.cpp).
class SampleParser {
 public:
  SampleParser();
  ~SampleParser();
  SampleParser(const SampleParser&) = delete;
  SampleParser& operator=(const SampleParser&) = delete;
  Result<Sample> parse(std::string_view line);

 private:
  std::unique_ptr<SampleLineParser> m_lines;
};

// One line with a parser of its own (a file's lines: SampleParser, which reuses its buffers).
Result<Sample> sample_from_json(std::string_view line);

}  // namespace latbench::samples
