#include "logs/access_log.hpp"

#include <cctype>

#include <fmt/format.h>

#include "core/key_error.hpp"
#include "logs/scan.hpp"

namespace latbench::logs {
namespace {

AccessField nginx_field(std::string name) {
  AccessField f;
  f.name = name;
  if (name == "request_time" || name == "upstream_response_time" || name == "upstream_connect_time" ||
      name == "upstream_header_time") {
    f.kind = AccessField::Kind::duration;
    f.to_ms = 1000;
    f.decimal_seconds = true;
  } else if (name == "request") {
    f.kind = AccessField::Kind::request;
  } else if (name == "status") {
    f.kind = AccessField::Kind::status;
  } else if (name == "msec") {
    f.kind = AccessField::Kind::epoch_seconds;
  }
  return f;
}

AccessField apache_field(std::string_view directive, std::string_view arg) {
  AccessField f;
  f.name = fmt::format("%{}{}", arg.empty() ? "" : fmt::format("{{{}}}", arg), directive);
  if (directive == "D") {
    f = {"time_taken", AccessField::Kind::duration, 1e-3, false};
  } else if (directive == "T") {
    const double ms = arg.empty() ? 1000 : unit_to_ms(arg);
    if (ms > 0) f = {"time_taken", AccessField::Kind::duration, ms, false};
  } else if (directive == "r") {
    f.kind = AccessField::Kind::request;
  } else if (directive == "s") {
    f.kind = AccessField::Kind::status;
  }
  return f;
}

// Sum of "0.010, 0.020" / "0.010 : 0.020" (several upstreams tried); NumberStatus::none for "-".
NumberStatus upstream_sum(std::string_view text, double& sum) {
  sum = 0;
  bool any = false;
  while (!text.empty()) {
    auto sep = text.find_first_of(",:");
    std::string_view piece = trim_spaces(text.substr(0, sep));
    double v = 0;
    auto s = parse_number(piece, v);
    if (s == NumberStatus::out_of_range) return s;
    if (s == NumberStatus::ok) { sum += v; any = true; }
    else if (piece != "-") return NumberStatus::none;
    if (sep == std::string_view::npos) break;
    text.remove_prefix(sep + 1);
  }
  return any ? NumberStatus::ok : NumberStatus::none;
}

}  // namespace

Result<AccessTemplate> AccessTemplate::compile(AccessDialect dialect, std::string_view format) {
  AccessTemplate t;
  t.m_source = std::string(format);
  std::string literal;
  auto add_field = [&](AccessField f) -> bool {
    if (!t.m_fields.empty() && literal.empty()) return false;  // two fields with nothing between
    t.m_literals.push_back(literal);
    literal.clear();
    t.m_fields.push_back(std::move(f));
    return true;
  };
  for (std::size_t i = 0; i < format.size();) {
    const char c = format[i];
    if (c == '\\' && i + 1 < format.size()) {  // \" as written inside Apache's config quotes
      literal += format[i + 1];
      i += 2;
    } else if (dialect == AccessDialect::nginx && c == '$') {
      std::size_t j = i + 1;
      std::string name;
      if (j < format.size() && format[j] == '{') {
        auto close = format.find('}', j);
        if (close == std::string_view::npos) return key_usage_error("log_format", fmt::format("unclosed ${{ at offset {}", i));
        name = std::string(format.substr(j + 1, close - j - 1));
        j = close + 1;
      } else {
        while (j < format.size() && (std::isalnum(static_cast<unsigned char>(format[j])) || format[j] == '_')) ++j;
        name = std::string(format.substr(i + 1, j - i - 1));
      }
      if (name.empty()) return key_usage_error("log_format", fmt::format("'$' without a variable name at offset {}", i));
      if (!add_field(nginx_field(name)))
        return key_usage_error("log_format", fmt::format("${} follows another variable with no separator; cannot split", name));
      i = j;
    } else if (dialect == AccessDialect::apache && c == '%') {
      std::size_t j = i + 1;
      if (j < format.size() && format[j] == '%') { literal += '%'; i = j + 1; continue; }
      while (j < format.size() && (format[j] == '<' || format[j] == '>' || std::isdigit(static_cast<unsigned char>(format[j])) || format[j] == ',' || format[j] == '!')) ++j;
      std::string_view arg;
      if (j < format.size() && format[j] == '{') {
        auto close = format.find('}', j);
        if (close == std::string_view::npos) return key_usage_error("log_format", fmt::format("unclosed %{{ at offset {}", i));
        arg = format.substr(j + 1, close - j - 1);
        j = close + 1;
      }
      if (j >= format.size()) return key_usage_error("log_format", "'%' at the end without a directive");
      if (!add_field(apache_field(format.substr(j, 1), arg)))
        return key_usage_error("log_format", fmt::format("%{} follows another directive with no separator; cannot split", format[j]));
      i = j + 1;
    } else {
      literal += c;
      ++i;
    }
  }
  t.m_literals.push_back(literal);
  if (t.m_fields.empty()) return key_usage_error("log_format", "no fields ($var / %x) in the format string");
  return t;
}

bool AccessTemplate::match(std::string_view line, std::vector<std::string_view>& values) const {
  values.clear();
  if (!line.starts_with(m_literals[0])) return false;
  std::size_t pos = m_literals[0].size();
  for (std::size_t i = 0; i < m_fields.size(); ++i) {
    const std::string& next = m_literals[i + 1];
    const bool last = i + 1 == m_fields.size();
    std::size_t end;
    if (last) {
      if (!line.ends_with(next) || line.size() < pos + next.size()) return false;
      end = line.size() - next.size();
    } else {
      end = line.find(next, pos);
      if (end == std::string_view::npos) return false;
    }
    values.push_back(line.substr(pos, end - pos));
    pos = end + next.size();
  }
  return true;
}

bool AccessTemplate::plausible(std::string_view line) const {
  std::vector<std::string_view> values;
  if (!match(line, values)) return false;
  for (std::size_t i = 0; i < m_fields.size(); ++i) {
    const AccessField& f = m_fields[i];
    if (f.kind == AccessField::Kind::status && !(values[i].size() == 3 && std::isdigit(static_cast<unsigned char>(values[i][0]))))
      return false;
    if (f.kind != AccessField::Kind::duration) continue;
    double v = 0;
    if (values[i] == "-") continue;
    if (upstream_sum(values[i], v) != NumberStatus::ok) return false;
    if (f.decimal_seconds != (values[i].find('.') != std::string_view::npos)) return false;
  }
  return true;
}

namespace {

class AccessLogFormat final : public Format {
 public:
  AccessLogFormat(AccessDialect dialect, std::vector<AccessTemplate> candidates)
      : m_dialect(dialect), m_candidates(std::move(candidates)) {}

