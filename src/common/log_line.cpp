#include "common/log_line.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace natter {

// The payload: RS, the event, then per field US, a kind ('s' string, 't' tag,
// 'n' number), the key, GS, the value. The three separators are replaced by
// '?' in keys and values, so a value cannot forge a field.
namespace {
constexpr char record_mark = '\x1e';
constexpr char field_mark = '\x1f';
constexpr char value_mark = '\x1d';

void append_clean(std::string& out, std::string_view s) {
  for (char c : s) out += (c == record_mark || c == field_mark || c == value_mark) ? '?' : c;
}

struct field_view {
  char kind;
  std::string_view key, value;
};

// Calls f(field_view) for each field; returns the event.
template <class F>
std::string_view each_field(std::string_view payload, F f) {
  payload.remove_prefix(1);
  auto end = payload.find(field_mark);
  const auto event = payload.substr(0, end);
  while (end != std::string_view::npos) {
    payload.remove_prefix(end + 1);
    end = payload.find(field_mark);
    const auto one = payload.substr(0, end);
    const auto split = one.find(value_mark);
    if (one.empty() || split == std::string_view::npos) continue;
    f(field_view{one[0], one.substr(1, split - 1), one.substr(split + 1)});
  }
  return event;
}

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}
}  // namespace

log_line::log_line(std::string_view event) {
  payload_.reserve(160);
  payload_ += record_mark;
  append_clean(payload_, event);
}

log_line& log_line::field(std::string_view key, char kind, std::string_view value) {
  payload_ += field_mark;
  payload_ += kind;
  append_clean(payload_, key);
  payload_ += value_mark;
  append_clean(payload_, value);
  return *this;
}

log_line& log_line::str(std::string_view key, std::string_view value) {
  return field(key, 's', value);
}
log_line& log_line::tag(std::string_view key, std::string_view value) {
  return field(key, 't', value);
}
log_line& log_line::num(std::string_view key, std::int64_t value) {
  return field(key, 'n', fmt::format("{}", value));
}
log_line& log_line::ms(std::string_view key, double value) {
  return field(key, 'n', fmt::format("{:.2f}", value));
}

void log_line::write(spdlog::level::level_enum level) const {
  spdlog::log(level, "{}", payload_);
}

bool is_log_line(std::string_view payload) noexcept {
  return !payload.empty() && payload[0] == record_mark;
}

void append_json_escaped(std::string_view s, std::string& out) {
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
}

void render_log_line_text(std::string_view payload, std::string& out) {
  std::string tags, rest;
  const auto event = each_field(payload, [&](const field_view& f) {
    if (f.kind == 't') {
      tags += ' ';
      tags += f.value;
      return;
    }
    rest += fmt::format(" {}=", f.key);
    if (f.kind != 'n' && needs_quotes(f.value)) {
      rest += '"';
      append_json_escaped(f.value, rest);
      rest += '"';
    } else {
      rest += f.value;
    }
  });
  out += event;
  out += tags;
  out += rest;
}

void render_log_line_json(std::string_view payload, std::string& out) {
  std::string fields;
  const auto event = each_field(payload, [&](const field_view& f) {
    fields += ",\"";
    append_json_escaped(f.key, fields);
    fields += "\":";
    if (f.kind == 'n') {
      fields += f.value;
      return;
    }
    fields += '"';
    append_json_escaped(f.value, fields);
    fields += '"';
  });
  out += ",\"event\":\"";
  append_json_escaped(event, out);
  out += '"';
  out += fields;
}

}  // namespace natter
