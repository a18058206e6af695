// Conformance: an email confirmation works once, until it expires; a newer
// one of the same user retires the older; using one for a new address and
// changing the address make the right address confirmed or not.

#include "store_conformance.hpp"

namespace natter::store::conformance {
namespace {

constexpr unix_ms day_ms = 24 * 3600 * 1000LL;

email_confirmation_record link_of(user_id user, const std::string& hash, const std::string& email, unix_ms at) {
  return {hash, user, email, at, at + day_ms};
}

TEST_P(store_conformance, an_email_confirmation_works_once_and_says_for_which_address) {
  const auto alice = add_user("alice");
  writer().insert_email_confirmation(link_of(alice.id, "h-1", "new@example.org", 1000));
  auto used = writer().use_email_confirmation("h-1", 2000);
  ASSERT_TRUE(used);
  EXPECT_EQ(used->user, alice.id);
  EXPECT_EQ(used->email, "new@example.org");
  EXPECT_EQ(used->expires_at, 1000 + day_ms);
  EXPECT_FALSE(writer().use_email_confirmation("h-1", 2001));
  EXPECT_FALSE(writer().use_email_confirmation("unknown", 2000));
}

TEST_P(store_conformance, an_email_confirmation_expires) {
  const auto alice = add_user("alice");
  writer().insert_email_confirmation(link_of(alice.id, "h-1", "new@example.org", 1000));
  EXPECT_FALSE(writer().email_state_of(alice.id, 1000 + day_ms).pending);
  EXPECT_FALSE(writer().use_email_confirmation("h-1", 1000 + day_ms));
}

TEST_P(store_conformance, a_newer_email_confirmation_retires_the_users_older_ones_only) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().insert_email_confirmation(link_of(alice.id, "a-1", "one@example.org", 1000));
  writer().insert_email_confirmation(link_of(bob.id, "b-1", "bob2@example.org", 1050));
  writer().insert_email_confirmation(link_of(alice.id, "a-2", "two@example.org", 1100));
  EXPECT_EQ(writer().email_state_of(alice.id, 1200).pending, "two@example.org");
  EXPECT_FALSE(writer().use_email_confirmation("a-1", 2000));
  EXPECT_TRUE(writer().use_email_confirmation("b-1", 2000));
  EXPECT_TRUE(writer().use_email_confirmation("a-2", 2000));
  EXPECT_FALSE(writer().email_state_of(alice.id, 2000).pending);  // used: no longer pending
}

TEST_P(store_conformance, a_link_for_the_current_address_is_not_a_pending_change) {
  const auto alice = add_user("alice");  // alice@example.com
  writer().insert_email_confirmation(link_of(alice.id, "h-1", "Alice@Example.com", 1000));
  const auto state = writer().email_state_of(alice.id, 1500);
  EXPECT_FALSE(state.pending);
  EXPECT_FALSE(state.verified);
}

TEST_P(store_conformance, a_confirmed_address_stays_confirmed_until_the_address_changes) {
  const auto alice = add_user("alice");
  writer().set_email_verified(alice.id, 1000);
  EXPECT_TRUE(writer().email_state_of(alice.id, 1000).verified);
  profile_update same_in_other_case;
  same_in_other_case.email = "ALICE@example.com";
  same_in_other_case.display_name = "Alice";
  ASSERT_TRUE(writer().update_profile(alice.id, same_in_other_case));
  EXPECT_TRUE(writer().email_state_of(alice.id, 1000).verified);
  profile_update elsewhere;
  elsewhere.email = "alice@example.net";
  ASSERT_TRUE(writer().update_profile(alice.id, elsewhere));
  EXPECT_FALSE(writer().email_state_of(alice.id, 1000).verified);
}

TEST_P(store_conformance, deleting_an_account_forgets_its_email_confirmations) {
  const auto alice = add_user("alice");
  writer().insert_email_confirmation(link_of(alice.id, "h-1", "new@example.org", 1000));
  writer().erase_account(alice.id, {"deleted-1", "1@deleted.invalid", "Deleted user", 1500, 1500 + day_ms});
  EXPECT_FALSE(writer().use_email_confirmation("h-1", 2000));
}

}  // namespace
}  // namespace natter::store::conformance
