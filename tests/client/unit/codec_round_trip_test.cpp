// The library speaks through the shared codec: what it encodes the server
// decodes to the same request, and every reply body decodes to the type that
// call<Request>() promises.

#include <gtest/gtest.h>

#include "client/reply_type.hpp"
#include "protocol/codec.hpp"

namespace natter::client {
namespace {

template <class Request>
void expect_round_trip(const Request& r) {
  const protocol::request sent(r);
  auto decoded = protocol::decode_request(protocol::encode_request("42", sent));
  ASSERT_TRUE(decoded.body) << protocol::type_name(sent);
  EXPECT_EQ(decoded.id, "42");
  EXPECT_EQ(decoded.body.value(), sent);
}

template <class Request>
void expect_reply_type(const reply_type_t<Request>& body) {
  const protocol::request r{Request{}};
  const auto frame = protocol::encode_reply("7", protocol::reply(body));
  auto decoded = protocol::decode_reply(frame, protocol::type_name(r));
  ASSERT_TRUE(decoded) << protocol::type_name(r);
  ASSERT_TRUE(std::holds_alternative<reply_type_t<Request>>(decoded.value())) << protocol::type_name(r);
  EXPECT_EQ(std::get<reply_type_t<Request>>(decoded.value()), body);
}

TEST(codec_round_trip, the_requests_the_library_sends_decode_to_themselves) {
  protocol::send_request send;
  send.to = "#general";
  send.client_msg_id = "c1-1";
  send.text = "hello";
  expect_round_trip(send);
  expect_round_trip(protocol::auth_request{"token", std::nullopt});
  expect_round_trip(protocol::auth_request{"token", false});
  expect_round_trip(protocol::sync_request{{{7, 12}, {9, 0}}});
  expect_round_trip(protocol::history_request{7, std::nullopt, 12, 100});
  expect_round_trip(protocol::room_join_request{"general"});
  expect_round_trip(protocol::group_create_request{"Friends", {"bob", "carol"}});
  expect_round_trip(protocol::presence_set_request{"busy"});
  expect_round_trip(protocol::request_accept_request{5});
}

TEST(codec_round_trip, every_reply_decodes_to_the_type_call_promises) {
  protocol::message m;
  m.id = 1;
  m.conversation = 7;
  m.seq = 3;
  m.sender = "alice";
  m.text = "hi";
  m.client_msg_id = "c1";
  expect_reply_type<protocol::send_request>(protocol::message_reply{m});
  expect_reply_type<protocol::auth_request>(protocol::auth_reply{{1, "alice", "Alice"}, 99});
  expect_reply_type<protocol::history_request>(protocol::history_reply{{protocol::message_event{m}}, true});
  expect_reply_type<protocol::sync_request>(
      protocol::sync_reply{{{7, 3, false, {protocol::message_event{m}}}}, {}, {}});
  expect_reply_type<protocol::room_list_request>(protocol::rooms_reply{{{"general", "", 2, 7}}});
  expect_reply_type<protocol::contact_list_request>(protocol::contacts_reply{{{"bob", "Bob", "online", 5}}});
  expect_reply_type<protocol::receipt_read_request>(protocol::read_reply{0});
  expect_reply_type<protocol::contact_add_request>(protocol::empty_reply{});
  expect_reply_type<protocol::ping_request>(protocol::empty_reply{});
}

TEST(codec_round_trip, an_error_reply_decodes_to_its_code) {
  const auto frame = protocol::encode_error("9", error(errc::user_not_found));
  auto decoded = protocol::decode_reply(frame, "message.send");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(info(decoded.err().code).code, "USER_NOT_FOUND");
}

}  // namespace
}  // namespace natter::client
