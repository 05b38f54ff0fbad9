#pragma once
// How an Analysis reads: what each log held (formats, records, skips by reason with line
// numbers, counts, notes), the statistics the main table has no room for, the per-request rows
// of --group-by, and the CSV / JSON exports. The main table itself is report::summary_table.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/text_table.hpp"
#include "app/analyze_logs.hpp"

namespace latbench::app {

// One block per log: format, lines, records, skipped by reason (first line numbers), counts.
// Every text below fits `width` (long lines wrap; tables leave their optional columns out and
// say which, "--wide adds: ...").
std::string logs_overview(const Analysis& a, const TextWidth& width = {});
// Mode, population SD, IQR / Tukey, p90, p99.9 and the median's 95% CI, with the trimmed side's
// min / max / mode / population SD when trimming: everything summary_table leaves out. Tukey and
// the trimmed columns are optional.
std::string details_table(const Analysis& a, const TextWidth& width = {});
// --group-by's breakdown in pipeline order: stage, requests, median, mean, share of the total.
std::string breakdown_table(const logs::RequestRows& rows, const TextWidth& width = {});
// The first `max_rows` requests of --group-by (id, stages, total; shares are optional).
std::string rows_preview(const logs::RequestRows& rows, std::size_t max_rows = 10, const TextWidth& width = {});
// Notes of the logs and of the analysis, one "note: ..." paragraph each.
std::string notes_text(const Analysis& a, const TextWidth& width = {});

// One CSV row per series (untrimmed, then trimmed columns); empty cells for no data.
std::string summary_csv(const Analysis& a);
// DESIGN.md's schema-1 document plus "median_ci95" in each series and an "analyze" object (logs,
// counts, notes, streaming accuracy); after --group-by also "requests" (each request's id, total,
// stages and shares, as --export-rows) and "breakdown" (stage_breakdown, in pipeline order).
nlohmann::json analysis_document(const Analysis& a);
// Writes analysis_document to `path`; throws latbench::Error naming the path when it cannot.
void write_analysis_json(const std::string& path, const Analysis& a);

}  // namespace latbench::app
