#include "samples/line.hpp"

namespace latbench::samples {

LineShape SampleLineParser::parse(std::string_view line, SampleLine& out) {
  const auto root = m_json.parse_element(line);
  if (!root) return LineShape::malformed;
  simdjson::dom::object object;
  if (root->get(object)) return LineShape::not_object;
  out.members.fill(std::nullopt);
  // One pass over the members: each is compared with the keys until one matches, a later member
  // of the same key replacing an earlier one (nlohmann's reading of duplicates).
  for (const auto member : object)
    for (std::size_t i = 0; i < k_key_count; ++i)
      if (member.key == k_key_names[i]) {
        out.members[i] = member.value;
        break;
      }
  return LineShape::object;
}

}  // namespace latbench::samples
