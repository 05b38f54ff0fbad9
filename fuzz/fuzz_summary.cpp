// The summary JSON document (--export-json, read back by compare and gate), through the
// reader and through compare's source loader with another series asked for.
#include "compare/source.hpp"
#include "fuzz_support.hpp"
#include "report/json_export.hpp"

using namespace latbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file;
  const std::string& path = file.write({reinterpret_cast<const char*>(data), size});
  fuzz::expect_only_latbench_errors("summary document", [&] { (void)report::read_summary_document(path); });
  compare::SourceOptions options;
  options.series = "ttfb";
  fuzz::expect_only_latbench_errors("compare source", [&] { (void)compare::load_source(path, options); });
  return 0;
}
