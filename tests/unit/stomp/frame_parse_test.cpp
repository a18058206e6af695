// stomp::parse: STOMP 1.2 frames as natterd reads them, and every way a frame
// can be refused.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "stomp/frame.hpp"

namespace natter::stomp {
namespace {

using namespace std::literals;

frame parse_one(std::string_view text, const frame_limits& limits = {}) {
  auto got = parse(text, limits);
  if (got.error) ADD_FAILURE() << describe(*got.error);
  if (!got.f) {
    ADD_FAILURE() << "no frame";
    return {};
  }
  return *got.f;
}

frame_error refusal(std::string_view text, const frame_limits& limits = {}) {
  const auto before = text;
  auto got = parse(text, limits);
  EXPECT_FALSE(got.f.has_value());
  EXPECT_EQ(text, before) << "an error leaves the input where the frame started";
  if (!got.error) {
    ADD_FAILURE() << "parsed";
    return frame_error::truncated;
  }
  return *got.error;
}

TEST(stomp_parse, reads_command_headers_and_body) {
  const auto f = parse_one("SEND\ndestination:/app/messages\nreceipt:7\n\n{\"text\":\"hi\"}\0"s);
  EXPECT_EQ(f.command, "SEND");
  ASSERT_EQ(f.headers.size(), 2u);
  EXPECT_EQ(*f.header("destination"), "/app/messages");
  EXPECT_EQ(*f.header("receipt"), "7");
  EXPECT_EQ(f.body, "{\"text\":\"hi\"}");
}

TEST(stomp_parse, accepts_crlf_line_ends) {
  const auto f = parse_one("SUBSCRIBE\r\nid:0\r\ndestination:/user/queue/events\r\n\r\n\0"s);
  EXPECT_EQ(f.command, "SUBSCRIBE");
  EXPECT_EQ(*f.header("id"), "0");
  EXPECT_EQ(*f.header("destination"), "/user/queue/events");
  EXPECT_TRUE(f.body.empty());
}

TEST(stomp_parse, unescapes_headers_of_ordinary_frames) {
  const auto f = parse_one("SEND\na\\cb:x\\ny\\r\\\\z\n\n\0"s);
  EXPECT_EQ(f.headers.at(0).first, "a:b");
  EXPECT_EQ(f.headers.at(0).second, "x\ny\r\\z");
}

TEST(stomp_parse, leaves_connect_headers_as_they_are) {
  const auto f = parse_one("CONNECT\naccept-version:1.2\npasscode:a\\b:c\n\n\0"s);
  EXPECT_EQ(*f.header("passcode"), "a\\b:c");
}

TEST(stomp_parse, first_of_repeated_headers_counts) {
  const auto f = parse_one("SEND\nfoo:first\nfoo:second\n\n\0"s);
  EXPECT_EQ(*f.header("foo"), "first");
  EXPECT_EQ(f.headers.size(), 2u);
}

TEST(stomp_parse, content_length_body_may_hold_nul) {
  const auto f = parse_one("SEND\ncontent-length:3\n\na\0b\0"s);
  EXPECT_EQ(f.body, "a\0b"s);
}

TEST(stomp_parse, reads_several_frames_and_skips_heart_beats) {
  std::string_view input = "\n\r\nSEND\n\nfirst\0\n\nSEND\n\nsecond\0\n"sv;
  auto one = parse(input);
  ASSERT_TRUE(one.f);
  EXPECT_EQ(one.f->body, "first");
  auto two = parse(input);
  ASSERT_TRUE(two.f);
  EXPECT_EQ(two.f->body, "second");
  EXPECT_TRUE(input.empty());
  auto none = parse(input);
  EXPECT_FALSE(none.f);
  EXPECT_FALSE(none.error);
}

TEST(stomp_parse, heart_beat_alone_is_no_frame) {
  std::string_view input = "\n"sv;
  auto got = parse(input);
  EXPECT_FALSE(got.f);
  EXPECT_FALSE(got.error);
  EXPECT_TRUE(input.empty());
}

TEST(stomp_parse, frame_without_nul_is_truncated) {
  EXPECT_EQ(refusal("SEND\ndestination:/app/messages\n\n{}"), frame_error::truncated);
  EXPECT_EQ(refusal("SEND\ndestination:/app/mess"), frame_error::truncated);
  EXPECT_EQ(refusal("SEN"), frame_error::truncated);
  EXPECT_EQ(refusal("SEND\ncontent-length:5\n\nab"), frame_error::truncated);
}

TEST(stomp_parse, refuses_unknown_command) {
  EXPECT_EQ(refusal("SHOUT\n\n\0"s), frame_error::unknown_command);
  EXPECT_EQ(refusal("send\n\n\0"s), frame_error::unknown_command);
  EXPECT_EQ(refusal("GET / HTTP/1.1 and more text without a newline"), frame_error::unknown_command);
}

TEST(stomp_parse, refuses_undefined_escape) {
  EXPECT_EQ(refusal("SEND\ndestination:/a\\tb\n\n\0"s), frame_error::bad_escape);
  EXPECT_EQ(refusal("SEND\ndestination:/a\\\n\n\0"s), frame_error::bad_escape);
}

TEST(stomp_parse, refuses_header_without_colon_or_with_raw_cr) {
  EXPECT_EQ(refusal("SEND\ndestination\n\n\0"s), frame_error::bad_header);
  EXPECT_EQ(refusal("SEND\na:b\rc\n\n\0"s), frame_error::bad_header);
  EXPECT_EQ(refusal("CONNECT\na:b\r\r\n\n\0"s), frame_error::bad_header);
}

TEST(stomp_parse, refuses_header_not_utf8) {
  EXPECT_EQ(refusal("SEND\na:\xff\n\n\0"s), frame_error::bad_header);
}

TEST(stomp_parse, refuses_too_many_headers) {
  frame_limits limits;
  limits.max_headers = 2;
  EXPECT_NO_FATAL_FAILURE(parse_one("SEND\na:1\nb:2\n\n\0"s, limits));
  EXPECT_EQ(refusal("SEND\na:1\nb:2\nc:3\n\n\0"s, limits), frame_error::too_many_headers);
}

TEST(stomp_parse, refuses_header_line_too_long) {
  frame_limits limits;
  limits.max_header_line_bytes = 8;
  EXPECT_NO_FATAL_FAILURE(parse_one("SEND\na:345678\n\n\0"s, limits));
  EXPECT_EQ(refusal("SEND\na:3456789\n\n\0"s, limits), frame_error::header_too_long);
  EXPECT_EQ(refusal("SEND\na:3456789 and no end of line", limits), frame_error::header_too_long);
}

TEST(stomp_parse, refuses_body_too_large) {
  frame_limits limits;
  limits.max_body_bytes = 4;
  EXPECT_NO_FATAL_FAILURE(parse_one("SEND\n\nabcd\0"s, limits));
  EXPECT_EQ(refusal("SEND\n\nabcde\0"s, limits), frame_error::body_too_large);
  EXPECT_EQ(refusal("SEND\ncontent-length:5\n\nabcde\0"s, limits), frame_error::body_too_large);
  EXPECT_EQ(refusal("SEND\ncontent-length:99999999999999999999999\n\n\0"s, limits), frame_error::body_too_large);
}

TEST(stomp_parse, refuses_frame_too_large) {
  frame_limits limits;
  limits.max_frame_bytes = 16;
  EXPECT_NO_FATAL_FAILURE(parse_one("SEND\na:b\n\n12345\0"s, limits));
  EXPECT_EQ(refusal("SEND\na:b\n\n123456\0"s, limits), frame_error::frame_too_large);
  EXPECT_EQ(refusal("SEND\na:b\nc:d\ne:f\ng:h\n\n\0"s, limits), frame_error::frame_too_large);
}

TEST(stomp_parse, refuses_bad_content_length) {
  EXPECT_EQ(refusal("SEND\ncontent-length:x\n\n\0"s), frame_error::bad_content_length);
  EXPECT_EQ(refusal("SEND\ncontent-length:-1\n\n\0"s), frame_error::bad_content_length);
  EXPECT_EQ(refusal("SEND\ncontent-length:\n\n\0"s), frame_error::bad_content_length);
}

TEST(stomp_parse, refuses_content_length_not_followed_by_nul) {
  EXPECT_EQ(refusal("SEND\ncontent-length:2\n\nabc\0"s), frame_error::missing_nul);
}

}  // namespace
}  // namespace natter::stomp
