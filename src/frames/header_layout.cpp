#include "frames/header_layout.hpp"

#include <fmt/format.h>

namespace latbench::frames {
namespace {

constexpr std::string_view k_codes = "x c b B ? h H i I l L q Q e f d";

// Standard size of a code ('<' '>' '!' '='); 0 for an unknown code.
std::size_t standard_size(char code) {
  switch (code) {
    case 'x': case 'c': case 'b': case 'B': case '?': return 1;
    case 'h': case 'H': case 'e': return 2;
    case 'i': case 'I': case 'l': case 'L': case 'f': return 4;
    case 'q': case 'Q': case 'd': return 8;
    default: return 0;
  }
}

// Native size on this machine ('@'), which is also the field's alignment there.
std::size_t native_size(char code) {
  switch (code) {
    case 'l': return sizeof(long);
    case 'L': return sizeof(unsigned long);
    default: return standard_size(code);
  }
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

Error at(std::size_t pos, const std::string& what) {
  return usage_error(fmt::format("position {}: {}", pos, what));
}

// The names after ':', trimmed; empty names are errors.
Result<std::vector<std::string>> parse_names(std::string_view text, std::size_t base) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    std::string_view name = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    std::size_t lead = 0;
    while (lead < name.size() && is_blank(name[lead])) ++lead;
    name.remove_prefix(lead);
    while (!name.empty() && is_blank(name.back())) name.remove_suffix(1);
    if (name.empty()) return at(base + start, "expected a field name");
    for (std::size_t i = 0; i < name.size(); ++i) {
      const char c = name[i];
      const bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (i > 0 && c >= '0' && c <= '9');
      if (!ok)
        return at(base + start + lead + i,
                  fmt::format("'{}' in field name '{}' (expected letters, digits and _)", c, name));
    }
    for (const auto& seen : names)
      if (seen == name) return at(base + start + lead, fmt::format("field name '{}' given twice", name));
    names.emplace_back(name);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return names;
}

}  // namespace

const HeaderField* HeaderLayout::find(std::string_view name) const {
  for (const auto& f : m_fields)
    if (f.name == name) return &f;
  return nullptr;
}

Result<HeaderLayout> parse_header_layout(std::string_view spec) {
  const std::size_t colon = spec.find(':');
  if (colon == std::string_view::npos)
    return at(spec.size(), "expected ':' and the field names (e.g. \"!Ifd:frame_id,timestamp,length\")");
  const std::string_view format = spec.substr(0, colon);
  std::size_t pos = 0;
  while (pos < format.size() && is_blank(format[pos])) ++pos;
  ByteOrder order = ByteOrder::little;  // x86-64's native order
  bool native = true;
  if (pos < format.size()) {
    switch (format[pos]) {
      case '@': ++pos; break;
      case '=': native = false; ++pos; break;
      case '<': native = false; ++pos; break;
      case '>': case '!': order = ByteOrder::big; native = false; ++pos; break;
      default: break;
    }
  }
  struct Code { char code; std::size_t pos; };
  std::vector<Code> codes;
  std::size_t offset = 0;
  std::vector<std::size_t> offsets;
  while (pos < format.size()) {
    if (is_blank(format[pos])) { ++pos; continue; }
    const std::size_t code_pos = pos;
    std::size_t count = 1;
    bool counted = false;
    if (format[pos] >= '0' && format[pos] <= '9') {
      count = 0;
      while (pos < format.size() && format[pos] >= '0' && format[pos] <= '9') {
        count = count * 10 + static_cast<std::size_t>(format[pos] - '0');
        if (count > 65536) return at(code_pos, "a count above 65536 (a header, not a payload)");
        ++pos;
      }
      counted = true;
      if (pos >= format.size()) return at(pos, "expected a code after the count");
    }
    const char code = format[pos];
    if (standard_size(code) == 0) {
      if (code == '@' || code == '=' || code == '<' || code == '>' || code == '!')
        return at(pos, fmt::format("'{}': the byte order comes first, once", code));
      return at(pos, fmt::format("'{}' is not a supported code (expected one of {})", code, k_codes));
    }
    if (counted && code != 'x')
      return at(code_pos, fmt::format("a count before '{}' (counts are for 'x' padding only; name "
                                      "each field)", code));
    if (code == 'x') {
      offset += count;
    } else {
      const std::size_t size = native ? native_size(code) : standard_size(code);
      if (native) offset = (offset + size - 1) / size * size;
      codes.push_back({code, pos});
      offsets.push_back(offset);
      offset += size;
    }
    ++pos;
  }
  auto names = parse_names(spec.substr(colon + 1), colon + 1);
  if (!names) return names.error();
  if (names->size() != codes.size())
    return at(colon + 1, fmt::format("{} names for {} fields (one name per code, 'x' has none)",
                                     names->size(), codes.size()));
  std::vector<HeaderField> fields;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const char code = codes[i].code;
    fields.push_back({(*names)[i], code, offsets[i], native ? native_size(code) : standard_size(code)});
  }
  return HeaderLayout(std::string(spec), order, std::move(fields), offset);
}

}  // namespace latbench::frames
