// encode_reply then decode_reply (told the request type) gives back the reply,
// for every reply type.

#include <gtest/gtest.h>

#include <chrono>
#include <ostream>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "protocol/codec.hpp"
#include "unit/protocol/sample_frames.hpp"

namespace natter::protocol {
namespace {

using samples::sample_conversation;
using samples::sample_direct_request;
using samples::sample_log_events;
using samples::sample_message;

struct reply_case {
  std::string request_type;
  reply body;
};

void PrintTo(const reply_case& c, std::ostream* os) {
  *os << c.request_type << ": " << encode_reply("5", c.body);
}

sync_reply sample_sync_reply() {
  sync_reply r;
  r.conversations.push_back({7, 23, false, sample_log_events()});
  r.conversations.push_back({9, 3, true, {message_event{sample_message()}}});
  r.conversations.push_back({11, 40, false, {}});
  r.receipts.push_back({7, "bob", 14, 12});
  r.presence.push_back({"bob", "online", 1763719200000});
  r.has_more = true;
  return r;
}

std::vector<reply_case> sample_replies() {
  return {
      {"auth", auth_reply{{1, "alice", "Alice"}, 1763720100000}},
      {"message.send", message_reply{sample_message()}},
      {"message.edit", message_reply{samples::sample_edited_message()}},
      {"history", history_reply{sample_log_events(), true}},
      {"sync", sample_sync_reply()},
      {"receipt.read", read_reply{0}},
      {"conversations.list", conversations_reply{{sample_conversation(), sample_direct_request()}}},
      {"group.create", group_create_reply{sample_conversation(), {"bob", "carol"}}},
      {"group.add", group_add_reply{true}},
      {"room.create", conversation_reply{sample_conversation()}},
      {"room.join", conversation_reply{sample_direct_request()}},
      {"room.list", rooms_reply{{{"general", "Anything goes", 12, 3}, {"rust", "", 0, 4}}}},
      {"contact.list", contacts_reply{{{"bob", "Bob", "online", 1763719200000}, {"carol", "", "offline", 0}}}},
      {"message.delete", empty_reply{}},
      {"ping", empty_reply{}},
      {"message.forward", message_reply{samples::sample_forwarded_message()}},
      {"thread.history", thread_reply{samples::sample_thread_root(), {samples::sample_thread_reply()}, true, 50}},
      {"thread.read", read_reply{2}},
      {"keys.upload", keys_upload_reply{42, 3}},
      {"keys.signing_key", keys_version_reply{4}},
      {"keys.query", keys_query_reply{{user_keys{4,
                                                 std::string("ssk"),
                                                 3,
                                                 {device_info{"phone", "curve", "ed", "sig", "Laptop", 1763719300000}},
                                                 signed_device_list{2, "list-sig", {signed_device{"phone", "ed"}}}},
                                       user_keys{5, std::nullopt, 0, {}, std::nullopt}}}},
      {"keys.claim", keys_claim_reply{{claimed_key{4, "phone", "k1", "otk", "sig", false},
                                       claimed_key{5, "laptop", "fb", "fallback", "sig", true}}}},
      {"to_device.send", to_device_send_reply{2, {device_ref{5, "tablet"}}, {device_ref{6, "phone"}}}},
      {"to_device.list",
       to_device_list_reply{
           {to_device_event{
               9, "phone", 4, "laptop",
               envelope{
                   R"({"v":1,"alg":"olm.v1","sender_device":"laptop","ciphertexts":{"4:phone":{"type":0,"body":"AwoB"}}})"}}},
           true}},
      {"keys.backup.create", keys_backup_create_reply{2}},
      {"keys.backup.info", keys_backup_info_reply{2, R"({"v":1,"alg":"natter.backup.v1","check":"Y2hlY2s"})", 40, 7}},
      {"keys.backup.put", keys_backup_put_reply{41, 8}},
      {"keys.backup.get", keys_backup_get_reply{{backup_entry{"c2Vzc2lvbg", "bm9uY2UrY2lwaGVy"}}, true}},
      {"pins.list", pins_reply{{pinned_message{sample_message(), reactor{4, "alice"}, 1763719300000}},
                               true,
                               pin_cursor{1763719300000, 42}}},
  };
}

class reply_round_trip : public ::testing::TestWithParam<reply_case> {};

TEST_P(reply_round_trip, decodes_to_the_encoded_reply) {
  const auto& [request_type, body] = GetParam();
  auto decoded = decode_reply(encode_reply("5", body), request_type);
  ASSERT_TRUE(decoded.ok()) << decoded.err().message;
  EXPECT_EQ(decoded.value(), body);
}

INSTANTIATE_TEST_SUITE_P(every_type, reply_round_trip, ::testing::ValuesIn(sample_replies()),
                         [](const auto& test) { return samples::test_suffix(test.param.request_type); });

TEST(reply_samples, cover_every_reply_type) {
  std::set<std::size_t> covered;
  for (const auto& c : sample_replies()) covered.insert(c.body.index());
  EXPECT_EQ(covered.size(), std::variant_size_v<reply>);
}

TEST(reply_round_trip_cases, the_last_page_of_pins_has_a_null_cursor) {
  const reply last = pins_reply{{}, false, std::nullopt};
  EXPECT_NE(encode_reply("5", last).find(R"("next_cursor":null)"), std::string::npos);
  auto decoded = decode_reply(encode_reply("5", last), "pins.list");
  ASSERT_TRUE(decoded.ok()) << decoded.err().message;
  EXPECT_EQ(decoded.value(), last);
}

TEST(reply_round_trip_cases, incoming_reply_carries_id_and_whole_frame) {
  const std::string frame = encode_reply("5", read_reply{3});
  auto decoded = decode_incoming(frame);
  ASSERT_TRUE(decoded.ok());
  ASSERT_TRUE(std::holds_alternative<incoming_reply>(decoded.value()));
  const auto& r = std::get<incoming_reply>(decoded.value());
  EXPECT_EQ(r.id, "5");
  EXPECT_FALSE(r.failure.has_value());
  EXPECT_EQ(r.json, frame);
}

TEST(reply_round_trip_cases, error_reply_decodes_to_its_error) {
  error e(errc::rate_limited);
  e.retry_after = std::chrono::seconds(30);
  auto decoded = decode_reply(encode_error("5", e), "message.send");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.err().code, errc::rate_limited);
  EXPECT_EQ(decoded.err().retry_after, std::chrono::seconds(30));
}

TEST(reply_round_trip_cases, reply_of_the_wrong_shape_is_bad_request) {
  auto decoded = decode_reply(encode_reply("5", empty_reply{}), "message.send");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.err().code, errc::bad_request);
  EXPECT_EQ(decoded.err().field, "message");
}

TEST(reply_round_trip_cases, reply_without_ok_or_error_is_bad_request) {
  auto decoded = decode_reply(R"({"re":"5"})", "ping");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.err().code, errc::bad_request);
}

TEST(reply_round_trip_cases, nested_field_errors_name_the_path) {
  auto decoded = decode_reply(R"({"re":"5","ok":true,"user":{"id":"1","username":"a","display_name":"A"},)"
                              R"("expires_at":1})",
                              "auth");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.err().field, "user.id");
}

}  // namespace
}  // namespace natter::protocol
