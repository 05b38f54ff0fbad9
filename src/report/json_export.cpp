#include "report/json_export.hpp"

#include <cmath>
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/write_file.hpp"

namespace latbench::report {
namespace {

using nlohmann::json;

// Percentile keys of the schema, in order, with the fraction each stands for.
struct PercentileKey {
  const char* key;
  double stats::Percentiles::*field;
};
constexpr PercentileKey k_percentile_keys[] = {
    {"p50", &stats::Percentiles::p50}, {"p90", &stats::Percentiles::p90},
    {"p95", &stats::Percentiles::p95}, {"p99", &stats::Percentiles::p99},
    {"p99.9", &stats::Percentiles::p999}};

void put_stats(json& out, const stats::Stats& s) {
  out["count"] = s.count;
  json percentiles = json::object();
  if (s.count == 0) {
    // No data: nulls, never NaN (JSON has no NaN and consumers would choke on it).
    for (const char* key : {"min", "max", "mean", "median", "sd", "sd_population", "iqr"}) out[key] = nullptr;
    out["mode"] = json::array();
    for (const auto& p : k_percentile_keys) percentiles[p.key] = nullptr;
    out["percentiles"] = percentiles;
    out["tukey_outliers"] = {{"low", 0}, {"high", 0}};
    return;
  }
  out["min"] = s.min;
  out["max"] = s.max;
  out["mean"] = s.mean;
  out["median"] = s.median;
  out["mode"] = s.mode;
  out["sd"] = s.sd;
  out["sd_population"] = s.sd_population;
  for (const auto& p : k_percentile_keys) percentiles[p.key] = s.percentiles.*(p.field);
  out["percentiles"] = percentiles;
  out["iqr"] = s.iqr;
  out["tukey_outliers"] = {{"low", s.tukey_low}, {"high", s.tukey_high}};
}

// Reads one number that may be null (an empty series); errors name the file and key.
class Reader {
 public:
  explicit Reader(std::string file) : m_file(std::move(file)) {}

  const json& member(const json& object, const std::string& key, const std::string& where) const {
    if (!object.is_object() || !object.contains(key))
      throw input_error(fmt::format("{}: {} has no key \"{}\"", m_file, where, key));
    return object.at(key);
  }
  double number(const json& object, const std::string& key, const std::string& where) const {
    const json& v = member(object, key, where);
    if (v.is_null()) return 0.0;
    if (!v.is_number())
      throw input_error(fmt::format("{}: {}.{} should be a number", m_file, where, key));
    return v.get<double>();
  }
  // A count: a whole number >= 0 (a negative or fractional one would be undefined as an integer).
  std::uint64_t as_count(double v, const std::string& where) const {
    if (!(v >= 0 && v <= 1e15 && v == std::floor(v)))
      throw input_error(fmt::format("{}: {} should hold whole numbers >= 0, got {}", m_file, where, v));
    return static_cast<std::uint64_t>(v);
  }
  std::size_t count(const json& object, const std::string& key, const std::string& where) const {
    return static_cast<std::size_t>(as_count(number(object, key, where), where + "." + key));
  }
  std::vector<double> numbers(const json& object, const std::string& key, const std::string& where) const {
    const json& v = member(object, key, where);
    if (!v.is_array()) throw input_error(fmt::format("{}: {}.{} should be an array", m_file, where, key));
    std::vector<double> out;
    for (const auto& e : v) {
      if (!e.is_number()) throw input_error(fmt::format("{}: {}.{} should hold numbers", m_file, where, key));
      out.push_back(e.get<double>());
    }
    return out;
  }
  stats::Stats stats(const json& object, const std::string& where) const {
    stats::Stats s;
    s.count = static_cast<std::size_t>(number(object, "count", where));
    s.min = number(object, "min", where);
    s.max = number(object, "max", where);
    s.mean = number(object, "mean", where);
    s.median = number(object, "median", where);
    s.mode = numbers(object, "mode", where);
    s.sd = number(object, "sd", where);
    s.sd_population = number(object, "sd_population", where);
    const json& p = member(object, "percentiles", where);
    for (const auto& key : k_percentile_keys)
      s.percentiles.*(key.field) = number(p, key.key, where + ".percentiles");
    if (object.contains("iqr")) s.iqr = number(object, "iqr", where);
    return s;
  }

