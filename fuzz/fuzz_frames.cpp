// WebSocket messages from a peer: frames the server decodes (three framings) and answers the
// client reads (JSON, msgpack, a binary header). Both return a Result and never throw, so any
// exception is a finding. Promises checked: a binary or msgpack frame's JPEG is a view into the
// message, and a decoded frame encodes and decodes back to the same JPEG and frame id.
//
// Input: the first byte picks the framing (bits 0-1) and the message kind (bit 2); the rest is
// the message.
#include <string>

#include "fuzz_support.hpp"
#include "frames/answer_rule.hpp"
#include "frames/framing.hpp"

using namespace latbench;
using namespace latbench::frames;

namespace {

FramingSpec spec_for(unsigned pick) {
  switch (pick & 3) {
    case 0: return make_framing_spec(Framing::binary, "!Ifd:frame_id,timestamp,length", "").take();
    case 1: return make_framing_spec(Framing::binary, "@bxH4xq:device,width,frame_id", "").take();
    case 2: return make_framing_spec(Framing::base64_json, "", "").take();
    default: return make_framing_spec(Framing::msgpack, "", "").take();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const FramingSpec specs[] = {spec_for(0), spec_for(1), spec_for(2), spec_for(3)};
  static const AnswerRule rules[] = {
      make_answer_rule("type=segmentation", "field:frame_id", "inference_time,timing").take(),
      make_answer_rule("", "order", "infer").take(),
      make_answer_rule("kind=2", "field:frame_id", "infer_ms", "<BIf:kind,frame_id,infer_ms").take()};
  const unsigned pick = data[0];
  const std::string_view message(reinterpret_cast<const char*>(data) + 1, size - 1);
  const MessageKind kind = (pick & 4) ? MessageKind::text : MessageKind::binary;
  const FramingSpec& spec = specs[pick & 3];

  auto frame = decode_frame(spec, message, kind);
  if (frame) {
    const std::string_view jpeg = frame->jpeg();
    if (spec.framing != Framing::base64_json)
      fuzz::check(jpeg.data() >= message.data() && jpeg.data() + jpeg.size() <= message.data() + message.size(),
                  "a binary or msgpack frame's JPEG is a view into the message");
    FrameFields fields;
    fields.frame_id = frame->frame_id.value_or(0);
    fields.timestamp_ms = frame->timestamp_ms.value_or(0);
    auto again = encode_frame(spec, fields, jpeg);
    // A header field can refuse a value another field carried (a frame_id above 'I'): no promise.
    if (again) {
      auto back = decode_frame(spec, again->bytes, again->kind);
      fuzz::check(back.ok(), "an encoded frame decodes");
      fuzz::check(back->jpeg() == jpeg, "the JPEG survives encode + decode");
      if (spec.framing != Framing::binary || spec.header)
        fuzz::check(back->frame_id.value_or(0) == fields.frame_id, "the frame id survives encode + decode");
    }
  }
  for (const auto& rule : rules) {
    auto answer = read_answer(rule, message, kind);
    if (answer && answer->is_answer && rule.match == MatchBy::field) fuzz::check(answer->id.has_value(), "a matched answer has an id");
  }
  return 0;
}
