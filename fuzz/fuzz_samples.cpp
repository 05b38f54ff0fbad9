// A run's samples.jsonl as compare, gate and plot read it: the samples reader, the run's series,
// and compare's source loader (which sniffs samples vs summary as `latbench compare A B` does).
#include <vector>

#include "compare/source.hpp"
#include "fuzz_support.hpp"
#include "samples/reader.hpp"
#include "samples/series.hpp"

using namespace latbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file;
  const std::string& path = file.write({reinterpret_cast<const char*>(data), size});
  fuzz::expect_only_latbench_errors("samples file", [&] {
    auto read = samples::read_samples_file(path);
    if (read) (void)samples::samples_to_series(read->samples);
  });
  fuzz::expect_only_latbench_errors("compare source", [&] { (void)compare::load_source(path); });
  return 0;
}
