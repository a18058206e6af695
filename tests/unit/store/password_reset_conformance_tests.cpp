// Conformance: password resets work once, until they expire, and using one
// uses up every other reset of the same user.

#include "store_conformance.hpp"

namespace natter::store::conformance {
namespace {

password_reset_record reset_of(user_id user, const std::string& hash, unix_ms at) {
  return {hash, user, at, at + 30 * 60 * 1000};
}

TEST_P(store_conformance, a_password_reset_works_once) {
  const auto alice = add_user("alice");
  writer().insert_password_reset(reset_of(alice.id, "h-1", 1000));
  EXPECT_EQ(writer().password_reset_user("h-1", 2000), alice.id);
  EXPECT_EQ(writer().password_reset_user("h-1", 2000), alice.id);  // looking uses nothing
  EXPECT_EQ(writer().use_password_reset("h-1", 2000), alice.id);
  EXPECT_FALSE(writer().password_reset_user("h-1", 2001));
  EXPECT_FALSE(writer().use_password_reset("h-1", 2001));
  EXPECT_FALSE(writer().use_password_reset("unknown", 2000));
}

TEST_P(store_conformance, a_password_reset_expires) {
  const auto alice = add_user("alice");
  writer().insert_password_reset(reset_of(alice.id, "h-1", 1000));
  EXPECT_FALSE(writer().password_reset_user("h-1", 1000 + 30 * 60 * 1000));
  EXPECT_FALSE(writer().use_password_reset("h-1", 1000 + 30 * 60 * 1000));
}

TEST_P(store_conformance, using_a_password_reset_uses_up_the_users_others_and_no_one_elses) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().insert_password_reset(reset_of(alice.id, "a-1", 1000));
  writer().insert_password_reset(reset_of(alice.id, "a-2", 1100));
  writer().insert_password_reset(reset_of(bob.id, "b-1", 1100));
  EXPECT_EQ(writer().use_password_reset("a-2", 2000), alice.id);
  EXPECT_FALSE(writer().use_password_reset("a-1", 2000));
  EXPECT_EQ(writer().use_password_reset("b-1", 2000), bob.id);
}

TEST_P(store_conformance, resets_long_expired_are_forgotten_when_a_new_one_is_made) {
  const auto alice = add_user("alice");
  writer().insert_password_reset(reset_of(alice.id, "old", 1000));
  const unix_ms much_later = 1000 + 3 * 24 * 3600 * 1000LL;
  writer().insert_password_reset(reset_of(alice.id, "new", much_later));
  // The old one cannot be told from forgotten by using it; the same hash can
  // be stored again only if it is gone.
  writer().insert_password_reset(reset_of(alice.id, "old", much_later));
  EXPECT_EQ(writer().use_password_reset("old", much_later + 1), alice.id);
}

}  // namespace
}  // namespace natter::store::conformance
