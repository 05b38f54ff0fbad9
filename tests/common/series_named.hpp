#pragma once
// The series called `name` among a log's or a summary's series; a test that names one that is not
// there fails with its name.
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/series.hpp"

namespace latbench::test {

inline const Series& series_named(const std::vector<Series>& all, const std::string& name) {
  for (const auto& s : all)
    if (s.name == name) return s;
  throw std::runtime_error("no series " + name);
}

// The same in a summary.json document's "series".
inline const nlohmann::json& series_named(const nlohmann::json& doc, const std::string& name) {
  for (const auto& s : doc.at("series"))
    if (s.at("name") == name) return s;
  throw std::runtime_error("no series " + name);
}

}  // namespace latbench::test
