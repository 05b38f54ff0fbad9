#include "compare/budget.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>

#include "core/duration.hpp"
#include "core/text.hpp"

namespace latbench::compare {
namespace {

bool plain_number(std::string_view s, double& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out) && out >= 0;
}

// A latency amount: a duration ("300ms", "1.5s") in ms. A bare number is refused by the callers
// (as --timeout 5 is): "p95<300" would silently mean 300 of whatever the series' unit is.
bool latency_amount(std::string_view s, double& out) {
  auto d = parse_duration(s, "");
  if (!d) return false;
  out = to_ms(*d);
  return true;
}

}  // namespace

std::string_view op_text(BudgetItem::Op op) {
  switch (op) {
    case BudgetItem::Op::lt: return "<";
    case BudgetItem::Op::le: return "<=";
    case BudgetItem::Op::gt: return ">";
    case BudgetItem::Op::ge: return ">=";
  }
  return "?";
}

Result<BudgetItem> parse_budget_item(std::string_view text, std::string_view what) {
  BudgetItem item;
  const std::string_view t = trim_blanks(text);
  item.text = std::string(t);
  auto fail = [&](std::string_view why) {
    return usage_error(fmt::format("{}: '{}': {}", what, t, why));
  };
  const auto at = t.find_first_of("<>=");
  if (at == std::string_view::npos)
    return fail("expected METRIC=+N% (budget) or METRIC<VALUE (limit), e.g. p95=+10% or p99<300ms");
  const std::string_view name = trim_blanks(t.substr(0, at));
  auto metric = parse_metric(name);
  if (!metric)
    return fail(fmt::format("unknown metric '{}' (expected one of: {})", name, metric_names_list()));
  item.metric = *metric;
  std::string_view rest = t.substr(at);
  if (rest.front() == '=') {
    std::string_view v = trim_blanks(rest.substr(1));
    const bool up = !higher_is_better(item.metric);
    if (!v.empty() && (v.front() == '+' || v.front() == '-')) {
      if ((v.front() == '+') != up)
        return fail(fmt::format("a budget is how much worse {} may get, and worse is {}: write {}{}",
                                name, up ? "up" : "down", up ? '+' : '-', v.substr(1)));
      v.remove_prefix(1);
    }
    if (item.metric == Metric::error_rate) {  // already a rate: its budget is in points
      if (!v.empty() && v.back() == '%') v.remove_suffix(1);
      if (!plain_number(v, item.amount))
        return fail("expected the allowed rise of the error rate in percentage points, e.g. +0 or +0.5%");
      item.kind = BudgetItem::Kind::relative;
      return item;
    }
    if (!v.empty() && v.back() == '%') {
      if (!plain_number(v.substr(0, v.size() - 1), item.amount))
        return fail("expected a change like +10% or +5ms after '='");
      item.kind = BudgetItem::Kind::relative;
      return item;
    }
    if (item.metric == Metric::throughput) {
      if (!v.empty() && v.ends_with("/s")) v.remove_suffix(2);
      if (!plain_number(v, item.amount)) return fail("expected a change like -5% or -10/s after '='");
    } else {
      double ms = 0;
      if (plain_number(v, ms)) return fail("missing unit: write a share (+5%) or a duration (+5ms)");
      if (!latency_amount(v, item.amount)) return fail("expected a change like +10% or +5ms after '='");
    }
    item.kind = BudgetItem::Kind::delta;
    return item;
  }
  item.kind = BudgetItem::Kind::limit;
  if (item.metric == Metric::shift)
    return fail("shift is a change against the baseline, not a value of the candidate: give a budget "
                "like shift=+5% or shift=+20ms");
  const bool le = rest.size() > 1 && rest[1] == '=';
  item.op = rest.front() == '<' ? (le ? BudgetItem::Op::le : BudgetItem::Op::lt)
                                : (le ? BudgetItem::Op::ge : BudgetItem::Op::gt);
  std::string_view v = trim_blanks(rest.substr(le ? 2 : 1));
  bool ok = false;
  if (item.metric == Metric::error_rate) {
    if (!v.empty() && v.back() == '%') v.remove_suffix(1);
    ok = plain_number(v, item.amount);
    if (!ok) return fail("expected an error rate in %, e.g. errors<1%");
  } else if (item.metric == Metric::throughput) {
    if (v.ends_with("/s")) v.remove_suffix(2);
    ok = plain_number(v, item.amount);
    if (!ok) return fail("expected requests per second, e.g. throughput>50/s");
  } else {
    double bare = 0;
    if (plain_number(v, bare))
      return fail(fmt::format("missing unit: write a duration, e.g. {}{}{}ms", name, rest.substr(0, le ? 2 : 1), v));
    ok = latency_amount(v, item.amount);
    if (!ok) return fail("expected a duration after the comparison, e.g. p99<300ms");
  }
  return item;
}

