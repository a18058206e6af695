// stomp::serialize: the frames natterd sends, and that they read back the same.

#include <gtest/gtest.h>

#include <string>

#include "stomp/frame.hpp"

namespace natter::stomp {
namespace {

using namespace std::literals;

TEST(stomp_serialize, writes_command_headers_body_and_nul) {
  frame f{"RECEIPT", {{"receipt-id", "77"}}, ""};
  EXPECT_EQ(serialize(f), "RECEIPT\nreceipt-id:77\n\n\0"s);
}

TEST(stomp_serialize, escapes_headers_of_ordinary_frames) {
  frame f{"MESSAGE", {{"a:b", "x\ny\r\\"}}, "body"};
  EXPECT_EQ(serialize(f), "MESSAGE\na\\cb:x\\ny\\r\\\\\n\nbody\0"s);
}

TEST(stomp_serialize, leaves_connected_headers_unescaped) {
  frame f{"CONNECTED", {{"version", "1.2"}, {"server", "natterd/0.1.0"}}, ""};
  EXPECT_EQ(serialize(f), "CONNECTED\nversion:1.2\nserver:natterd/0.1.0\n\n\0"s);
}

TEST(stomp_serialize, round_trips_through_parse) {
  frame f{"MESSAGE",
          {{"subscription", "sub-0"}, {"destination", "/topic/conversations.7"}, {"odd", "a:b\\c\nd"}},
          "{\"type\":\"message\"}"};
  const auto text = serialize(f);
  std::string_view input = text;
  auto back = parse(input);
  ASSERT_TRUE(back.f);
  EXPECT_EQ(*back.f, f);
  EXPECT_TRUE(input.empty());
}

TEST(stomp_serialize, body_with_nul_round_trips_with_content_length) {
  frame f{"MESSAGE", {{"content-length", "3"}}, "a\0b"s};
  const auto text = serialize(f);
  std::string_view input = text;
  auto back = parse(input);
  ASSERT_TRUE(back.f);
  EXPECT_EQ(back.f->body, "a\0b"s);
}

}  // namespace
}  // namespace natter::stomp
