#include "frames/message_members.hpp"

#include <charconv>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <msgpack.hpp>
#include <simdjson.h>

namespace latbench::frames {
namespace {

namespace od = simdjson::ondemand;

constexpr std::size_t k_max_msgpack_depth = 64;
// Above this, a thread's JSON scratch (about 5x the message) is released after the message.
constexpr std::size_t k_keep_scratch_bytes = 64u << 20;

bool wanted(const MemberKeys& keys, std::string_view key) {
  for (const auto k : keys)
    if (k == key) return true;
  return false;
}

// The reader's per-thread state: simdjson reads up to SIMDJSON_PADDING bytes past the text, so
// the text is copied into a padded buffer (one memcpy; the parse itself costs more).
struct JsonScratch {
  od::parser parser;
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;
};

JsonScratch& json_scratch() {
  thread_local JsonScratch scratch;
  return scratch;
}

Error json_error(std::size_t offset, std::string_view what) {
  return input_error(fmt::format("byte {}: {}", offset, what));
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// A JSON number; false when simdjson cannot read it (then parsed from its text as a double).
void read_json_number(od::value& v, MemberValue& out) {
  od::number n;
  if (v.get_number().get(n) == simdjson::SUCCESS) {
    switch (n.get_number_type()) {
      case od::number_type::signed_integer:
        out.kind = MemberValue::Kind::integer;
        out.number = static_cast<double>(n.get_int64());
        out.is_unsigned = n.get_int64() >= 0;
        out.unsigned_value = out.is_unsigned ? static_cast<std::uint64_t>(n.get_int64()) : 0;
        return;
      case od::number_type::unsigned_integer:
        out.kind = MemberValue::Kind::integer;
        out.number = static_cast<double>(n.get_uint64());
        out.is_unsigned = true;
        out.unsigned_value = n.get_uint64();
        return;
      case od::number_type::floating_point_number:
        out.kind = MemberValue::Kind::number;
        out.number = n.get_double();
        return;
    }
  }
  // An integer beyond 64 bits: a number all the same (correctly rounded), as json.loads reads it.
  double d = 0;
  {
    const std::string_view raw = trim_right(v.raw_json_token());
    const auto r = std::from_chars(raw.data(), raw.data() + raw.size(), d);
    if (r.ec == std::errc() && r.ptr == raw.data() + raw.size()) {
      out.kind = MemberValue::Kind::number;
      out.number = d;
      return;
    }
  }
  out.kind = MemberValue::Kind::other;
}

simdjson::error_code read_json_string(od::value& v, MemberValue& out) {
  const std::string_view raw = trim_right(v.raw_json_token());
  out.kind = MemberValue::Kind::string;
  // No escapes (base64 never has any): the text between the quotes, viewed in place.
  if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"' &&
      raw.substr(1, raw.size() - 2).find('\\') == std::string_view::npos) {
    out.set_view(raw.substr(1, raw.size() - 2));
    return simdjson::SUCCESS;
  }
  std::string_view unescaped;
  if (auto e = v.get_string().get(unescaped)) return e;
  out.set_owned(std::string(unescaped));
  return simdjson::SUCCESS;
}

simdjson::error_code read_json_value(od::value v, MemberValue& out, bool with_children) {
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  switch (type) {
    case od::json_type::null: out.kind = MemberValue::Kind::null; return simdjson::SUCCESS;
    case od::json_type::boolean:
      out.kind = MemberValue::Kind::boolean;
      return v.get_bool().get(out.boolean);
    case od::json_type::number: read_json_number(v, out); return simdjson::SUCCESS;
    case od::json_type::string: return read_json_string(v, out);
    case od::json_type::array: out.kind = MemberValue::Kind::other; return simdjson::SUCCESS;
    case od::json_type::object: {
      out.kind = MemberValue::Kind::object;
      if (!with_children) return simdjson::SUCCESS;
      od::object obj;
      if (auto e = v.get_object().get(obj)) return e;
      for (auto field_result : obj) {
        od::field field;
        if (auto e = std::move(field_result).get(field)) return e;
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return e;
        MemberValue child;
        std::string name(key);
        if (auto e = read_json_value(field.value(), child, false)) return e;
        if (child.kind == MemberValue::Kind::integer || child.kind == MemberValue::Kind::number)
          out.numbers.emplace_back(std::move(name), child.number);
      }
      return simdjson::SUCCESS;
    }
  }
  return simdjson::SUCCESS;
}

// msgpack: a visitor over the parser's events (no object tree is built, so a declared length of
// 4 billion elements allocates nothing); it records the wanted members of the top-level map.
class MembersVisitor : public msgpack::null_visitor {
 public:
  explicit MembersVisitor(const MemberKeys& keys) : m_keys(keys) {}

