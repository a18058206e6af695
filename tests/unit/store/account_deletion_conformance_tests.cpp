// Conformance: erasing an account leaves a tombstone, unties it from everyone,
// and reserves its username for a while.

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

account_erasure tombstone_of(user_id id, unix_ms at) {
  return {"deleted-" + std::to_string(id), std::to_string(id) + "@deleted.invalid", "Deleted user", at,
          at + 30 * one_day};
}

TEST_P(conversation_conformance, an_erased_account_keeps_only_a_tombstone_and_its_name_stays_reserved) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  ASSERT_TRUE(writer().add_contact(alice.id, bob.id));
  ASSERT_TRUE(writer().add_contact(bob.id, alice.id));
  ASSERT_TRUE(writer().add_block(bob.id, alice.id));
  const auto other = group("others", {bob});
  ASSERT_TRUE(writer().add_invitation(other.id, alice.id, bob.id, t0));
  writer().insert_password_reset({"h-1", alice.id, t0, t0 + 1000});
  send(c.id, alice, "kept");

  writer().erase_account(alice.id, tombstone_of(alice.id, t0 + 10));

  const auto gone = writer().user_by_id(alice.id);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->username, "deleted-" + std::to_string(alice.id));
  EXPECT_EQ(gone->email, std::to_string(alice.id) + "@deleted.invalid");
  EXPECT_EQ(gone->display_name, "Deleted user");
  EXPECT_EQ(gone->bio, "");
  EXPECT_EQ(gone->avatar, "");
  EXPECT_FALSE(writer().user_by_login("alice"));
  EXPECT_FALSE(writer().user_by_login("alice@example.com"));
  EXPECT_EQ(writer().credentials_of(alice.id)->password_hash, "");
  EXPECT_FALSE(writer().is_contact(bob.id, alice.id));
  EXPECT_TRUE(writer().contacts_of(alice.id).empty());
  EXPECT_FALSE(writer().is_blocked(bob.id, alice.id));
  EXPECT_FALSE(writer().invitation(other.id, alice.id));
  EXPECT_FALSE(writer().use_password_reset("h-1", t0 + 20));
  // The message stays, under the tombstone's name.
  const auto log = writer().log_after(c.id, 0, 10);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back().message->sender_name, "deleted-" + std::to_string(alice.id));

  EXPECT_TRUE(writer().username_reserved("alice", t0 + 11));
  EXPECT_FALSE(writer().username_reserved("alice", t0 + 10 + 30 * one_day));
  EXPECT_FALSE(writer().username_reserved("bob", t0 + 11));
}

}  // namespace
}  // namespace natter::store::conformance
