// e2ee::crypto_session when a user reinstalls after every other device of
// theirs is gone: the new install makes a new self-signing key and signs
// the list, and contacts are told the key changed (trust on first use).

#include "client/http_api.hpp"
#include "client/support/crypto_fixture.hpp"

namespace natter::testing {
namespace {

using client::e2ee::check_user_keys;
using client::e2ee::keys_changed;
using client::e2ee::trust;

class e2ee_reinstall_test : public crypto_test {
 protected:
  static protocol::user_keys keys_of(crypto_user& viewer, user_id who) {
    auto got = get(viewer.session->call(protocol::keys_query_request{{who}}));
    EXPECT_TRUE(got) << (got ? "" : got.error().code);
    return got && !got->users.empty() ? got->users.front() : protocol::user_keys{};
  }

  // Ends the install's login session (its device goes with it), as a
  // "log out" elsewhere or a device removal would.
  void remove_install(crypto_user& u) {
    const auto token = *u.refresh_token;
    u.crypto.reset();
    u.session.reset();
    client::http_api api(client::server_url::parse("http://127.0.0.1:" + std::to_string(server_->port())).value(),
                         nullptr);
    auto out = api.logout(token);
    ASSERT_TRUE(out) << out.error().code;
  }

  static bool bob_sees_signed(crypto_user& bob, user_id of, const std::string& device_id) {
    for (const auto& d : bob.crypto->devices_of(of)) {
      if (d.device_id == device_id) return d.signed_by_owner;
    }
    return false;
  }
};

TEST_F(e2ee_reinstall_test, a_reinstall_after_the_only_device_was_removed_signs_its_list_with_a_new_key) {
  register_user("alice");
  register_user("bob");
  auto first = install("alice", "A1");
  auto bob = install("bob", "BOB1");
  const auto c = encrypted_chat(first, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  const auto alice = first.id();
  const auto old_key = keys_of(bob, alice).signing_key;
  ASSERT_TRUE(old_key.has_value());
  ASSERT_TRUE(bob.crypto->safety_number_with(alice).has_value());  // the numbers compared
  ASSERT_TRUE(bob.crypto->verify(alice));
  remove_install(first);
  ASSERT_TRUE(keys_of(bob, alice).devices.empty());

  auto again = install("alice", "A2");
  const auto now = keys_of(bob, alice);
  ASSERT_TRUE(now.signing_key.has_value());
  EXPECT_NE(now.signing_key, old_key);
  const auto checked = check_user_keys(now);
  EXPECT_TRUE(checked.list_valid);
  ASSERT_EQ(checked.trusted.size(), 1u);
  EXPECT_EQ(checked.trusted[0].device_id, "A2");

  // Bob, who had verified the old key, is warned; once he acknowledges, the
  // new device is confirmed by its owner and the chat goes on.
  ASSERT_TRUE(pump(bob, [](const crypto_user& u) {
    return std::any_of(u.notices.begin(), u.notices.end(),
                       [](const client::e2ee::notice& n) { return std::holds_alternative<keys_changed>(n); });
  }));
  EXPECT_EQ(bob.crypto->trust_of(alice), trust::changed_after_verify);
  bob.crypto->acknowledge_change(alice);
  EXPECT_EQ(bob.crypto->trust_of(alice), trust::unverified);
  EXPECT_TRUE(bob_sees_signed(bob, alice, "A2"));
  ASSERT_TRUE(bob.crypto->send(c, "welcome back"));
  ASSERT_TRUE(pump_until_shown(again, "welcome back")) << again.screen();
}

TEST_F(e2ee_reinstall_test, a_new_install_beside_a_remaining_device_keeps_the_users_key) {
  register_user("alice");
  auto first = install("alice", "A1");
  const auto before = keys_of(first, first.id()).signing_key;
  ASSERT_TRUE(before.has_value());
  auto second = install("alice", "A2");
  const auto after = keys_of(first, first.id());
  EXPECT_EQ(after.signing_key, before);
  const auto checked = check_user_keys(after);
  ASSERT_EQ(checked.unsigned_.size(), 1u);  // waits for A1 to approve it
  EXPECT_EQ(checked.unsigned_[0].device_id, "A2");
}

}  // namespace
}  // namespace natter::testing
