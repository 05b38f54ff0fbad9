#include "frames/answer_rule.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "frames/message_members.hpp"

namespace latbench::frames {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

constexpr std::string_view k_status_key = "status";

bool selected(const MemberValue& v, std::string_view want) {
  switch (v.kind) {
    case MemberValue::Kind::string: return v.text() == want;
    case MemberValue::Kind::boolean: return want == (v.boolean ? "true" : "false");
    case MemberValue::Kind::null: return want == "null";
    case MemberValue::Kind::integer:
    case MemberValue::Kind::number: {
      double d = 0;
      const auto r = std::from_chars(want.data(), want.data() + want.size(), d);
      return r.ec == std::errc() && r.ptr == want.data() + want.size() && d == v.number;
    }
    default: return false;
  }
}

Result<std::uint64_t> answer_id(const MemberValue* v, const std::string& field) {
  if (v == nullptr) return input_error(fmt::format("answer has no '{}' field to match it by", field));
  if (v->kind == MemberValue::Kind::integer && v->is_unsigned) return v->unsigned_value;
  if (v->kind == MemberValue::Kind::number && v->number >= 0 && v->number < 1.8e19 &&
      v->number == std::floor(v->number))
    return static_cast<std::uint64_t>(v->number);
  if (v->kind == MemberValue::Kind::string) {
    const std::string_view t = v->text();
    std::uint64_t id = 0;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), id);
    if (!t.empty() && r.ec == std::errc() && r.ptr == t.data() + t.size()) return id;
  }
  return input_error(fmt::format("answer field '{}': expected a non-negative integer frame id", field));
}

Result<bool> add_stage(std::vector<Stage>& stages, const std::string& name, double ms) {
  if (!std::isfinite(ms) || ms < 0)
    return input_error(fmt::format("answer timing '{}' = {}: expected a non-negative duration in ms", name, ms));
  stages.push_back({name, ms});
  return true;
}

Result<Answer> evaluate(const AnswerRule& rule, const std::vector<Member>& members) {
  Answer a;
  if (!rule.select_field.empty()) {
    const MemberValue* v = find_member(members, rule.select_field);
    if (v == nullptr || !selected(*v, rule.select_value)) return a;
  }
  a.is_answer = true;
  if (rule.match == MatchBy::field) {
    auto id = answer_id(find_member(members, rule.id_field), rule.id_field);
    if (!id) return id.error();
    a.id = *id;
  }
  for (const auto& name : rule.timing_fields) {
    const MemberValue* v = find_member(members, name);
    if (v == nullptr || v->kind == MemberValue::Kind::null) continue;
    if (v->kind == MemberValue::Kind::integer || v->kind == MemberValue::Kind::number) {
      if (auto r = add_stage(a.stages, name, v->number); !r) return r.error();
    } else if (v->kind == MemberValue::Kind::object) {
      for (const auto& [child, ms] : v->numbers)
        if (auto r = add_stage(a.stages, child, ms); !r) return r.error();
    } else {
      return input_error(fmt::format("answer timing '{}': expected a number or an object of numbers", name));
    }
  }
  return a;
}

// A header's fields as members (numbers), so one evaluate() serves all three syntaxes.
Result<std::vector<Member>> header_members(const HeaderLayout& layout, std::string_view message) {
  auto values = unpack_header(layout, message);
  if (!values) return values.error();
  std::vector<Member> members;
  for (const auto& [name, value] : *values) {
    Member m{name, {}};
    m.value.number = as_double(value);
    if (const auto* u = std::get_if<std::uint64_t>(&value)) {
      m.value.kind = MemberValue::Kind::integer;
      m.value.is_unsigned = true;
      m.value.unsigned_value = *u;
    } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
      m.value.kind = MemberValue::Kind::integer;
      m.value.is_unsigned = *i >= 0;
      m.value.unsigned_value = *i >= 0 ? static_cast<std::uint64_t>(*i) : 0;
    } else {
      m.value.kind = MemberValue::Kind::number;
    }
    members.push_back(std::move(m));
  }
  return members;
}

}  // namespace

Result<AnswerRule> make_answer_rule(std::string_view select, std::string_view match,
                                    std::string_view timing, std::string_view binary_header) {
  AnswerRule rule;
  select = trimmed(select);
  if (!select.empty()) {
    const std::size_t eq = select.find('=');
    if (eq == std::string_view::npos || trimmed(select.substr(0, eq)).empty())
      return usage_error(fmt::format("ws_answer: '{}': expected FIELD=VALUE (e.g. type=segmentation)", select));
    rule.select_field = std::string(trimmed(select.substr(0, eq)));
    rule.select_value = std::string(trimmed(select.substr(eq + 1)));
  }
  match = trimmed(match);
  if (match.empty() || match == "order") {
    rule.match = MatchBy::order;
  } else if (match.substr(0, 6) == "field:" && !trimmed(match.substr(6)).empty()) {
    rule.match = MatchBy::field;
    rule.id_field = std::string(trimmed(match.substr(6)));
  } else {
    return usage_error(fmt::format("ws_match: '{}': expected order or field:NAME (e.g. field:frame_id)", match));
  }
  timing = trimmed(timing);
  while (!timing.empty()) {
    const std::size_t comma = timing.find(',');
    const std::string_view name = trimmed(timing.substr(0, comma));
    if (name.empty()) return usage_error("ws_timing: an empty field name (expected FIELD[,FIELD...])");
    rule.timing_fields.emplace_back(name);
    if (comma == std::string_view::npos) break;
    timing.remove_prefix(comma + 1);
    if (trimmed(timing).empty()) return usage_error("ws_timing: an empty field name after ','");
  }
  if (!trimmed(binary_header).empty()) {
    auto layout = parse_header_layout(trimmed(binary_header));
    if (!layout) return usage_error(fmt::format("ws_answer_header: {}", layout.error().what()));
    rule.binary_header = std::move(layout).take();
  }
  return rule;
}

Result<Answer> read_answer(const AnswerRule& rule, std::string_view message, MessageKind kind) {
  MemberKeys keys;
  if (!rule.select_field.empty()) keys.push_back(rule.select_field);
  if (rule.match == MatchBy::field) keys.push_back(rule.id_field);
  for (const auto& t : rule.timing_fields) keys.push_back(t);
  // A rule that needs nothing from the message (every message, in order, no timings) takes
  // any message: an echo, or a mask sent as raw bytes, is an answer whatever its bytes are.
  const bool needs_members = !keys.empty() || rule.binary_header;
  keys.push_back(k_status_key);  // MemberKeys are views: the constant outlives the read
  Result<std::vector<Member>> members =
      kind == MessageKind::text ? read_json_members(message, keys)
      : rule.binary_header      ? header_members(*rule.binary_header, message)
                                : read_msgpack_members(message, keys);
  if (!members) {
    if (needs_members) return members.error();
    Answer any;
    any.is_answer = true;
    return any;
  }
  auto answer = evaluate(rule, *members);
  if (answer && answer->is_answer) {
    const MemberValue* status = find_member(*members, k_status_key);
    answer->dropped = status != nullptr && status->kind == MemberValue::Kind::string && status->text() == "dropped";
  }
  return answer;
}

}  // namespace latbench::frames