  std::vector<Member> members;
  std::string failure;  // set when the visitor stopped the parse

  bool visit_nil() { return scalar([](MemberValue& v) { v.kind = MemberValue::Kind::null; }); }
  bool visit_boolean(bool b) {
    return scalar([b](MemberValue& v) { v.kind = MemberValue::Kind::boolean; v.boolean = b; });
  }
  bool visit_positive_integer(std::uint64_t u) {
    return scalar([u](MemberValue& v) {
      v.kind = MemberValue::Kind::integer;
      v.number = static_cast<double>(u);
      v.is_unsigned = true;
      v.unsigned_value = u;
    });
  }
  bool visit_negative_integer(std::int64_t i) {
    return scalar([i](MemberValue& v) { v.kind = MemberValue::Kind::integer; v.number = static_cast<double>(i); });
  }
  bool visit_float32(float f) { return visit_float64(f); }
  bool visit_float64(double d) {
    return scalar([d](MemberValue& v) { v.kind = MemberValue::Kind::number; v.number = d; });
  }
  bool visit_str(const char* p, std::uint32_t n) {
    if (key_position()) {
      m_key.assign(p, n);
      m_key_is_text = true;
      return true;
    }
    return scalar([p, n](MemberValue& v) { v.kind = MemberValue::Kind::string; v.set_view({p, n}); });
  }
  bool visit_bin(const char* p, std::uint32_t n) {
    if (key_position()) { m_key_is_text = false; return true; }
    return scalar([p, n](MemberValue& v) { v.kind = MemberValue::Kind::binary; v.set_view({p, n}); });
  }
  bool visit_ext(const char*, std::uint32_t) {
    if (key_position()) { m_key_is_text = false; return true; }
    return scalar([](MemberValue& v) { v.kind = MemberValue::Kind::other; });
  }
  bool start_array(std::uint32_t) {
    if (m_depth == 0) return stop("expected a msgpack map, found an array");
    const bool top_value = m_depth == 1 && !key_position() && m_top_value_wanted;
    if (!enter()) return false;
    if (top_value) record(MemberValue{});  // an array: kind other
    return true;
  }
  bool end_array() { --m_depth; m_stack.pop_back(); return true; }
  bool start_map(std::uint32_t) {
    const bool top_value = m_depth == 1 && !key_position() && m_top_value_wanted;
    if (!enter()) return false;
    if (top_value) {
      MemberValue v;
      v.kind = MemberValue::Kind::object;
      record(std::move(v));
      m_collecting = true;
    }
    return true;
  }
  bool end_map() {
    if (m_depth == 2) m_collecting = false;
    --m_depth;
    m_stack.pop_back();
    return true;
  }
  bool start_map_key() {
    m_stack.back() = State::key;
    m_key_is_text = false;
    m_key.clear();
    if (m_depth == 1) m_top_value_wanted = false;
    return true;
  }
  bool end_map_key() { return true; }
  bool start_map_value() {
    m_stack.back() = State::value;
    if (m_depth == 1) {
      m_top_value_wanted = m_key_is_text && wanted(m_keys, m_key);
      if (m_top_value_wanted) m_top_key = m_key;
    }
    if (m_depth == 2) m_child_key = m_key_is_text ? m_key : std::string();
    return true;
  }
  bool end_map_value() { return true; }
  void parse_error(std::size_t, std::size_t error_offset) {
    failure = fmt::format("byte {}: invalid msgpack", error_offset);
  }
  void insufficient_bytes(std::size_t, std::size_t error_offset) {
    failure = fmt::format("msgpack cut short: the value at byte {} is incomplete", error_offset);
  }

 private:
  enum class State { item, key, value };
  bool key_position() const { return !m_stack.empty() && m_stack.back() == State::key; }
  bool stop(std::string why) {
    failure = std::move(why);
    return false;
  }
  bool enter() {
    if (++m_depth > k_max_msgpack_depth) return stop(fmt::format("msgpack nested deeper than {}", k_max_msgpack_depth));
    m_stack.push_back(State::item);
    return true;
  }
  template <class Fill>
  bool scalar(Fill fill) {
    if (m_depth == 0) return stop("expected a msgpack map, found a scalar");
    if (key_position()) {  // a key that is not a string: its member is never wanted
      m_key_is_text = false;
      return true;
    }
    if (m_depth == 1 && m_top_value_wanted) {
      MemberValue v;
      fill(v);
      record(std::move(v));
    } else if (m_depth == 2 && m_collecting && !m_child_key.empty()) {
      MemberValue v;
      fill(v);
      if (v.kind == MemberValue::Kind::integer || v.kind == MemberValue::Kind::number)
        members.back().value.numbers.emplace_back(m_child_key, v.number);
    }
    return true;
  }
  // The top-level key is kept apart from m_key, which nested maps overwrite.
  void record(MemberValue v) { members.push_back({m_top_key, std::move(v)}); }