  std::string name() const override { return m_dialect == AccessDialect::nginx ? "nginx" : "apache"; }

  int sniff(const std::vector<std::string_view>& head) const override {
    int best = 0;
    for (std::size_t c = 0; c < m_candidates.size(); ++c) {
      int n = 0;
      for (auto line : head) n += m_candidates[c].plausible(line) ? 3 : 0;
      // A template with timing fields is worth more than plain "combined" on the same lines.
      if (n > 0) n += static_cast<int>(m_candidates[c].fields().size());
      if (n > best) { best = n; m_chosen = c; }
    }
    return best;
  }

  void parse(LineReader& reader, LogData& out) override {
    parse_part(reader, out);
    finish(out);
  }

  std::unique_ptr<Format> fresh() const override { return std::make_unique<AccessLogFormat>(*this); }
  // Every line stands alone once the template is chosen (learn_head()).
  std::size_t part_start(std::string_view) const override { return 0; }

  // Sniffed, the template is known; forced, the whole parse takes the first line that fits one:
  // so does a later part, from the log's head.
  std::size_t learn_head(std::string_view head) override {
    if (m_chosen < m_candidates.size()) return 0;
    const auto line = find_complete_line(head, [&](std::string_view text) { return pick(text); });
    return line ? line->end : std::string_view::npos;
  }

