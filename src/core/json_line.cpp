#include "core/json_line.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace latbench {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// nlohmann reads an integer too big for 64 bits as a double; simdjson calls it a number error.
// Writes `text` with each such integer followed by ".0" (the same value, now a double for
// simdjson too) into `out`; false when there is none (the error is elsewhere). Strings are
// skipped; anything malformed is left as it is for the parser to reject.
bool widen_big_integers(std::string_view text, std::string& out) {
  out.clear();
  bool widened = false;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
      ++i;
      continue;
    }
    if (c != '-' && !is_digit(c)) { ++i; continue; }
    std::size_t end = i + (c == '-');
    while (end < text.size() && is_digit(text[end])) ++end;
    const bool integer = end == text.size() || (text[end] != '.' && text[end] != 'e' && text[end] != 'E');
    const std::string_view token = text.substr(i, end - i);
    if (integer && token.size() > 1) {
      std::uint64_t u = 0;
      std::int64_t s = 0;
      const auto r = c == '-' ? std::from_chars(token.data(), token.data() + token.size(), s).ec
                              : std::from_chars(token.data(), token.data() + token.size(), u).ec;
      if (r == std::errc::result_out_of_range) {
        out.append(text.substr(copied, end - copied)).append(".0");
        copied = end;
        widened = true;
      }
    }
    // Past the number's digits, fraction and exponent (an exponent's own digits are no token).
    while (end < text.size() && (is_digit(text[end]) || text[end] == '.' || text[end] == 'e' ||
                                 text[end] == 'E' || text[end] == '+' || text[end] == '-'))
      ++end;
    i = end;
  }
  if (widened) out.append(text.substr(copied));
  return widened;
}

}  // namespace

simdjson::error_code JsonLineParser::parse(std::string_view text, simdjson::dom::element& out) {
  if (text.size() + simdjson::SIMDJSON_PADDING > m_capacity) {
    m_capacity = std::max<std::size_t>(text.size() + simdjson::SIMDJSON_PADDING, 2 * m_capacity);
    m_buffer = std::make_unique<char[]>(m_capacity);
  }
  std::memcpy(m_buffer.get(), text.data(), text.size());
  std::memset(m_buffer.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  return m_parser.parse(m_buffer.get(), text.size(), false).get(out);
}

std::optional<simdjson::dom::element> JsonLineParser::parse_element(std::string_view line) {
  if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // nlohmann skips a BOM
  simdjson::dom::element root;
  std::string_view text = line;
  auto error = parse(text, root);
  // What nlohmann accepted and simdjson does not, put right (each once, both on one line too).
  for (int fixes = 0; error && fixes < 2; ++fixes) {
    if (error == simdjson::DEPTH_ERROR && m_parser.max_depth() < text.size() / 2 + 2) {
      // n nested arrays take 2n bytes: room for any nesting this line can hold.
      if (m_parser.allocate(std::max(text.size(), m_parser.capacity()), text.size() / 2 + 2)) return std::nullopt;
    } else if (error == simdjson::NUMBER_ERROR && text.data() != m_widened.data() && widen_big_integers(text, m_widened)) {
      text = m_widened;
    } else {
      break;
    }
    error = parse(text, root);
  }
  if (error) return std::nullopt;
  return root;
}

std::optional<simdjson::dom::object> JsonLineParser::parse_object(std::string_view line) {
  const auto root = parse_element(line);
  simdjson::dom::object object;
  if (!root || root->get(object)) return std::nullopt;
  return object;
}

std::optional<simdjson::dom::element> last_member(simdjson::dom::object object, std::string_view key) {
  std::optional<simdjson::dom::element> found;
  for (const auto member : object)
    if (member.key == key) found = member.value;
  return found;
}

void sort_by_key(std::vector<simdjson::dom::key_value_pair>& members) {
  // Stable: of equal keys the last stays last, and is the one kept.
  std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  auto kept = members.begin();
  for (auto it = members.begin(); it != members.end(); ++it) {
    if (std::next(it) != members.end() && std::next(it)->key == it->key) continue;
    *kept++ = *it;
  }
  members.erase(kept, members.end());
}

void sorted_members(simdjson::dom::object object, std::vector<simdjson::dom::key_value_pair>& out) {
  out.clear();
  for (const auto member : object) out.push_back(member);
  sort_by_key(out);
}

std::optional<double> json_number(simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::INT64: return static_cast<double>(value.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64: return static_cast<double>(value.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE: return value.get_double().value_unsafe();
    default: return std::nullopt;
  }
}

std::optional<std::string> json_integer_text(simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::INT64: return std::to_string(value.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64: return std::to_string(value.get_uint64().value_unsafe());
    default: return std::nullopt;
  }
}

}  // namespace latbench
