// stomp_wire: version and heart-beat negotiation, destinations, `since`, ACK
// ids, SEND bodies made into requests, and the frames natterd sends.

#include "realtime/stomp_wire.hpp"

#include <gtest/gtest.h>

#include <string>

namespace natter::realtime::stomp_wire {
namespace {

using namespace std::chrono_literals;

stomp::frame read_back(const std::string& text) {
  std::string_view input = text;
  auto got = stomp::parse(input);
  EXPECT_TRUE(got.f.has_value());
  EXPECT_TRUE(input.empty());
  return got.f.value_or(stomp::frame{});
}

TEST(stomp_wire, subprotocol_prefers_v12) {
  EXPECT_EQ(choose_subprotocol("v10.stomp, v11.stomp, v12.stomp"), "v12.stomp");
  EXPECT_EQ(choose_subprotocol("v11.stomp"), "v11.stomp");
  EXPECT_EQ(choose_subprotocol("v10.stomp"), "");
  EXPECT_EQ(choose_subprotocol(""), "");
}

TEST(stomp_wire, version_is_the_highest_offered_of_1_1_and_1_2) {
  const std::string both = "1.0,1.1,1.2";
  const std::string old = "1.1";
  const std::string none = "1.0";
  EXPECT_EQ(negotiate_version(&both), "1.2");
  EXPECT_EQ(negotiate_version(&old), "1.1");
  EXPECT_EQ(negotiate_version(&none), std::nullopt);
  EXPECT_EQ(negotiate_version(nullptr), std::nullopt);
}

TEST(stomp_wire, heart_beat_takes_each_sides_larger_interval) {
  const std::string client = "5000,200";
  auto beats = negotiate_heart_beat(&client);
  ASSERT_TRUE(beats);
  EXPECT_EQ(beats->expect_every, 5000ms);        // the client sends every 5 s
  EXPECT_EQ(beats->send_every, min_heart_beat);  // it wants 0.2 s: natterd does 1 s at best
  const std::string off = "0,0";
  beats = negotiate_heart_beat(&off);
  ASSERT_TRUE(beats);
  EXPECT_EQ(beats->send_every, 0ms);
  EXPECT_EQ(beats->expect_every, 0ms);
  EXPECT_TRUE(negotiate_heart_beat(nullptr));
}

TEST(stomp_wire, heart_beat_must_be_two_numbers) {
  for (std::string bad : {"10000", "a,b", "-1,0", "1,2,3", "99999999999999999999,0"}) {
    EXPECT_FALSE(negotiate_heart_beat(&bad)) << bad;
  }
}

TEST(stomp_wire, destinations) {
  EXPECT_EQ(subscribable("/user/queue/events")->kind, destination_kind::events);
  EXPECT_EQ(subscribable("/user/queue/replies")->kind, destination_kind::replies);
  auto topic = subscribable("/topic/conversations.42");
  ASSERT_TRUE(topic);
  EXPECT_EQ(topic->kind, destination_kind::conversation);
  EXPECT_EQ(topic->conversation, 42);
  for (auto bad : {"/topic/conversations.", "/topic/conversations.x", "/topic/conversations.0", "/queue/other",
                   "/topic/conversations.-1", "/app/messages"}) {
    EXPECT_FALSE(subscribable(bad)) << bad;
  }
}

TEST(stomp_wire, app_destinations_name_request_types) {
  EXPECT_EQ(request_type("/app/messages"), "message.send");
  EXPECT_EQ(request_type("/app/conversations.list"), "conversations.list");
  EXPECT_EQ(request_type("/topic/x"), std::nullopt);
}

TEST(stomp_wire, send_body_becomes_the_request) {
  auto req = decode_send("message.send", "r1", R"({"conversation_id":7,"client_msg_id":"c1","text":"hi"})");
  ASSERT_TRUE(req) << req.err().message;
  const auto* send = std::get_if<protocol::send_request>(&*req);
  ASSERT_NE(send, nullptr);
  EXPECT_EQ(send->conversation, 7);
  EXPECT_EQ(send->text, "hi");
}

TEST(stomp_wire, send_body_cannot_change_type) {
  auto req = decode_send("typing", "r1", R"({"type":"message.send","conversation_id":7})");
  ASSERT_TRUE(req);
  EXPECT_TRUE(std::holds_alternative<protocol::typing_request>(*req));
}

TEST(stomp_wire, send_body_errors) {
  EXPECT_EQ(decode_send("message.send", "r1", "[1]").err().code, errc::bad_request);
  EXPECT_EQ(decode_send("message.send", "r1", "{").err().code, errc::bad_request);
  EXPECT_EQ(decode_send("no.such", "r1", "{}").err().code, errc::unknown_type);
  EXPECT_EQ(decode_send("message.send", "r1", R"({"conversation_id":"x"})").err().code, errc::bad_request);
  EXPECT_TRUE(decode_send("conversations.list", "r1", ""));
}

TEST(stomp_wire, since_on_events_is_conversation_seq_pairs) {
  auto since = parse_since("7:12, 9:0", destination{destination_kind::events});
  ASSERT_TRUE(since);
  EXPECT_EQ(since->at(7), 12);
  EXPECT_EQ(since->at(9), 0);
  for (auto bad : {"7", "7:", ":3", "7:x", "0:1", "7:-1"}) {
    EXPECT_FALSE(parse_since(bad, destination{destination_kind::events})) << bad;
  }
}

TEST(stomp_wire, since_on_a_conversation_is_a_seq) {
  auto since = parse_since("12", destination{destination_kind::conversation, 7});
  ASSERT_TRUE(since);
  EXPECT_EQ(since->at(7), 12);
  EXPECT_FALSE(parse_since("7:12", destination{destination_kind::conversation, 7}));
  EXPECT_FALSE(parse_since("1", destination{destination_kind::replies}));
}

TEST(stomp_wire, ack_ids_name_log_entries) {
  EXPECT_EQ(acked_entry("7.13"), (std::pair<conversation_id, seq_t>{7, 13}));
  EXPECT_FALSE(acked_entry("n5"));
  EXPECT_FALSE(acked_entry("7.0"));
  EXPECT_FALSE(acked_entry("7.x"));
}

TEST(stomp_wire, connected_frame) {
  const auto f = read_back(connected_frame("1.2", heart_beat{1000ms, 5000ms}, "abc", "alice"));
  EXPECT_EQ(f.command, "CONNECTED");
  EXPECT_EQ(*f.header("version"), "1.2");
  EXPECT_EQ(*f.header("heart-beat"), "1000,1000");
  EXPECT_EQ(*f.header("session"), "abc");
  EXPECT_EQ(*f.header("server"), "natterd/0.1.0");
  EXPECT_EQ(*read_back(connected_frame("1.2", heart_beat{}, "abc", "alice")).header("heart-beat"), "0,0");
}

TEST(stomp_wire, error_frame_carries_the_code_and_receipt) {
  const std::string receipt = "r:1";
  const auto f = read_back(error_frame(error(errc::not_a_member, "nope"), &receipt));
  EXPECT_EQ(f.command, "ERROR");
  EXPECT_EQ(*f.header("message"), "NOT_A_MEMBER");
  EXPECT_EQ(*f.header("receipt-id"), "r:1");
  EXPECT_EQ(f.body, "nope");
}

TEST(stomp_wire, message_frame_headers) {
  const auto f = read_back(message_frame({"sub-0", "7.13", "/user/queue/events", true}, R"({"type":"typing"})"));
  EXPECT_EQ(f.command, "MESSAGE");
  EXPECT_EQ(*f.header("subscription"), "sub-0");
  EXPECT_EQ(*f.header("message-id"), "7.13");
  EXPECT_EQ(*f.header("ack"), "7.13");
  EXPECT_EQ(*f.header("content-type"), "application/json");
  EXPECT_EQ(f.body, R"({"type":"typing"})");
  const auto reply =
      read_back(message_frame({"r", "r1", "/user/queue/replies", false, "q1", errc::muted}, R"({"re":"q1"})"));
  EXPECT_EQ(reply.header("ack"), nullptr);
  EXPECT_EQ(*reply.header("request-id"), "q1");
  EXPECT_EQ(*reply.header("error"), "MUTED");
}

TEST(stomp_wire, frame_failures_map_to_natter_codes) {
  EXPECT_EQ(frame_failure(stomp::frame_error::truncated).code, errc::bad_request);
  EXPECT_EQ(frame_failure(stomp::frame_error::bad_escape).code, errc::bad_request);
  EXPECT_EQ(frame_failure(stomp::frame_error::unknown_command).code, errc::unknown_type);
  EXPECT_EQ(frame_failure(stomp::frame_error::header_too_long).code, errc::payload_too_large);
  EXPECT_EQ(frame_failure(stomp::frame_error::too_many_headers).code, errc::payload_too_large);
}

}  // namespace
}  // namespace natter::realtime::stomp_wire
