#pragma once
// The gate's verdict as people and CI systems read it: a terminal table, Markdown for
// $GITHUB_STEP_SUMMARY, and JUnit XML (one test case per budget item; a failing item is a
// <failure>, an undecided one is <skipped>).
#include <string>

#include "compare/gate.hpp"

namespace latbench::compare {

struct GateReportContext {
  std::string base_label;  // empty when there is no baseline
  std::string cand_label;
  double alpha = 0.01;
  int exit_code = 0;
};

std::string gate_text(const GateResult& result, const GateReportContext& ctx);
std::string gate_markdown(const GateResult& result, const GateReportContext& ctx);
std::string gate_junit(const GateResult& result, const GateReportContext& ctx);

// XML 1.0 text/attribute escaping; drops characters XML 1.0 cannot hold (control characters).
std::string xml_escape(const std::string& s);

}  // namespace latbench::compare
