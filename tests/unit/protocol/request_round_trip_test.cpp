// encode_request then decode_request gives back the request, for every type.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "protocol/codec.hpp"
#include "unit/protocol/sample_frames.hpp"

namespace natter::protocol {
namespace {

using samples::hostile_text;

std::vector<request> sample_requests() {
  return {
      auth_request{"eyJhbGciOiJIUzI1NiJ9.e30.sig", false},
      send_request{7, std::nullopt, "c-1", "hello", 40, {"q3Jx0m5v2cS8kq1Vb0aZ7w"}, 42},
      edit_request{42, "hello again"},
      delete_request{42},
      history_request{7, 13, 2, 25},
      sync_request{{{7, 12}, {9, 0}, {11, 40}}, 5},
      receipt_delivered_request{7, 14},
      receipt_read_request{7, 12},
      typing_request{7},
      presence_set_request{"away"},
      conversations_list_request{},
      group_create_request{"Friends", {"bob", "carol"}},
      group_add_request{7, "dave"},
      group_remove_request{7, "dave"},
      group_role_request{7, "bob", "admin"},
      group_rename_request{7, "Best friends"},
      group_update_request{7, "Best friends", "AbCdEfGhIjKlMnOpQrStUv"},
      group_leave_request{7},
      room_list_request{},
      room_create_request{"general", "Anything goes"},
      room_join_request{"general"},
      room_leave_request{"general"},
      room_kick_request{9, "mallory", "Off topic"},
      room_ban_request{9, "mallory", samples::hostile_text()},
      room_unban_request{9, "mallory", ""},
      room_mute_request{9, "mallory", "Calm down"},
      room_unmute_request{9, "mallory", ""},
      room_topic_request{9, "Release day"},
      contact_add_request{"bob"},
      contact_remove_request{"bob"},
      contact_list_request{},
      request_accept_request{9},
      request_decline_request{9},
      block_request{"mallory"},
      unblock_request{"mallory"},
      ping_request{},
      react_request{42, "👍🏽"},
      unreact_request{42, "❤️"},
      pin_request{42},
      unpin_request{42},
      pins_list_request{7, 10, pin_cursor{1763719300000, 42}},
      forward_request{42, std::nullopt, std::string("@carol"), "fw-1"},
      thread_history_request{7, 42, 57, 20},
      thread_read_request{7, 42, 57},
      keys_upload_request{"phone",
                          "curve",
                          "ed",
                          "sig",
                          std::string("Laptop \"<b>"),
                          {device_key{"k1", "otk", "otk-sig"}},
                          device_key{"fb", "fallback", "fb-sig"}},
      keys_signing_key_request{"ssk", "ssk-sig", true},
      keys_sign_list_request{3, "list-sig"},
      keys_query_request{{4, 5}},
      keys_claim_request{{device_ref{4, "phone"}, device_ref{5, "laptop"}}},
      to_device_send_request{{to_device_message{
          4, "phone",
          envelope{
              R"({"v":1,"alg":"olm.v1","sender_device":"laptop","ciphertexts":{"4:phone":{"type":0,"body":"AwoB"}}})"}}}},
      to_device_list_request{17, 50},
      to_device_ack_request{18},
      conversation_encrypt_request{7},
      keys_backup_create_request{R"({"v":1,"alg":"natter.backup.v1","salt":"c2FsdA","ops":3,"mem":67108864})"},
      keys_backup_info_request{},
      keys_backup_delete_request{3},
      keys_backup_put_request{3, {backup_entry{"c2Vzc2lvbg", "bm9uY2UrY2lwaGVy"}, backup_entry{"b3RoZXI", "Zg"}}},
      keys_backup_get_request{3, "c2Vzc2lvbg", 250},
  };
}

request round_trip(const request& r) {
  auto decoded = decode_request(encode_request("17", r));
  EXPECT_EQ(decoded.id, "17");
  EXPECT_TRUE(decoded.body.ok()) << (decoded.body.ok() ? "" : decoded.body.err().message);
  return decoded.body.ok() ? decoded.body.value() : request{};
}

class request_round_trip : public ::testing::TestWithParam<request> {};

TEST_P(request_round_trip, decodes_to_the_encoded_request) {
  EXPECT_EQ(round_trip(GetParam()), GetParam());
}

INSTANTIATE_TEST_SUITE_P(every_type, request_round_trip, ::testing::ValuesIn(sample_requests()),
                         [](const auto& test) { return samples::test_suffix(type_name(test.param)); });

TEST(request_samples, cover_every_request_type) {
  std::set<std::size_t> covered;
  for (const auto& r : sample_requests()) covered.insert(r.index());
  EXPECT_EQ(covered.size(), std::variant_size_v<request>);
}

TEST(request_round_trip_cases, pins_list_without_a_cursor_stays_without_it) {
  const request first = pins_list_request{7, 50, std::nullopt};
  EXPECT_EQ(encode_request("17", first).find("cursor"), std::string::npos);
  EXPECT_EQ(round_trip(first), first);
}

TEST(request_round_trip_cases, an_encrypted_send_and_edit_keep_their_envelope) {
  send_request send{7, std::nullopt, "c-9", "", std::nullopt, {}};
  send.encrypted = envelope{
      R"({"v":1,"alg":"olm.v1","sender_device":"phone","ciphertexts":{"4:laptop":{"type":0,"body":"Ym9keQ=="}}})"};
  EXPECT_EQ(round_trip(send), request{send});
  const request edit = edit_request{
      42, "", envelope{R"({"v":1,"alg":"megolm.v1","sender_device":"a-b_C","session_id":"c2Vz","ciphertext":"Y2lw"})"}};
  EXPECT_EQ(round_trip(edit), edit);
}

TEST(request_round_trip_cases, auth_without_presence_stays_without_it) {
  const request plain = auth_request{"eyJhbGciOiJIUzI1NiJ9.e30.sig", std::nullopt};
  EXPECT_EQ(encode_request("17", plain).find("presence"), std::string::npos);
  EXPECT_EQ(round_trip(plain), plain);
}

TEST(request_round_trip_cases, send_to_a_user_keeps_to_and_no_reply_to) {
  request r = send_request{std::nullopt, "@bob", "c-2", "hey", std::nullopt, {}};
  EXPECT_EQ(round_trip(r), r);
}

TEST(request_round_trip_cases, history_without_bounds_keeps_them_absent) {
  request r = history_request{7, std::nullopt, std::nullopt, 50};
  EXPECT_EQ(round_trip(r), r);
}

TEST(request_round_trip_cases, empty_since_round_trips) {
  request r = sync_request{};
  EXPECT_EQ(round_trip(r), r);
}

TEST(request_round_trip_cases, hostile_text_survives_byte_exactly) {
  request r = send_request{std::nullopt, "#general", "c-3", hostile_text(), std::nullopt, {}};
  auto decoded = round_trip(r);
  ASSERT_TRUE(std::holds_alternative<send_request>(decoded));
  EXPECT_EQ(std::get<send_request>(decoded).text, hostile_text());
}

TEST(request_round_trip_cases, unicode_id_and_names_survive) {
  request r = group_create_request{"\xE6\x9C\x8B\xE5\x8F\x8B \xF0\x9F\x8E\x89", {"\xC3\xA9lise"}};
  auto decoded = decode_request(encode_request("\xE2\x9C\x93", r));
  EXPECT_EQ(decoded.id, "\xE2\x9C\x93");
  ASSERT_TRUE(decoded.body.ok());
  EXPECT_EQ(decoded.body.value(), r);
}

TEST(type_name, is_the_wire_type_of_each_request) {
  EXPECT_EQ(type_name(send_request{}), "message.send");
  EXPECT_EQ(type_name(receipt_delivered_request{}), "receipt.delivered");
  EXPECT_EQ(type_name(conversations_list_request{}), "conversations.list");
  EXPECT_EQ(type_name(ping_request{}), "ping");
}

}  // namespace
}  // namespace natter::protocol
