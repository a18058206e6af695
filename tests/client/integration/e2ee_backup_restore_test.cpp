// Key backup end to end: a C++ device's group keys, sealed with
// client/e2ee/backup.hpp and stored with keys.backup.put, are read back by a
// new device of the same user (another session) with keys.backup.get, which
// then opens a Megolm message sent before it existed.

#include "client/e2ee/backup.hpp"
#include "client/e2ee/trust.hpp"
#include "client/support/session_fixture.hpp"

namespace natter::testing {
namespace {

using client::e2ee::argon2_cost;
using client::e2ee::backup_key;
using client::e2ee::check_user_keys;
using client::e2ee::device;

// Cheap enough for tests; the clients use the defaults.
constexpr argon2_cost restore_test_cost{1, std::size_t{8} << 20U};

class e2ee_backup_restore_test : public session_test {
 protected:
  static void publish_device(client::session& s, device& d) {
    auto up = get(s.call(d.upload(5)));
    ASSERT_TRUE(up) << up.error().code;
    d.published();
  }
  static client::e2ee::peer peer_in(client::session& s, user_id who) {
    auto got = get(s.call(protocol::keys_query_request{{who}}));
    EXPECT_TRUE(got && !got->users.empty());
    auto checked = check_user_keys(got && !got->users.empty() ? got->users.front() : protocol::user_keys{});
    EXPECT_EQ(checked.unsigned_.size(), 1u);
    return checked.unsigned_.empty() ? client::e2ee::peer{} : checked.unsigned_.front();
  }
};

TEST_F(e2ee_backup_restore_test, a_new_device_restores_the_backup_through_natterd_and_reads_old_history) {
  auto alice = online_as("alice");
  auto bob = online_as("bob");
  ASSERT_TRUE(get(alice->send_text("@bob", "hello")));  // they may read each other's keys now
  const auto alice_id = alice->user()->id;
  const auto bob_id = bob->user()->id;
  device laptop(alice_id, "laptop");
  device phone(bob_id, "phone");
  publish_device(*alice, laptop);
  publish_device(*bob, phone);

  // alice shares a group key with bob's phone and sends a message.
  auto claimed = get(alice->call(protocol::keys_claim_request{{{bob_id, "phone"}}}));
  ASSERT_TRUE(claimed && claimed->keys.size() == 1u);
  const auto phone_peer = peer_in(*alice, bob_id);
  ASSERT_TRUE(laptop.start_session(phone_peer, claimed->keys[0]));
  const auto old = laptop.group_encrypt(7, "sent before the tablet", 1'800'000'000'000);
  const auto laptop_peer = peer_in(*bob, alice_id);
  ASSERT_TRUE(phone.decrypt(laptop.share_group_key(7, std::span(&phone_peer, 1)), laptop_peer));

  // bob's phone backs its keys up on natterd.
  auto [key, auth] = backup_key::create("bob's recovery phrase", restore_test_cost);
  auto created = get(bob->call(protocol::keys_backup_create_request{auth}));
  ASSERT_TRUE(created) << created.error().code;
  protocol::keys_backup_put_request put{created->version, {}};
  for (const auto& e : phone.export_group_keys()) put.entries.push_back({e.session_id, key.seal(e.session_id, e.json)});
  ASSERT_EQ(put.entries.size(), 1u);
  auto stored = get(bob->call(put));
  ASSERT_TRUE(stored) << stored.error().code;

  // A tablet of bob's, another session, restores from natterd alone.
  auto tablet_session = online_with(options_for("bob"));
  device tablet(bob_id, "tablet");
  ASSERT_FALSE(tablet.group_decrypt(7, 10, old, laptop_peer));
  auto found = get(tablet_session->call(protocol::keys_backup_info_request{}));
  ASSERT_TRUE(found) << found.error().code;
  EXPECT_EQ(found->auth_data, auth);
  EXPECT_FALSE(backup_key::open("a wrong phrase", found->auth_data));
  auto restored = backup_key::open("bob's recovery phrase", found->auth_data);
  ASSERT_TRUE(restored);
  auto page = get(tablet_session->call(protocol::keys_backup_get_request{found->version, "", 100}));
  ASSERT_TRUE(page) << page.error().code;
  ASSERT_EQ(page->entries.size(), 1u);
  for (const auto& e : page->entries) {
    ASSERT_TRUE(tablet.import_group_key(restored->unseal(e.session_id, e.data).value_or("")));
  }
  auto read = tablet.group_decrypt(7, 10, old, laptop_peer);
  ASSERT_TRUE(read);
  EXPECT_EQ(read.value->body, "sent before the tablet");
}

}  // namespace
}  // namespace natter::testing
