#pragma once
// A fixed binary header in Python's struct notation with field names, the way users write it for
// struct.pack: "!Ifd:frame_id,timestamp,length". The part before ':' is a struct format (one byte
// order character @ = < > !, then codes x c b B ? h H i I l L q Q e f d; a count only before 'x',
// "4x" = four pad bytes); after ':' one name per non-pad code, comma-separated.
// Sizes and alignment are Python's: '@' (the default) uses this machine's native sizes (l, L = 8
// on x86-64 Linux) and aligns each field to its size, as C does; '=' '<' '>' '!' use the standard
// sizes (l, L = 4) and no alignment; no padding is added after the last field.
// Well-known field names (framing.hpp gives them meaning): frame_id, timestamp (seconds),
// timestamp_ms, length (the payload's bytes after the header), device.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace latbench::frames {

enum class ByteOrder { little, big };

struct HeaderField {
  std::string name;
  char code = 'B';         // the struct code: c b B ? h H i I l L q Q e f d
  std::size_t offset = 0;  // bytes from the header's start
  std::size_t size = 0;
};

class HeaderLayout {
 public:
  HeaderLayout(std::string spec, ByteOrder order, std::vector<HeaderField> fields, std::size_t size)
      : m_spec(std::move(spec)), m_order(order), m_fields(std::move(fields)), m_size(size) {}
  const std::string& spec() const { return m_spec; }  // as given
  ByteOrder order() const { return m_order; }
  const std::vector<HeaderField>& fields() const { return m_fields; }  // named fields, in order
  std::size_t size() const { return m_size; }  // bytes, pads included (struct.calcsize)
  // The named field, or nullptr.
  const HeaderField* find(std::string_view name) const;

 private:
  std::string m_spec;
  ByteOrder m_order;
  std::vector<HeaderField> m_fields;
  std::size_t m_size;
};

// The layout of `spec`. Errors (usage) name the position in the spec (0-based) and what was
// expected there, e.g. "position 2: 's' is not a supported code (expected one of x c b B ? h H
// i I l L q Q e f d)", or the names' count against the codes'.
Result<HeaderLayout> parse_header_layout(std::string_view spec);

// A field's value: signed codes (b h i l q) as int64, unsigned ones (B H I L Q, c as its byte,
// ? as 0/1) as uint64, floating ones (e f d) as double.
using FieldValue = std::variant<std::int64_t, std::uint64_t, double>;
using FieldValues = std::vector<std::pair<std::string, FieldValue>>;

double as_double(const FieldValue& value);

// The header's bytes with each named field taken from `values` (by name; a value of another type
// is converted: a fraction packed into an integer code is rounded down). Errors (usage) name the
// field: one missing from `values`, or a value the code cannot hold ("frame_id = 70000 does not
// fit 'H' (0..65535)"), as struct.pack refuses it.
Result<std::string> pack_header(const HeaderLayout& layout, const FieldValues& values);
// Appends the header to `out` (same contract, `out` unchanged on failure).
Result<std::size_t> pack_header_append(std::string& out, const HeaderLayout& layout,
                                       const FieldValues& values);

// The named fields read from the first layout.size() bytes of `bytes`. Errors (input) when
// `bytes` is shorter than the header.
Result<FieldValues> unpack_header(const HeaderLayout& layout, std::string_view bytes);

}  // namespace latbench::frames