 private:
  std::string m_file;
};

}  // namespace

json series_json(const stats::Summary& summary) {
  json out = json::object();
  out["name"] = summary.name;
  out["unit"] = summary.unit;
  put_stats(out, summary.all);
  // Always present so consumers need no special case: with no trimming it equals the untrimmed.
  json trimmed = json::object();
  trimmed["low"] = summary.trim_low;
  trimmed["high"] = summary.trim_high;
  put_stats(trimmed, summary.trimmed ? *summary.trimmed : summary.all);
  out["trimmed"] = trimmed;
  json histogram = {{"edges", summary.histogram.edges}, {"counts", summary.histogram.counts}};
  if (summary.histogram.underflow || summary.histogram.overflow) {
    histogram["underflow"] = summary.histogram.underflow;
    histogram["overflow"] = summary.histogram.overflow;
  }
  out["histogram"] = histogram;
  json reasons = json::object();
  for (const auto& [reason, count] : summary.skipped.reasons) reasons[reason] = count;
  out["skipped"] = {{"lines", summary.skipped.lines}, {"reasons", reasons}};
  if (!summary.skipped.first_lines.empty()) out["skipped"]["first_lines"] = summary.skipped.first_lines;
  return out;
}

json summary_document(const std::vector<stats::Summary>& summaries, const json& extra) {
  json doc = {{"tool", "latbench"}, {"schema", 1}, {"version", LATBENCH_VERSION}};
  json series = json::array();
  for (const auto& s : summaries) series.push_back(series_json(s));
  doc["series"] = std::move(series);
  if (extra.is_object())
    for (const auto& [key, value] : extra.items())
      if (!doc.contains(key)) doc[key] = value;
  return doc;
}

void write_json_file(const std::filesystem::path& path, const json& document) {
  (void)write_whole_file(path, document.dump(2) + "\n").take();
}

Result<std::vector<stats::Summary>> read_summary_document(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return input_error(fmt::format("{}: cannot open", path.string()));
  json doc = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return input_error(fmt::format("{}: not valid JSON", path.string()));
  if (!doc.is_object() || doc.value("tool", "") != "latbench")
    return input_error(fmt::format("{}: not a latbench summary (expected \"tool\": \"latbench\")", path.string()));
  if (doc.value("schema", 0) != 1)
    return input_error(fmt::format("{}: unsupported schema (expected \"schema\": 1)", path.string()));
  if (!doc.contains("series") || !doc["series"].is_array())
    return input_error(fmt::format("{}: missing \"series\" array", path.string()));
  Reader reader(path.string());
  std::vector<stats::Summary> out;
  try {
    std::size_t index = 0;
    for (const auto& s : doc["series"]) {
      std::string where = fmt::format("series[{}]", index++);
      stats::Summary summary;
      if (!s.is_object() || !s.contains("name") || !s["name"].is_string())
        return input_error(fmt::format("{}: {} has no string \"name\"", path.string(), where));
      summary.name = s["name"].get<std::string>();
      summary.unit = s.value("unit", "");
      summary.all = reader.stats(s, where);
      const json& trimmed = reader.member(s, "trimmed", where);
      summary.trim_low = reader.count(trimmed, "low", where + ".trimmed");
      summary.trim_high = reader.count(trimmed, "high", where + ".trimmed");
      if (summary.trim_low || summary.trim_high) summary.trimmed = reader.stats(trimmed, where + ".trimmed");
      const json& histogram = reader.member(s, "histogram", where);
      summary.histogram.edges = reader.numbers(histogram, "edges", where + ".histogram");
      for (double c : reader.numbers(histogram, "counts", where + ".histogram"))
        summary.histogram.counts.push_back(reader.as_count(c, where + ".histogram.counts"));
      out.push_back(std::move(summary));
    }
  } catch (const Error& e) {
    return e;
  }
  return out;
}

}  // namespace latbench::report
