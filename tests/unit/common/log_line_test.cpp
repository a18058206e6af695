// log_line: one encoding, rendered as readable text or as JSON fields.

#include "common/log_line.hpp"

#include <gtest/gtest.h>

namespace natter {
namespace {

std::string text_of(const log_line& l) {
  std::string out;
  render_log_line_text(l.payload(), out);
  return out;
}
std::string json_of(const log_line& l) {
  std::string out;
  render_log_line_json(l.payload(), out);
  return out;
}

TEST(log_line, text_is_the_event_then_key_value_pairs) {
  const auto l = log_line("ws.session.closed").str("remote", "10.0.0.1").num("code", 4008).ms("duration_ms", 1.5);
  EXPECT_EQ(text_of(l), "ws.session.closed remote=10.0.0.1 code=4008 duration_ms=1.50");
}

TEST(log_line, a_tag_follows_the_event_bare_in_text) {
  const auto l = log_line("audit").tag("kind", "login.ok").num("user_id", 1);
  EXPECT_EQ(text_of(l), "audit login.ok user_id=1");
  EXPECT_EQ(json_of(l), R"(,"event":"audit","kind":"login.ok","user_id":1)");
}

TEST(log_line, json_has_strings_quoted_and_numbers_bare) {
  const auto l = log_line("http").str("path", "/a\"b\\c").num("status", 200);
  EXPECT_EQ(json_of(l), R"(,"event":"http","path":"/a\"b\\c","status":200)");
}

TEST(log_line, text_quotes_values_with_spaces_or_controls) {
  const auto l = log_line("x").str("reason", "slow consumer").str("e", "a\nb").str("empty", "");
  EXPECT_EQ(text_of(l), R"(x reason="slow consumer" e="a\u000ab" empty="")");
}

TEST(log_line, a_value_cannot_forge_a_field) {
  const auto l = log_line("x").str("error", std::string("a\x1fsuser_id\x1d") + "1");
  EXPECT_EQ(json_of(l), R"(,"event":"x","error":"a?suser_id?1")");
}

TEST(log_line, other_lines_are_not_log_lines) {
  EXPECT_FALSE(is_log_line("listening on http://127.0.0.1:8080"));
  EXPECT_FALSE(is_log_line(""));
  EXPECT_TRUE(is_log_line(log_line("x").payload()));
}

}  // namespace
}  // namespace natter
