// Names of recorded sources in `latbench plot`: after their run folders, unique, never "samples".
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "report/recorded_plots.hpp"

using latbench::report::source_labels;
using Paths = std::vector<std::filesystem::path>;
using Labels = std::vector<std::string>;

TEST(ReportRecordedPlots, ARunsSamplesFileIsNamedAfterItsRunFolder) {
  EXPECT_EQ(source_labels(Paths{"runs/2026-12-01T20-00-baseline/samples.jsonl", "runs/keepalive/samples.jsonl"}),
            (Labels{"2026-12-01T20-00-baseline", "keepalive"}));
  // Any other file keeps its stem; a bare samples.jsonl has no folder to take.
  EXPECT_EQ(source_labels(Paths{"old/baseline.jsonl", "samples.jsonl"}), (Labels{"baseline", "samples"}));
}

TEST(ReportRecordedPlots, RepeatedNamesTakeMoreFoldersThenANumber) {
  // compare's round folders: the profile folder above tells them apart.
  EXPECT_EQ(source_labels(Paths{"c/base/round-01/samples.jsonl", "c/keepalive/round-01/samples.jsonl",
                                "c/base/round-02/samples.jsonl"}),
            (Labels{"base/round-01", "keepalive/round-01", "round-02"}));
  EXPECT_EQ(source_labels(Paths{"a/x.jsonl", "b/x.jsonl"}), (Labels{"a/x", "b/x"}));
  // The same file twice: nothing left to tell them apart but a number.
  EXPECT_EQ(source_labels(Paths{"r/samples.jsonl", "r/samples.jsonl"}), (Labels{"r", "r #2"}));
}
