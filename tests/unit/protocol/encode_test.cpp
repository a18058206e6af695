// The exact bytes of frames whose shape docs/protocol.md spells out.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "protocol/codec.hpp"
#include "unit/protocol/sample_frames.hpp"

namespace natter::protocol {
namespace {

using samples::sample_conversation;
using samples::sample_message;

constexpr std::string_view sample_message_json =
    R"({"id":42,"conversation_id":7,"seq":13,"sender":"alice","sender_id":1,"text":"hi","ts":1763719200000,)"
    R"("client_msg_id":"c-1","reply_to":40,"edited_ts":null,"deleted":false,"attachments":[]})";

// ---------- errors ----------

TEST(encode_error, carries_the_request_id_code_and_default_message) {
  EXPECT_EQ(encode_error("7", error(errc::not_a_member)),
            R"({"re":"7","error":{"code":"NOT_A_MEMBER","message":"You are not a member of this conversation."}})");
}

TEST(encode_error, without_an_id_has_null_re) {
  EXPECT_EQ(encode_error(std::nullopt, error(errc::bad_request, "The frame is not JSON.")),
            R"({"re":null,"error":{"code":"BAD_REQUEST","message":"The frame is not JSON."}})");
}

TEST(encode_error, with_an_empty_id_has_null_re) {
  EXPECT_EQ(encode_error(std::string_view(), error(errc::bad_request)),
            R"({"re":null,"error":{"code":"BAD_REQUEST","message":"The request is malformed."}})");
}

TEST(encode_error, names_the_field_when_one_is_at_fault) {
  EXPECT_EQ(encode_error("3", validation_error("limit", "Between 1 and 100.")),
            R"({"re":"3","error":{"code":"VALIDATION_FAILED","message":"Between 1 and 100.","field":"limit"}})");
}

TEST(encode_error, includes_retry_after_in_seconds) {
  EXPECT_EQ(encode_error("8", rate_limited_error(std::chrono::seconds(12))),
            R"({"re":"8","error":{"code":"RATE_LIMITED","message":"Too many requests; retry later.",)"
            R"("retry_after":12}})");
}

TEST(encode_error, escapes_the_id) {
  EXPECT_EQ(encode_error(R"(a"b\c)", error(errc::unknown_type)),
            R"({"re":"a\"b\\c","error":{"code":"UNKNOWN_TYPE","message":"Unknown request type."}})");
}

// ---------- hello and events ----------

TEST(encode_hello, matches_the_documented_frame) {
  hello h;
  h.server = "natterd/0.1.0";
  EXPECT_EQ(encode_hello(h),
            R"({"type":"hello","protocol":1,"server":"natterd/0.1.0",)"
            R"("limits":{"max_frame_bytes":65536,"max_message_chars":4000,"history_limit":100,"sync_limit":1000,)"
            R"("auth_timeout_ms":10000,"typing_ttl_ms":5000,"outbound_queue_frames":1024,)"
            R"("outbound_queue_bytes":4194304,"max_reply_bytes":262144}})");
}

TEST(encode_event, message_event_nests_the_documented_message_object) {
  EXPECT_EQ(encode_event(message_event{sample_message()}),
            R"({"type":"message","message":)" + std::string(sample_message_json) + "}");
}

TEST(encode_event, member_joined_by_nobody_has_null_by) {
  EXPECT_EQ(encode_event(member_joined_event{7, 14, "carol", "member", std::nullopt, 3}),
            R"({"type":"member.joined","conversation_id":7,"seq":14,"user":"carol","user_id":3,"role":"member",)"
            R"("by":null})");
}

TEST(encode_event, member_left_by_remover_names_them) {
  EXPECT_EQ(encode_event(member_left_event{7, 15, "carol", std::string("alice"), std::nullopt, std::nullopt, 3, 1}),
            R"({"type":"member.left","conversation_id":7,"seq":15,"user":"carol","user_id":3,"by":"alice",)"
            R"("by_id":1})");
}

TEST(encode_event, conversation_updated_omits_what_did_not_change) {
  EXPECT_EQ(
      encode_event(conversation_updated_event{7, 16, std::nullopt, std::string("new topic"), std::nullopt, std::nullopt,
                                              std::nullopt, std::nullopt, std::nullopt, std::nullopt}),
      R"({"type":"conversation.updated","conversation_id":7,"seq":16,"topic":"new topic"})");
  EXPECT_EQ(encode_event(conversation_updated_event{7, 17, std::nullopt, std::nullopt, std::string("bob"),
                                                    std::string("admin"), std::nullopt, std::nullopt, std::nullopt,
                                                    std::nullopt}),
            R"({"type":"conversation.updated","conversation_id":7,"seq":17,"user":"bob","role":"admin"})");
  // A removed avatar is "": present, unlike an avatar that did not change.
  EXPECT_EQ(encode_event(conversation_updated_event{7, 18, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                                                    std::string(""), std::nullopt, std::nullopt, std::nullopt}),
            R"({"type":"conversation.updated","conversation_id":7,"seq":18,"avatar":""})");
}

TEST(encode_event, message_deleted_names_the_message_id) {
  EXPECT_EQ(encode_event(message_deleted_event{7, 18, 42, std::nullopt}),
            R"({"type":"message.deleted","conversation_id":7,"seq":18,"message_id":42})");
}

TEST(encode_event, token_expiring_carries_expires_at) {
  EXPECT_EQ(encode_event(token_expiring_event{1763720100000}),
            R"({"type":"token.expiring","expires_at":1763720100000})");
}

// ---------- replies ----------

TEST(encode_reply, empty_reply_is_re_and_ok) {
  EXPECT_EQ(encode_reply("3", empty_reply{}), R"({"re":"3","ok":true})");
}

TEST(encode_reply, auth_reply_matches_the_documented_frame) {
  EXPECT_EQ(encode_reply("1", auth_reply{{1, "alice", "Alice"}, 1763720100000, "busy"}),
            R"({"re":"1","ok":true,"user":{"id":1,"username":"alice","display_name":"Alice"},)"
            R"("expires_at":1763720100000,"status":"busy"})");
}

TEST(encode_reply, message_reply_has_a_message_member) {
  EXPECT_EQ(encode_reply("4", message_reply{sample_message()}),
            R"({"re":"4","ok":true,"message":)" + std::string(sample_message_json) + "}");
}

TEST(encode_reply, conversation_reply_matches_the_documented_object) {
  EXPECT_EQ(encode_reply("5", conversation_reply{sample_conversation()}),
            R"({"re":"5","ok":true,"conversation":{"conversation_id":7,"kind":"group","name":"Friends",)"
            R"("topic":"","avatar":null,"members":["alice","bob"],"member_ids":[1,2],"member_count":2,"role":"owner",)"
            R"("last_seq":14,"read_seq":12,)"
            R"("delivered_seq":14,"unread":2,"unread_mentions":0,"last_message":null,"request":null,)"
            R"("encrypted":false}})");
}

TEST(encode_reply, chat_request_state_is_an_object) {
  conversation c = sample_conversation();
  c.request = chat_request_state{"bob", "declined", 2};
  EXPECT_NE(encode_reply("5", conversation_reply{c}).find(R"("request":{"from":"bob","from_id":2,"state":"declined"})"),
            std::string::npos);
}

TEST(encode_reply, sync_reply_matches_the_documented_shape) {
  sync_reply r;
  r.conversations.push_back({7, 14, false, {member_joined_event{7, 14, "carol", "member", std::nullopt, 3}}});
  r.conversations.push_back({11, 40, false, {}});
  r.receipts.push_back({7, "bob", 14, 12, 2});
  r.presence.push_back({"bob", "online", 1763719200000, 2});
  EXPECT_EQ(encode_reply("2", r),
            R"({"re":"2","ok":true,"conversations":[{"conversation_id":7,"last_seq":14,"has_more":false,)"
            R"("events":[{"type":"member.joined","conversation_id":7,"seq":14,"user":"carol","user_id":3,)"
            R"("role":"member","by":null}]},{"conversation_id":11,"last_seq":40,"has_more":false,"events":[]}],)"
            R"("receipts":[{"conversation_id":7,"user":"bob","user_id":2,"delivered_seq":14,"read_seq":12}],)"
            R"("presence":[{"user":"bob","user_id":2,"status":"online","last_seen":1763719200000}],"has_more":false})");
}

TEST(encode_reply, room_list_entries_are_name_topic_members_conversation_id) {
  EXPECT_EQ(encode_reply("6", rooms_reply{{{"general", "Hi", 12, 3}}}),
            R"({"re":"6","ok":true,"rooms":[{"name":"general","topic":"Hi","members":12,"conversation_id":3}]})");
}

TEST(encode_reply, read_reply_carries_unread) {
  EXPECT_EQ(encode_reply("7", read_reply{0}), R"({"re":"7","ok":true,"unread":0,"unread_mentions":0})");
}

// ---------- requests ----------

TEST(encode_request, sync_matches_the_documented_frame) {
  EXPECT_EQ(encode_request("2", sync_request{{{7, 12}, {9, 0}}}), R"({"type":"sync","id":"2","since":{"7":12,"9":0}})");
}

TEST(encode_request, edit_uses_message_id) {
  EXPECT_EQ(encode_request("3", edit_request{42, "fixed"}),
            R"({"type":"message.edit","id":"3","message_id":42,"text":"fixed"})");
}

TEST(encode_request, send_omits_the_absent_target_and_reply_to) {
  EXPECT_EQ(encode_request("4", send_request{std::nullopt, "@bob", "c-1", "hi", std::nullopt, {}}),
            R"({"type":"message.send","id":"4","to":"@bob","client_msg_id":"c-1","text":"hi"})");
}

TEST(encode_request, requests_without_fields_are_type_and_id) {
  EXPECT_EQ(encode_request("5", ping_request{}), R"({"type":"ping","id":"5"})");
}

}  // namespace
}  // namespace natter::protocol