  const MemberKeys& m_keys;
  std::vector<State> m_stack;
  std::size_t m_depth = 0;
  std::string m_key, m_child_key, m_top_key;
  bool m_key_is_text = false;
  bool m_top_value_wanted = false;
  bool m_collecting = false;
};

}  // namespace

const MemberValue* find_member(const std::vector<Member>& members, std::string_view key) {
  const MemberValue* found = nullptr;
  for (const auto& m : members)
    if (m.key == key) found = &m.value;
  return found;
}

Result<std::vector<Member>> read_json_members(std::string_view message, const MemberKeys& keys) {
  JsonScratch& s = json_scratch();
  const std::size_t need = message.size() + simdjson::SIMDJSON_PADDING;
  if (s.capacity < need) {
    s.buffer = std::make_unique<char[]>(need);
    s.capacity = need;
  }
  std::memcpy(s.buffer.get(), message.data(), message.size());
  std::memset(s.buffer.get() + message.size(), 0, simdjson::SIMDJSON_PADDING);
  const char* base = s.buffer.get();
  std::vector<Member> members;
  std::optional<Error> failure;
  {
    od::document doc;
    auto located = [&](simdjson::error_code e) {
      const char* where = nullptr;
      std::size_t offset = message.size();
      if (doc.current_location().get(where) == simdjson::SUCCESS && where >= base && where <= base + message.size())
        offset = static_cast<std::size_t>(where - base);
      return json_error(offset, fmt::format("invalid JSON ({})", simdjson::error_message(e)));
    };
    auto run = [&]() -> std::optional<Error> {
      if (auto e = s.parser.iterate(base, message.size(), s.capacity).get(doc))
        return json_error(0, fmt::format("invalid JSON ({})", simdjson::error_message(e)));
      od::object obj;
      if (doc.get_object().get(obj) != simdjson::SUCCESS) return json_error(0, "expected a JSON object");
      for (auto field_result : obj) {
        od::field field;
        if (auto e = std::move(field_result).get(field)) return located(e);
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return located(e);
        if (!wanted(keys, key)) continue;
        Member m{std::string(key), {}};
        if (auto e = read_json_value(field.value(), m.value, true)) return located(e);
        members.push_back(std::move(m));
      }
      // Past the object's end there must be nothing but blanks (simdjson's On-Demand does not
      // check by itself): its location is out of bounds only at the end.
      const char* rest = nullptr;
      if (doc.current_location().get(rest) == simdjson::SUCCESS) return located(simdjson::TRAILING_CONTENT);
      return std::nullopt;
    };
    failure = run();
  }
  // Views into the scratch buffer would not outlive the next message: re-point them at `message`.
  for (auto& m : members) {
    const std::string_view t = m.value.text();
    if (!t.empty() && t.data() >= base && t.data() < base + message.size())
      m.value.set_view(message.substr(static_cast<std::size_t>(t.data() - base), t.size()));
  }
  if (s.capacity > k_keep_scratch_bytes) {
    s.parser = od::parser();
    s.buffer.reset();
    s.capacity = 0;
  }
  if (failure) return *failure;
  return members;
}

Result<std::vector<Member>> read_msgpack_members(std::string_view message, const MemberKeys& keys) {
  MembersVisitor visitor(keys);
  std::size_t offset = 0;
  bool ok = false;
  try {
    ok = msgpack::parse(message.data(), message.size(), offset, visitor);
  } catch (const std::exception& e) {
    return input_error(fmt::format("byte {}: invalid msgpack ({})", offset, e.what()));
  }
  if (!ok) return input_error(visitor.failure.empty() ? fmt::format("byte {}: invalid msgpack", offset) : visitor.failure);
  if (offset != message.size())
    return input_error(fmt::format("byte {}: {} bytes after the msgpack map", offset, message.size() - offset));
  return std::move(visitor.members);
}

}  // namespace latbench::frames
