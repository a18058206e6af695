// The clients' e2ee (client/e2ee) with natterd's key directory, over real
// client sessions: what one C++ client publishes and signs, another checks
// and uses.

#include "client/e2ee/trust.hpp"
#include "client/support/session_fixture.hpp"

namespace natter::testing {
namespace {

using client::e2ee::check_user_keys;
using client::e2ee::device;
using client::e2ee::self_signing;
using client::e2ee::trust;
using client::e2ee::trust_store;

class e2ee_session_test : public session_test {
 protected:
  void SetUp() override {
    session_test::SetUp();
    alice_ = online_as("alice");
    bob_ = online_as("bob");
    auto hello = get(alice_->send_text("@bob", "hello"));  // one conversation: they may read each other's keys
    ASSERT_TRUE(hello) << hello.error().code;
    alice_id_ = alice_->user()->id;
    bob_id_ = bob_->user()->id;
  }

  static void publish(client::session& s, device& d, int keys = 5) {
    auto up = get(s.call(d.upload(keys)));
    ASSERT_TRUE(up) << up.error().code;
    d.published();
  }

  protocol::user_keys query(client::session& s, user_id who) {
    auto got = get(s.call(protocol::keys_query_request{{who}}));
    EXPECT_TRUE(got) << got.error().code;
    return got && !got->users.empty() ? got->users.front() : protocol::user_keys{};
  }

  void sign_own_list(client::session& s, const self_signing& ssk, user_id me) {
    const auto mine = query(s, me);
    auto signed_list = get(s.call(ssk.sign_list(me, mine.list_version, mine.devices)));
    ASSERT_TRUE(signed_list) << signed_list.error().code;
  }

  std::unique_ptr<client::session> alice_, bob_;
  user_id alice_id_ = 0, bob_id_ = 0;
};

TEST_F(e2ee_session_test, a_signed_device_list_published_by_one_client_checks_out_on_another) {
  device laptop(alice_id_, "laptop");
  publish(*alice_, laptop);
  self_signing ssk;
  auto published = get(alice_->call(ssk.publish(alice_id_, false)));
  ASSERT_TRUE(published) << published.error().code;
  sign_own_list(*alice_, ssk, alice_id_);

  const auto keys = query(*bob_, alice_id_);
  const auto checked = check_user_keys(keys);
  EXPECT_TRUE(checked.list_valid);
  ASSERT_EQ(checked.trusted.size(), 1u);
  EXPECT_EQ(checked.trusted[0].ed25519, laptop.self().ed25519);
  trust_store t;
  EXPECT_EQ(t.observe(alice_id_, keys.signing_key.value_or("")), trust::unverified);
}

TEST_F(e2ee_session_test, a_key_claimed_through_natterd_starts_a_session_both_ends_read) {
  device laptop(alice_id_, "laptop");
  device phone(bob_id_, "phone");
  publish(*alice_, laptop);
  publish(*bob_, phone);
  auto claimed = get(bob_->call(protocol::keys_claim_request{{{alice_id_, "laptop"}}}));
  ASSERT_TRUE(claimed) << claimed.error().code;
  ASSERT_EQ(claimed->keys.size(), 1u);
  const auto alice_peer = check_user_keys(query(*bob_, alice_id_)).unsigned_.at(0);
  ASSERT_TRUE(phone.start_session(alice_peer, claimed->keys[0]));
  const auto bob_peer = check_user_keys(query(*alice_, bob_id_)).unsigned_.at(0);
  auto opened = laptop.decrypt(phone.encrypt("over natterd's keys", std::span(&alice_peer, 1)), bob_peer);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened.value->body, "over natterd's keys");
  // The key went once: a second claim gets the next one.
  auto again = get(bob_->call(protocol::keys_claim_request{{{alice_id_, "laptop"}}}));
  ASSERT_TRUE(again);
  ASSERT_EQ(again->keys.size(), 1u);
  EXPECT_NE(again->keys[0].key_id, claimed->keys[0].key_id);
}

TEST_F(e2ee_session_test, a_new_device_and_a_replaced_signing_key_are_noticed) {
  device laptop(alice_id_, "laptop");
  publish(*alice_, laptop);
  self_signing ssk;
  ASSERT_TRUE(get(alice_->call(ssk.publish(alice_id_, false))));
  sign_own_list(*alice_, ssk, alice_id_);
  trust_store t;
  t.observe(alice_id_, query(*bob_, alice_id_).signing_key.value_or(""));
  ASSERT_TRUE(t.mark_verified(alice_id_));

  // A second install (another session of alice's): outside the signed list until signed.
  auto alice_phone = online_with(options_for("alice"));
  device phone(alice_id_, "phone");
  publish(*alice_phone, phone);
  auto checked = check_user_keys(query(*bob_, alice_id_));
  ASSERT_EQ(checked.unsigned_.size(), 1u);
  EXPECT_EQ(checked.unsigned_[0].device_id, "phone");
  sign_own_list(*alice_, ssk, alice_id_);
  EXPECT_EQ(check_user_keys(query(*bob_, alice_id_)).trusted.size(), 2u);

  // A reinstall that makes a new signing key: bob, who verified alice, is warned and held.
  self_signing replacement;
  auto refused = get(alice_->call(replacement.publish(alice_id_, false)));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "KEY_CONFLICT");
  ASSERT_TRUE(get(alice_->call(replacement.publish(alice_id_, true))));
  const auto after = query(*bob_, alice_id_);
  EXPECT_EQ(t.observe(alice_id_, after.signing_key.value_or("")), trust::changed_after_verify);
  EXPECT_FALSE(t.may_send_to(alice_id_));
  EXPECT_FALSE(check_user_keys(after).list_valid);  // the old list's signature is gone with the old key
}

}  // namespace
}  // namespace natter::testing
