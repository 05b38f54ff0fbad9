// The samples module is read by client, logs, compare, report and cli: it may include only core/
// and itself, or those folders would depend on each other through it (issue 15).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/test_paths.hpp"

TEST(SamplesLayering, IncludesOnlyCoreAndItself) {
  const std::filesystem::path dir = std::filesystem::path(latbench::test::source_dir()) / "src" / "samples";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (!line.starts_with("#include \"")) continue;
      const std::string target = line.substr(10, line.find('"', 10) - 10);
      EXPECT_TRUE(target.starts_with("core/") || target.starts_with("samples/"))
          << entry.path().filename().string() << ":" << number << ": " << line;
    }
  }
  EXPECT_GE(files, 8);
}
