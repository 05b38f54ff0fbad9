#pragma once
// The members of a message's top-level JSON object or msgpack map that a reader asks for by key,
// shared by decode_frame and read_answer. Values are views into the message (a 310 KB msgpack bin
// or a 100 MB base64 string is not copied); other members are skipped unread. A member that is
// an object (a "timing" map) comes with its numeric members.
// Bounded: nesting deeper than 64 is refused, and no size a message declares is allocated.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace latbench::frames {

struct MemberValue {
  enum class Kind { null, boolean, integer, number, string, binary, object, other };
  Kind kind = Kind::other;
  bool boolean = false;
  double number = 0;                // integer and number kinds
  bool is_unsigned = false;         // integer >= 0, exactly in `unsigned_value`
  std::uint64_t unsigned_value = 0;
  std::vector<std::pair<std::string, double>> numbers;  // object kind: its numeric members

  // string and binary kinds: the bytes (a JSON string unescaped).
  std::string_view text() const { return m_owns ? std::string_view(m_owned) : m_view; }
  void set_view(std::string_view v) { m_view = v; m_owns = false; }
  void set_owned(std::string s) { m_owned = std::move(s); m_owns = true; }

 private:
  std::string_view m_view;
  std::string m_owned;
  bool m_owns = false;
};

struct Member {
  std::string key;
  MemberValue value;
};

using MemberKeys = std::vector<std::string_view>;

// The asked-for members in message order (a key given twice appears twice; readers take the
// last, as json.loads does). Errors (input) name the byte offset and what was expected: "byte 0:
// expected a JSON object", "byte 17: invalid JSON (...)", "msgpack cut short: the value at byte 5 is incomplete".
// Views stay valid while `message` does; JSON is read through a per-thread parser whose scratch
// is about 5x the largest message read (released after one above 64 MB).
Result<std::vector<Member>> read_json_members(std::string_view message, const MemberKeys& keys);
Result<std::vector<Member>> read_msgpack_members(std::string_view message, const MemberKeys& keys);

// The last member called `key`, or nullptr.
const MemberValue* find_member(const std::vector<Member>& members, std::string_view key);

}  // namespace latbench::frames
