#pragma once
// Which incoming WebSocket messages answer a frame, which frame each answers, and the model's
// own timings in it, as our users' backends send them: {"type":"segmentation","frame_id":7,
// "inference_time":28.1,...} or a msgpack map with a "timing" map {"infer":78,"post":31}.
// Text messages are read as JSON, binary ones as msgpack (or through a binary header, when the
// rule has one). Pure functions: no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "frames/framing.hpp"
#include "frames/header_layout.hpp"

namespace latbench::frames {

enum class MatchBy { order, field };

struct AnswerRule {
  // A message is an answer when its top-level `select_field` equals `select_value` (a string
  // equal, a number equal to it read as a number, true/false/null alike); every message is one
  // when select_field is empty.
  std::string select_field, select_value;
  // order: the oldest pending frame (what a browser's pending counter assumes); field: the frame
  // whose id is in `id_field` (a non-negative integer, or a string of digits).
  MatchBy match = MatchBy::order;
  std::string id_field;
  // Each becomes a stage in ms: a number, or an object whose numeric members all become stages
  // (named after the member). Absent or null: no stage.
  std::vector<std::string> timing_fields;
  // Binary answers framed by this header instead of msgpack (its fields are the members).
  std::optional<HeaderLayout> binary_header;
};

// The rule from its parts as a user gives them: `select` "FIELD=VALUE" or "" (every message);
// `match` "order" | "field:NAME"; `timing` "FIELD[,FIELD...]" or ""; `binary_header` a
// header_layout spec or "". Errors (usage) start with the part's key (ws_answer, ws_match,
// ws_timing, ws_answer_header) and say what was expected.
Result<AnswerRule> make_answer_rule(std::string_view select, std::string_view match,
                                    std::string_view timing, std::string_view binary_header = "");

struct Stage {
  std::string name;
  double ms = 0;
  friend bool operator==(const Stage&, const Stage&) = default;
};

struct Answer {
  bool is_answer = false;            // false: counted and ignored (a status message, a log line)
  std::optional<std::uint64_t> id;   // match by field: the frame it answers
  // The answer says the server shed the frame (a top-level "status": "dropped", the notice of
  // latbench serve's full queue and the uploads' convention): answered, but not processed.
  bool dropped = false;
  std::vector<Stage> stages;
};

// What `message` is under `rule`. Errors (input, the transport's "protocol" class) name the byte
// or member at fault: not JSON / not msgpack / not an object, an answer without its id field or
// with one that is not a non-negative integer, a timing that is not a finite non-negative number.
// A message that is not an answer is not checked further; under a rule that needs nothing from
// a message (no select field, order matching, no timings, no header) every message is an answer
// and is not read at all (an echo, a raw binary mask).
Result<Answer> read_answer(const AnswerRule& rule, std::string_view message, MessageKind kind);

}  // namespace latbench::frames
