// Gate budgets: the --max / --limit text and the YAML budget file (--budget FILE). The same
// bytes are tried both ways.
#include "compare/budget.hpp"
#include "fuzz_support.hpp"

using namespace latbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_only_latbench_errors("budget text", [&] { (void)compare::parse_budget(text, "--max"); });
  fuzz::expect_only_latbench_errors("budget file", [&] { (void)compare::load_budget_file(file.write(text)); });
  return 0;
}
