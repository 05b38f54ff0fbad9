#include "link/link_spec.hpp"
#include "core/size.hpp"
#include "core/text.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <random>

namespace latbench::link {
namespace {

Result<double> parse_number(std::string_view text, std::string_view& rest) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || !std::isfinite(v) || v < 0) return usage_error("not a number");
  rest = std::string_view(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  return v;
}

Result<double> parse_probability(std::string_view text, std::string_view key, std::string_view what) {
  std::string_view rest;
  auto v = parse_number(text, rest);
  double p = v ? *v : -1;
  if (v && rest == "%") p /= 100;
  else if (v && !rest.empty()) p = -1;
  if (p < 0 || p > 1)
    return usage_error(fmt::format("{}: {}={}: expected a probability like 0.5% or 0.005", what, key, text));
  return p;
}

Result<bool> parse_switch(std::string_view text, std::string_view key, std::string_view what) {
  if (text == "on" || text == "true" || text == "1") return true;
  if (text == "off" || text == "false" || text == "0") return false;
  return usage_error(fmt::format("{}: {}={}: expected on or off", what, key, text));
}

std::string rate_text(double bps) {
  if (bps >= 1e9 && std::fmod(bps, 1e9) == 0) return fmt::format("{}gbit", bps / 1e9);
  if (bps >= 1e6) return fmt::format("{}mbit", bps / 1e6);
  if (bps >= 1e3) return fmt::format("{}kbit", bps / 1e3);
  return fmt::format("{}bit", bps);
}

}  // namespace

Result<double> parse_rate(std::string_view text, std::string_view what) {
  std::string_view unit;
  auto v = parse_number(text, unit);
  auto fail = [&] {
    return usage_error(fmt::format("{}: invalid rate '{}' (expected e.g. 2mbit, 500kbit, 1MB/s)", what, text));
  };
  if (!v) return fail();
  if (unit.size() > 2 && unit.substr(unit.size() - 2) == "/s") unit.remove_suffix(2);
  double scale = 0;
  if (unit == "bit" || unit == "bps") scale = 1;
  else if (unit == "kbit" || unit == "kbps") scale = 1e3;
  else if (unit == "mbit" || unit == "mbps" || unit == "Mbit" || unit == "Mbps") scale = 1e6;
  else if (unit == "gbit" || unit == "gbps" || unit == "Gbit" || unit == "Gbps") scale = 1e9;
  else if (unit == "B") scale = 8;
  else if (unit == "kB" || unit == "KB") scale = 8e3;
  else if (unit == "MB") scale = 8e6;
  else if (unit == "GB") scale = 8e9;
  if (scale == 0 || *v == 0) return fail();
  return *v * scale;
}

double LinkSpec::chunk_stall_probability(std::size_t bytes) const {
  if (stall_probability <= 0) return 0;
  const double segments = std::ceil(static_cast<double>(std::max<std::size_t>(bytes, 1)) / static_cast<double>(k_segment_bytes));
  return -std::expm1(segments * std::log1p(-stall_probability));  // 1 - (1 - p)^segments, exact for small p
}

namespace {

// Applies the `key=value` items of `items` to `s`, in order (a later key wins). `whole` is the
// text the user wrote, quoted in errors.
Result<bool> apply_items(LinkSpec& s, std::string_view items, std::string_view whole, std::string_view what) {
  std::string_view rest = items;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto item = trim_blanks(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.empty()) continue;  // "wifi," or "delay=1ms,,up=2mbit"
    auto eq = item.find('=');
    if (eq == std::string_view::npos)
      return usage_error(fmt::format("{}: '{}' is not key=value (in '{}'; a preset name goes first)", what, item, whole));
    auto key = trim_blanks(item.substr(0, eq));
    auto value = trim_blanks(item.substr(eq + 1));
    auto key_what = fmt::format("{} {}", what, key);
    auto duration = [&](Nanos& out) -> Result<bool> {
      auto d = parse_duration(value, key_what);
      if (!d) return d.error();
      out = *d;
      return true;
    };
    Result<bool> ok = true;
    if (key == "delay") ok = duration(s.delay);
    else if (key == "rtt") {
      ok = duration(s.delay);
      s.delay /= 2;
    } else if (key == "jitter") ok = duration(s.jitter);
    else if (key == "jitter-dist") {
      if (value == "uniform") s.jitter_shape = JitterShape::uniform;
      else if (value == "normal") s.jitter_shape = JitterShape::normal;
      else ok = usage_error(fmt::format("{}: jitter-dist={}: expected uniform or normal", what, value));
    } else if (key == "up" || key == "down" || key == "rate") {
      auto r = parse_rate(value, key_what);
      if (!r) return r.error();
      if (key != "down") s.up_bits_per_s = *r;
      if (key != "up") s.down_bits_per_s = *r;
    } else if (key == "burst") {
      auto b = parse_size(value, key_what);
      if (!b || *b < 1) return usage_error(fmt::format("{}: burst={}: expected bytes, e.g. 1500", what, value));
      s.burst_bytes = *b;
    } else if (key == "handshake") {
      auto b = parse_switch(value, key, what);
      if (!b) return b.error();
      s.handshake = *b;
    } else if (key == "stall" || key == "reset" || key == "blackhole") {
      auto p = parse_probability(value, key, what);
      if (!p) return p.error();
      (key == "stall" ? s.stall_probability : key == "reset" ? s.reset_probability
                                                              : s.blackhole_probability) = *p;
    } else if (key == "seed") {
      std::uint64_t seed = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seed);
      if (ec != std::errc() || ptr != value.data() + value.size() || value.empty())
        return usage_error(fmt::format("{}: seed={}: expected a non-negative integer", what, value));
      s.seed = seed;
    } else {
      return usage_error(fmt::format(
          "{}: unknown key '{}' (expected delay, rtt, jitter, jitter-dist, up, down, rate, "
          "burst, handshake, stall, reset, blackhole, seed)", what, key));
    }
    if (!ok) return ok.error();
  }
  return true;
}

}  // namespace

