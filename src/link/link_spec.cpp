#include "link/link_spec.hpp"
#include "core/text.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace latbench::link {
namespace {

Result<double> parse_number(std::string_view text, std::string_view& rest) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || !std::isfinite(v) || v < 0) return usage_error("not a number");
  rest = std::string_view(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  return v;
}

Result<double> parse_probability(std::string_view text, std::string_view key) {
  std::string_view rest;
  auto v = parse_number(text, rest);
  double p = v ? *v : -1;
  if (v && rest == "%") p /= 100;
  else if (v && !rest.empty()) p = -1;
  if (p < 0 || p > 1)
    return usage_error(fmt::format("--link: {}={}: expected a probability like 0.5% or 0.005", key, text));
  return p;
}

Result<bool> parse_switch(std::string_view text, std::string_view key) {
  if (text == "on" || text == "true" || text == "1") return true;
  if (text == "off" || text == "false" || text == "0") return false;
  return usage_error(fmt::format("--link: {}={}: expected on or off", key, text));
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

Result<LinkSpec> parse_link_spec(std::string_view spec) {
  LinkSpec s;
  s.name = "custom";
  std::string_view rest = trim_blanks(spec);
  if (rest.empty()) return usage_error("--link: empty spec (expected e.g. delay=40ms,jitter=15ms,up=2mbit)");
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto item = trim_blanks(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto eq = item.find('=');
    if (eq == std::string_view::npos)
      return usage_error(fmt::format("--link: '{}' is not key=value (in '{}')", item, spec));
    auto key = trim_blanks(item.substr(0, eq));
    auto value = trim_blanks(item.substr(eq + 1));
    auto what = fmt::format("--link {}", key);
    auto duration = [&](Nanos& out) -> Result<bool> {
      auto d = parse_duration(value, what);
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
      else ok = usage_error(fmt::format("--link: jitter-dist={}: expected uniform or normal", value));
    } else if (key == "up" || key == "down" || key == "rate") {
      auto r = parse_rate(value, what);
      if (!r) return r.error();
      if (key != "down") s.up_bits_per_s = *r;
      if (key != "up") s.down_bits_per_s = *r;
    } else if (key == "burst") {
      std::string_view unit;
      auto b = parse_number(value, unit);
      if (!b || !(unit.empty() || unit == "B") || *b < 1)
        return usage_error(fmt::format("--link: burst={}: expected bytes, e.g. 1500", value));
      s.burst_bytes = static_cast<std::size_t>(*b);
    } else if (key == "handshake") {
      auto b = parse_switch(value, key);
      if (!b) return b.error();
      s.handshake = *b;
    } else if (key == "stall" || key == "reset" || key == "blackhole") {
      auto p = parse_probability(value, key);
      if (!p) return p.error();
      (key == "stall" ? s.stall_probability : key == "reset" ? s.reset_probability
                                                              : s.blackhole_probability) = *p;
    } else if (key == "seed") {
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), s.seed);
      if (ec != std::errc() || ptr != value.data() + value.size())
        return usage_error(fmt::format("--link: seed={}: expected a non-negative integer", value));
    } else {
      return usage_error(fmt::format(
          "--link: unknown key '{}' (expected delay, rtt, jitter, jitter-dist, up, down, rate, "
          "burst, handshake, stall, reset, blackhole, seed)", key));
    }
    if (!ok) return ok.error();
  }
  return s;
}

Result<LinkSpec> resolve_link(std::string_view name_or_spec, const std::string& presets_path) {
  if (name_or_spec.find('=') != std::string_view::npos) return parse_link_spec(name_or_spec);
  YAML::Node root;
  try {
    root = YAML::LoadFile(presets_path);
  } catch (const YAML::BadFile&) {
    return input_error(fmt::format("{}: cannot read link presets (needed for --link {})", presets_path, name_or_spec));
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
    if (name == name_or_spec) {
      if (!entry.second.IsScalar())
        return input_error(fmt::format("{}:{}: preset '{}' must be a spec string", presets_path,
                                       entry.second.Mark().line + 1, name));
      auto spec = parse_link_spec(entry.second.as<std::string>());
      if (!spec)
        return input_error(fmt::format("{}:{}: preset '{}': {}", presets_path,
                                       entry.second.Mark().line + 1, name, spec.error().what()));
      spec->name = name;
      return spec;
    }
    names += names.empty() ? name : ", " + name;
  }
  return usage_error(fmt::format("--link: unknown preset '{}' (presets in {}: {}; or a spec like delay=40ms,up=2mbit)",
                                 name_or_spec, presets_path, names));
}

std::string default_link_presets_path() { return std::string(LATBENCH_SOURCE_DIR) + "/profiles/links.yaml"; }

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
  return out;
}

}  // namespace latbench::link
