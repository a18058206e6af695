// encode_event then decode_incoming gives back the event, for every type.

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "protocol/codec.hpp"
#include "unit/protocol/sample_frames.hpp"

namespace natter::protocol {
namespace {

using samples::hostile_text;
using samples::sample_edited_message;
using samples::sample_message;

std::vector<event> sample_events() {
  return {
      message_event{sample_message()},
      message_edited_event{7, 15, sample_edited_message()},
      message_deleted_event{7, 16, 42, std::nullopt},
      member_joined_event{7, 17, "carol", "member", std::string("alice"), 3, 1},
      member_left_event{7, 18, "carol", std::nullopt, std::nullopt, std::nullopt},
      conversation_updated_event{7, 19, std::string("Friends"), std::string("weekend"), std::nullopt, std::nullopt,
                                 std::string("AbCdEfGhIjKlMnOpQrStUv"), std::nullopt, std::nullopt, std::nullopt},
      receipt_event{7, "bob", 14, 12, 2},
      typing_event{7, "bob", 2},
      presence_event{"bob", "away", 1763719200000, 2},
      request_event{9, "mallory", sample_message()},
      request_declined_event{9, "bob"},
      request_accepted_event{9, "bob"},
      token_expiring_event{1763720100000},
      group_invited_event{12, "Friends", "mallory"},
      message_reaction_event{7, 20, 42, "👍", "add", reactor{4, "alice"}, samples::sample_reactions()},
      message_pinned_event{7, 21, 42, true, reactor{9, "bob"}},
      user_updated_event{2, "robert", "Robert"},
      devices_changed_event{2},
      keys_low_event{"phone", 9},
      to_device_event{
          9, "phone", 4, "laptop",
          envelope{
              R"({"v":1,"alg":"olm.v1","sender_device":"laptop","ciphertexts":{"4:phone":{"type":0,"body":"AwoB"}}})"}},
  };
}

event round_trip(const event& e) {
  auto decoded = decode_incoming(encode_event(e));
  if (!decoded.ok()) {
    ADD_FAILURE() << decoded.err().message;
    return {};
  }
  if (!std::holds_alternative<event>(decoded.value())) {
    ADD_FAILURE() << "not decoded as an event";
    return {};
  }
  return std::get<event>(decoded.value());
}

class event_round_trip : public ::testing::TestWithParam<event> {};

TEST_P(event_round_trip, decodes_to_the_encoded_event) {
  EXPECT_EQ(round_trip(GetParam()), GetParam());
}

std::string event_test_name(const ::testing::TestParamInfo<event>& test) {
  // The wire type is the encoded frame's first member: {"type":"<name>",...
  const std::string json = encode_event(test.param);
  const auto start = json.find(':') + 2;
  return samples::test_suffix(json.substr(start, json.find('"', start) - start));
}

INSTANTIATE_TEST_SUITE_P(every_type, event_round_trip, ::testing::ValuesIn(sample_events()), event_test_name);

TEST(event_samples, cover_every_event_type) {
  std::set<std::size_t> covered;
  for (const auto& e : sample_events()) covered.insert(e.index());
  EXPECT_EQ(covered.size(), std::variant_size_v<event>);
}

TEST(event_round_trip_cases, every_log_event_variation_round_trips) {
  for (const auto& logged : samples::sample_log_events()) {
    event e = std::visit([](const auto& alternative) { return event(alternative); }, logged);
    EXPECT_EQ(round_trip(e), e) << encode_event(e);
  }
}

TEST(event_round_trip_cases, hostile_message_text_survives_byte_exactly) {
  message m = sample_message();
  m.text = hostile_text();
  m.sender = "\xC3\xA9lise";
  auto decoded = round_trip(message_event{m});
  ASSERT_TRUE(std::holds_alternative<message_event>(decoded));
  EXPECT_EQ(std::get<message_event>(decoded).msg.text, hostile_text());
  EXPECT_EQ(std::get<message_event>(decoded).msg.sender, "\xC3\xA9lise");
}

TEST(event_round_trip_cases, an_encrypted_message_keeps_its_envelope_as_an_object) {
  message m = sample_message();
  m.text.clear();
  m.encrypted =
      envelope{R"({"v":1,"alg":"megolm.v1","sender_device":"phone","session_id":"c2Vz","ciphertext":"a\"b"})"};
  event e = message_event{m};
  const auto frame = encode_event(e);
  EXPECT_NE(frame.find(R"("encrypted":{"v":1,)"), std::string::npos) << frame;
  EXPECT_EQ(round_trip(e), e);
}

TEST(event_round_trip_cases, deleted_message_keeps_id_and_seq) {
  message m = sample_message();
  m.text.clear();
  m.deleted = true;
  event e = message_event{m};
  EXPECT_EQ(round_trip(e), e);
}

TEST(event_round_trip_cases, extreme_integers_survive) {
  event e = message_deleted_event{std::numeric_limits<std::int64_t>::max(), 0, std::numeric_limits<std::int64_t>::min(),
                                  std::nullopt};
  EXPECT_EQ(round_trip(e), e);
}

}  // namespace
}  // namespace natter::protocol