Result<LinkSpec> parse_link_spec(std::string_view spec, std::string_view what) {
  LinkSpec s;
  s.name = "custom";
  std::string_view text = trim_blanks(spec);
  if (text.empty()) return usage_error(fmt::format("{}: empty spec (expected e.g. delay=40ms,jitter=15ms,up=2mbit)", what));
  auto ok = apply_items(s, text, spec, what);
  if (!ok) return ok.error();
  return s;
}

Result<LinkSpec> resolve_link(std::string_view name_or_spec, const std::string& presets_path, std::string_view what) {
  std::string_view text = trim_blanks(name_or_spec);
  auto comma = text.find(',');
  std::string_view first = trim_blanks(text.substr(0, comma));
  if (first.empty() || first.find('=') != std::string_view::npos) return parse_link_spec(name_or_spec, what);
  // A preset name, then overrides.
  std::string_view overrides = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  YAML::Node root;
  try {
    root = YAML::LoadFile(presets_path);
  } catch (const YAML::BadFile&) {
    return input_error(fmt::format("{}: cannot read link presets (needed for {} {})", presets_path, what, first));
  } catch (const YAML::Exception& e) {
    return input_error(fmt::format("{}:{}: {}", presets_path, e.mark.line + 1, e.msg));
  }
  // A scalar or sequence root has no "links" key: indexing it would throw yaml-cpp's BadSubscript.
  auto links = root.IsMap() ? root["links"] : YAML::Node();
  if (!links || !links.IsMap())
    return input_error(fmt::format("{}: expected a top-level map 'links: {{name: spec}}'", presets_path));
  std::string names;
  for (const auto& entry : links) {
    if (!entry.first.IsScalar())
      return input_error(fmt::format("{}:{}: a preset's name must be a string", presets_path, entry.first.Mark().line + 1));
    auto name = entry.first.as<std::string>();
    if (name == first) {
      if (!entry.second.IsScalar())
        return input_error(fmt::format("{}:{}: preset '{}' must be a spec string", presets_path,
                                       entry.second.Mark().line + 1, name));
      auto spec = parse_link_spec(entry.second.as<std::string>(), "link");
      if (!spec)
        return input_error(fmt::format("{}:{}: preset '{}': {}", presets_path,
                                       entry.second.Mark().line + 1, name, spec.error().what()));
      spec->name = name;
      auto ok = apply_items(*spec, overrides, name_or_spec, what);
      if (!ok) return ok.error();
      return spec;
    }
    names += names.empty() ? name : ", " + name;
  }
  return usage_error(fmt::format("{}: unknown preset '{}' (presets in {}: {}; or a spec like delay=40ms,up=2mbit)",
                                 what, first, presets_path, names));
}

std::uint64_t fresh_link_seed() {
  std::random_device device;
  std::uint64_t seed = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  seed ^= static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  // SplitMix64's finaliser: the clock's low bits spread over the whole word.
  seed = (seed ^ (seed >> 30)) * 0xBF58476D1CE4E5B9ULL;
  seed = (seed ^ (seed >> 27)) * 0x94D049BB133111EBULL;
  return seed ^ (seed >> 31);
}

std::string with_seed(std::string_view name_or_spec, std::uint64_t seed) {
  std::string text(trim_blanks(name_or_spec));
  while (!text.empty() && (text.back() == ',' || text.back() == ' ')) text.pop_back();
  // A later key wins, so appending replaces a seed already given; drop the old one anyway so
  // the text stays readable.
  std::string out;
  std::string_view rest = text;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto item = trim_blanks(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.substr(0, 5) == "seed=" || item.empty()) continue;
    out += out.empty() ? std::string(item) : "," + std::string(item);
  }
  return out + (out.empty() ? "" : ",") + fmt::format("seed={}", seed);
}

// fmt, not std::string + "...": g++ 12 -O2 warned (-Warray-bounds, a false positive) on the
// concatenation for some lengths of the checkout's path.
std::string default_link_presets_path() { return fmt::format("{}/profiles/links.yaml", LATBENCH_SOURCE_DIR); }

std::string to_string(const LinkSpec& s) {
  std::string out = fmt::format("delay={}", format_duration(s.delay));
  if (s.jitter.count() > 0)
    out += fmt::format(",jitter={}{}", format_duration(s.jitter),
                       s.jitter_shape == JitterShape::normal ? ",jitter-dist=normal" : "");
  if (s.up_bits_per_s > 0) out += ",up=" + rate_text(s.up_bits_per_s);
  if (s.down_bits_per_s > 0) out += ",down=" + rate_text(s.down_bits_per_s);
  if (!s.handshake) out += ",handshake=off";
  if (s.stall_probability > 0) out += fmt::format(",stall={}%", s.stall_probability * 100);
  if (s.reset_probability > 0) out += fmt::format(",reset={}%", s.reset_probability * 100);
  if (s.blackhole_probability > 0) out += fmt::format(",blackhole={}%", s.blackhole_probability * 100);
  if (s.burst_bytes != LinkSpec{}.burst_bytes) out += fmt::format(",burst={}", s.burst_bytes);
  if (s.seed) out += fmt::format(",seed={}", *s.seed);
  return out;
}

}  // namespace latbench::link