Result<std::vector<BudgetItem>> parse_budget(std::string_view text, std::string_view what) {
  std::vector<BudgetItem> items;
  std::size_t index = 0;
  while (true) {
    const auto comma = text.find(',');
    const std::string_view token = trim_blanks(text.substr(0, comma));
    ++index;
    if (token.empty())
      return usage_error(fmt::format("{}: item {} is empty (expected e.g. 'p50=+5%,p99<300ms')", what, index));
    auto item = parse_budget_item(token, fmt::format("{}: item {}", what, index));
    if (!item) return item.error();
    items.push_back(std::move(item).take());
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

Result<std::vector<BudgetItem>> load_budget_file(const std::filesystem::path& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path.string());
  } catch (const YAML::BadFile&) {
    return input_error(fmt::format("{}: cannot open budget file", path.string()));
  } catch (const YAML::Exception& e) {
    return input_error(fmt::format("{}:{}:{}: invalid YAML: {}", path.string(), e.mark.line + 1,
                                   e.mark.column + 1, e.msg));
  }
  auto where = [&](const YAML::Node& n) {
    return fmt::format("{}:{}:{}", path.string(), n.Mark().line + 1, n.Mark().column + 1);
  };
  if (!root.IsMap())
    return input_error(fmt::format("{}: expected a mapping with 'max:' and/or 'limits:'", where(root)));
  std::vector<BudgetItem> items;
  // A key or value that is a list or a map where a word belongs: yaml-cpp throws on as<string>().
  try {
    for (const auto& kv : root) {
      const std::string key = kv.first.as<std::string>();
      if (key == "max") {
        if (!kv.second.IsMap())
          return input_error(fmt::format("{}: 'max' must map metrics to budgets, e.g. 'p95: +10%'", where(kv.second)));
        for (const auto& m : kv.second) {
          if (!m.second.IsScalar())
            return input_error(fmt::format("{}: expected a budget like +10% for '{}'", where(m.second),
                                           m.first.as<std::string>()));
          auto item = parse_budget_item(m.first.as<std::string>() + "=" + m.second.as<std::string>(), where(m.first));
          if (!item) return item.error();
          if (item->kind == BudgetItem::Kind::limit)
            return input_error(fmt::format("{}: put limits under 'limits:'", where(m.first)));
          items.push_back(std::move(item).take());
        }
      } else if (key == "limits") {
        if (!kv.second.IsSequence())
          return input_error(fmt::format("{}: 'limits' must be a list like [\"p99<300ms\"]", where(kv.second)));
        for (const auto& l : kv.second) {
          if (!l.IsScalar()) return input_error(fmt::format("{}: expected a limit like p99<300ms", where(l)));
          auto item = parse_budget_item(l.as<std::string>(), where(l));
          if (!item) return item.error();
          if (item->kind != BudgetItem::Kind::limit)
            return input_error(fmt::format("{}: '{}' is a budget: put it under 'max:'", where(l), item->text));
          items.push_back(std::move(item).take());
        }
      } else {
        return input_error(fmt::format("{}: unknown key '{}' (expected 'max' or 'limits')", where(kv.first), key));
      }
    }
  } catch (const YAML::Exception& e) {
    return input_error(fmt::format("{}:{}:{}: expected a word or a number here (a metric, a budget or a limit)",
                                   path.string(), e.mark.line + 1, e.mark.column + 1));
  }
  if (items.empty()) return input_error(fmt::format("{}: the budget is empty", path.string()));
  return items;
}

}  // namespace latbench::compare
