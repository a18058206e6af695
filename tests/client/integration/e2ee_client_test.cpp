// e2ee::crypto_session over real client sessions and natterd: what users of
// the client library see in encrypted conversations.

#include "client/support/crypto_fixture.hpp"

namespace natter::testing {
namespace {

using client::e2ee::device_added;
using client::e2ee::failure;
using client::e2ee::keys_changed;
using client::e2ee::message_reopened;
using client::e2ee::trust;

class e2ee_client_test : public crypto_test {};

template <class Notice>
bool noticed(const crypto_user& u) {
  return std::any_of(u.notices.begin(), u.notices.end(),
                     [](const client::e2ee::notice& n) { return std::holds_alternative<Notice>(n); });
}

TEST_F(e2ee_client_test, two_users_in_an_encrypted_direct_chat_read_each_other_both_ways) {
  register_user("alice");
  register_user("bob");
  auto alice = install("alice", "ALICE1");
  auto bob = install("bob", "BOB1");
  const auto c = encrypted_chat(alice, "bob", bob, "alice");
  ASSERT_NE(c, 0);

  auto sent = alice.crypto->send(c, "the first secret");
  ASSERT_TRUE(sent) << sent.error().code;
  EXPECT_TRUE(sent->msg.encrypted.has_value());
  EXPECT_EQ(sent->msg.text, "");
  ASSERT_TRUE(pump_until_shown(bob, "the first secret")) << bob.screen();
  auto answer = bob.crypto->send(c, "and one back");
  ASSERT_TRUE(answer) << answer.error().code;
  ASSERT_TRUE(pump_until_shown(alice, "and one back")) << alice.screen();
  ASSERT_TRUE(pump_until_shown(alice, "the first secret"))
      << alice.screen();  // her own, read back from her own copy of the key
  ASSERT_TRUE(alice.crypto->send(c, "a second round"));
  ASSERT_TRUE(pump_until_shown(bob, "a second round")) << bob.screen();
}

TEST_F(e2ee_client_test, removing_a_group_member_rotates_the_key_so_they_cannot_read_what_follows) {
  for (const char* name : {"alice", "bob", "carol"}) register_user(name);
  auto alice = install("alice", "ALICE1");
  auto bob = install("bob", "BOB1");
  auto carol = install("carol", "CAROL1");
  for (auto* member : {&bob, &carol}) ASSERT_TRUE(get(member->session->call(protocol::contact_add_request{"alice"})));
  auto group = get(alice.session->call(protocol::group_create_request{"trio", {"bob", "carol"}}));
  ASSERT_TRUE(group) << group.error().code;
  const auto g = group->conv.id;
  ASSERT_TRUE(alice.crypto->encrypt(g));

  ASSERT_TRUE(alice.crypto->send(g, "for all three"));
  ASSERT_TRUE(pump_until_shown(bob, "for all three")) << bob.screen();
  ASSERT_TRUE(pump_until_shown(carol, "for all three")) << carol.screen();

  ASSERT_TRUE(get(alice.session->call(protocol::group_remove_request{g, "carol"})));
  ASSERT_TRUE(pump(alice, [](const crypto_user& u) {
    return std::any_of(u.others.begin(), u.others.end(),
                       [](const protocol::event& e) { return std::holds_alternative<protocol::member_left_event>(e); });
  }));
  ASSERT_TRUE(alice.crypto->send(g, "carol is gone"));
  ASSERT_TRUE(pump_until_shown(bob, "carol is gone")) << bob.screen();

  // What carol would see of it, had she got it: the new key never reached her.
  const auto after = std::find_if(bob.shown.begin(), bob.shown.end(),
                                  [](const auto& s) { return !s.second.error && s.second.text == "carol is gone"; });
  const auto shown = carol.crypto->open(bob.messages.at(after->first));
  ASSERT_TRUE(shown.error.has_value());
  EXPECT_TRUE(shown.error->why == failure::missing_group_key || shown.error->why == failure::not_for_this_device)
      << client::e2ee::describe(shown.error->why);
  EXPECT_TRUE(shown.text.empty());
}

TEST_F(e2ee_client_test, a_lost_group_key_shows_a_failure_until_the_key_is_shared_again) {
  register_user("alice");
  register_user("bob");
  auto alice = install("alice", "ALICE1");
  auto bob = install("bob", "BOB1");
  const auto c = encrypted_chat(alice, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  bob.drop_to_device = 1;  // the device message with the group key never arrives

  ASSERT_TRUE(alice.crypto->send(c, "after a lost key"));
  ASSERT_TRUE(pump(bob, [](const crypto_user& u) { return u.to_device_dropped == 1 && u.failed_id().has_value(); }));
  const auto failed = *bob.failed_id();
  EXPECT_EQ(bob.shown.at(failed).error->why, failure::missing_group_key);
  EXPECT_TRUE(bob.shown.at(failed).text.empty());

  ASSERT_TRUE(alice.crypto->reshare(c));
  ASSERT_TRUE(pump(bob, [&](const crypto_user& u) { return !u.shown.at(failed).error.has_value(); }));
  EXPECT_EQ(bob.shown.at(failed).text, "after a lost key");
  EXPECT_TRUE(noticed<message_reopened>(bob));
}

TEST_F(e2ee_client_test, a_crash_between_opening_and_acknowledging_a_device_message_loses_nothing) {
  register_user("alice");
  register_user("bob");
  auto alice = install("alice", "ALICE1");
  auto bob = install("bob", "BOB1");
  const auto c = encrypted_chat(alice, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  bob.acknowledge = false;

  ASSERT_TRUE(alice.crypto->send(c, "survives a crash"));
  ASSERT_TRUE(pump_until_shown(bob, "survives a crash")) << bob.screen();
  const auto message = std::find_if(bob.shown.begin(), bob.shown.end(), [](const auto& s) {
                         return s.second.text == "survives a crash";
                       })->first;
  const auto original = bob.messages.at(message);
  auto waiting = get(bob.session->call(protocol::to_device_list_request{0, 100}));
  ASSERT_TRUE(waiting) << waiting.error().code;
  ASSERT_FALSE(waiting->messages.empty());  // opened and saved, never acknowledged

  auto again = restarted(bob, "bob", "BOB1");
  // What the bootstrap lists again and acknowledges now, it had opened and saved before.
  EXPECT_EQ(again.crypto->self().device_id, "BOB1");
  const auto opened = again.crypto->open(original);
  ASSERT_FALSE(opened.error.has_value()) << client::e2ee::describe(opened.error->why);
  EXPECT_EQ(opened.text, "survives a crash");
  auto left = get(again.session->call(protocol::to_device_list_request{0, 100}));
  ASSERT_TRUE(left) << left.error().code;
  EXPECT_TRUE(left->messages.empty());
}

TEST_F(e2ee_client_test, a_second_device_of_a_user_is_announced_and_receives_with_the_first) {
  register_user("alice");
  register_user("bob");
  auto alice = install("alice", "ALICE1");
  auto laptop = install("bob", "LAPTOP");
  const auto c = encrypted_chat(alice, "bob", laptop, "alice");
  ASSERT_NE(c, 0);
  ASSERT_TRUE(alice.crypto->send(c, "before the phone"));
  ASSERT_TRUE(pump_until_shown(laptop, "before the phone")) << laptop.screen();

  auto phone = install("bob", "PHONE");
  ASSERT_TRUE(pump(alice, [](const crypto_user& u) {
    return std::any_of(u.notices.begin(), u.notices.end(), [](const client::e2ee::notice& n) {
      const auto* added = std::get_if<device_added>(&n);
      return added != nullptr && added->device_id == "PHONE";
    });
  }));
  ASSERT_TRUE(alice.crypto->send(c, "to both of bob's devices"));
  ASSERT_TRUE(pump_until_shown(laptop, "to both of bob's devices")) << laptop.screen();
  ASSERT_TRUE(pump_until_shown(phone, "to both of bob's devices")) << phone.screen();
  // And what one of bob's devices sends, his other one reads.
  ASSERT_TRUE(pump(laptop, [](const crypto_user& u) { return noticed<device_added>(u); }));
  ASSERT_TRUE(laptop.crypto->send(c, "from the laptop"));
  ASSERT_TRUE(pump_until_shown(phone, "from the laptop")) << phone.screen();
  ASSERT_TRUE(pump_until_shown(alice, "from the laptop")) << alice.screen();
  const auto devices = alice.crypto->devices_of(laptop.id());
  EXPECT_EQ(devices.size(), 2u);
}

TEST_F(e2ee_client_test, a_verified_contacts_key_change_holds_sending_until_it_is_acknowledged) {
  register_user("alice");
  register_user("bob");
  auto alice = install("alice", "ALICE1");
  auto bob = install("bob", "BOB1");
  const auto c = encrypted_chat(alice, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  const auto number = alice.crypto->safety_number_with(bob.id());
  ASSERT_TRUE(number.has_value());
  EXPECT_EQ(number, bob.crypto->safety_number_with(alice.id()));
  EXPECT_EQ(number->size(), 60u + 11u);  // 12 groups of 5 digits
  EXPECT_EQ(alice.crypto->trust_of(bob.id()), trust::unverified);
  ASSERT_TRUE(alice.crypto->verify(bob.id()));
  EXPECT_EQ(alice.crypto->trust_of(bob.id()), trust::verified);

  // Bob's self-signing key is replaced (a reinstall, or the server lying).
  client::e2ee::self_signing replacement;
  ASSERT_TRUE(get(bob.session->call(replacement.publish(bob.id(), true))));
  ASSERT_TRUE(pump(alice, [](const crypto_user& u) { return noticed<keys_changed>(u); }));
  EXPECT_EQ(alice.crypto->trust_of(bob.id()), trust::changed_after_verify);
  auto held = alice.crypto->send(c, "held back");
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().code, "VERIFICATION_REQUIRED");
  EXPECT_NE(alice.crypto->safety_number_with(bob.id()), number);

  alice.crypto->acknowledge_change(bob.id());
  EXPECT_EQ(alice.crypto->trust_of(bob.id()), trust::unverified);
  ASSERT_TRUE(alice.crypto->send(c, "sent after acknowledging"));
  ASSERT_TRUE(pump_until_shown(bob, "sent after acknowledging")) << bob.screen();
}

}  // namespace
}  // namespace natter::testing
