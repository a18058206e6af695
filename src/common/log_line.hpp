#pragma once
// One log line with named fields, written through the default logger:
//
//   log_line("ws.session.closed").num("user_id", 7).str("remote", addr).info();
//
// The formatter natterd installs (app/logging.cpp) renders it as
// `ws.session.closed user_id=7 remote=...` in text and as one JSON object
// with real fields ("event", "user_id", "remote") with --log-format json.
// Never give it passwords, tokens or message bodies.

#include <spdlog/common.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace natter {

class log_line {
 public:
  explicit log_line(std::string_view event);

  // A string field. tag(): the same, shown in text as the bare value right
  // after the event ("audit login.ok user_id=1"); at most one, first.
  log_line& str(std::string_view key, std::string_view value);
  log_line& tag(std::string_view key, std::string_view value);
  log_line& num(std::string_view key, std::int64_t value);
  // Milliseconds with two decimals.
  log_line& ms(std::string_view key, double value);

  void write(spdlog::level::level_enum level) const;
  void info() const { write(spdlog::level::info); }
  void warn() const { write(spdlog::level::warn); }
  void error() const { write(spdlog::level::err); }

  // The encoded payload (see log_line.cpp), for tests and formatters.
  const std::string& payload() const { return payload_; }

 private:
  log_line& field(std::string_view key, char kind, std::string_view value);
  std::string payload_;
};

// For formatters: whether a logged payload is a log_line, and its renderings.
// out receives the text, or the JSON members after "event" (",\"k\":v..."),
// without braces.
bool is_log_line(std::string_view payload) noexcept;
void render_log_line_text(std::string_view payload, std::string& out);
void render_log_line_json(std::string_view payload, std::string& out);

// The characters of s as the body of a JSON string (no quotes).
void append_json_escaped(std::string_view s, std::string& out);

}  // namespace natter