  void parse_part(LineReader& reader, LogData& out) override {
    RecordTable& table = out.table;
    std::vector<std::string_view> values;
    std::vector<std::size_t> columns;
    const AccessTemplate* tpl = chosen();
    auto bind = [&] {
      columns.clear();
      for (const auto& f : tpl->fields())
        columns.push_back(f.kind == AccessField::Kind::duration ? table.column(f.name) : SIZE_MAX);
    };
    if (tpl) bind();
    reader.for_each([&](const Line& line) {
      ++out.lines;
      if (!tpl) {  // forced without sniffing: the first line that fits picks the template
        if (!pick(line.text)) { out.skipped.add("does not match the log format", line.number); return; }
        tpl = chosen();
        bind();
      }
      if (!tpl->match(line.text, values)) {
        out.skipped.add(line.unterminated ? k_skip_truncated : "does not match the log format", line.number);
        return;
      }
      if (line.unterminated) { out.skipped.add(k_skip_truncated, line.number); return; }
      table.begin_row();
      const auto& fields = tpl->fields();
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto v = values[i];
        switch (fields[i].kind) {
          case AccessField::Kind::duration: {
            double x = 0;
            auto s = upstream_sum(v, x);
            if (s == NumberStatus::ok) table.set(columns[i], x * fields[i].to_ms);
            else if (s == NumberStatus::out_of_range) out.skipped.add(k_skip_range, line.number);
            break;
          }
          case AccessField::Kind::request: {
            auto sp = v.find(' ');
            ++out.counts["method"][std::string(v.substr(0, sp))];
            if (sp != std::string_view::npos) {
              auto target = v.substr(sp + 1);
              target = target.substr(0, target.find(' '));
              ++out.counts["path"][std::string(target.substr(0, target.find('?')))];
            }
            break;
          }
          case AccessField::Kind::status: ++out.counts["status"][std::string(v)]; break;
          case AccessField::Kind::epoch_seconds: {
            double x = 0;
            if (parse_number(v, x) == NumberStatus::ok) table.set_timestamp(x * 1000);
            break;
          }
          case AccessField::Kind::text: break;
        }
      }
    }, out.skipped);
  }

  void finish(LogData& out) override {
    if (const AccessTemplate* tpl = chosen()) out.notes.push_back(fmt::format("{} log format: {}", name(), tpl->source()));
  }

 private:
  // The first candidate that `line` fits becomes the template; false when none does.
  bool pick(std::string_view line) {
    for (std::size_t c = 0; c < m_candidates.size(); ++c)
      if (m_candidates[c].plausible(line)) { m_chosen = c; return true; }
    return false;
  }
  const AccessTemplate* chosen() const { return m_chosen < m_candidates.size() ? &m_candidates[m_chosen] : nullptr; }

  AccessDialect m_dialect;
  std::vector<AccessTemplate> m_candidates;
  mutable std::size_t m_chosen = SIZE_MAX;  // set by sniff(); parse_part() / learn_head() pick one otherwise
};

}  // namespace

std::unique_ptr<Format> make_access_format(AccessDialect dialect, std::vector<std::string> defaults,
                                           const FormatOptions& options) {
  std::vector<AccessTemplate> candidates;
  if (!options.log_format.empty()) {
    candidates.push_back(AccessTemplate::compile(dialect, options.log_format).take());
  } else {
    for (const auto& d : defaults) candidates.push_back(AccessTemplate::compile(dialect, d).take());
  }
  auto format = std::make_unique<AccessLogFormat>(dialect, std::move(candidates));
  return format;
}

}  // namespace latbench::logs
