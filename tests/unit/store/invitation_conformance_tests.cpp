// Conformance: group invitations.

#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

TEST_P(conversation_conformance, an_invitation_is_recorded_once_and_read_back_with_its_inviter) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("friends", {alice, carol});

  EXPECT_TRUE(writer().add_invitation(c.id, bob.id, alice.id, t0 + 5));
  EXPECT_FALSE(writer().add_invitation(c.id, bob.id, carol.id, t0 + 6));  // one per group and invitee

  auto found = writer().invitation(c.id, bob.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->conversation, c.id);
  EXPECT_EQ(found->user, bob.id);
  EXPECT_EQ(found->invited_by, alice.id);
  EXPECT_EQ(found->invited_by_name, "alice");
  EXPECT_EQ(found->invited_at, t0 + 5);
  EXPECT_FALSE(found->declined_at);
  EXPECT_FALSE(writer().invitation(c.id, carol.id));
  EXPECT_TRUE(writer().member_ids(c.id) == (std::vector<user_id>{alice.id, carol.id})) << "not a member yet";

  writer().remove_invitation(c.id, bob.id);
  EXPECT_FALSE(writer().invitation(c.id, bob.id));
  EXPECT_TRUE(writer().add_invitation(c.id, bob.id, carol.id, t0 + 7));
}

TEST_P(conversation_conformance, invitations_of_lists_the_pending_ones_newest_first) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto older = group("older", {alice});
  const auto newer = group("newer", {alice});
  const auto declined = group("declined", {alice});
  writer().add_invitation(older.id, bob.id, alice.id, t0 + 1);
  writer().add_invitation(newer.id, bob.id, alice.id, t0 + 2);
  const auto dave = add_user("dave");
  writer().add_invitation(declined.id, bob.id, dave.id, t0 + 3);
  writer().decline_invitations_from(bob.id, dave.id, t0 + 4);

  const auto pending = writer().invitations_of(bob.id);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].conversation, newer.id);
  EXPECT_EQ(pending[1].conversation, older.id);
  EXPECT_TRUE(writer().invitations_of(alice.id).empty());
}

TEST_P(conversation_conformance, declining_declines_every_pending_invitation_from_that_inviter_and_is_remembered) {
  const auto mallory = add_user("mallory");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto one = group("one", {mallory});
  const auto two = group("two", {mallory});
  const auto three = group("three", {carol});
  writer().add_invitation(one.id, bob.id, mallory.id, t0);
  writer().add_invitation(two.id, bob.id, mallory.id, t0);
  writer().add_invitation(three.id, bob.id, carol.id, t0);
  EXPECT_FALSE(writer().declined_invitation_from(bob.id, mallory.id));

  EXPECT_EQ(writer().decline_invitations_from(bob.id, mallory.id, t0 + 9), 2);
  EXPECT_EQ(writer().decline_invitations_from(bob.id, mallory.id, t0 + 10), 0);
  EXPECT_TRUE(writer().declined_invitation_from(bob.id, mallory.id));
  EXPECT_FALSE(writer().declined_invitation_from(bob.id, carol.id));
  EXPECT_FALSE(writer().declined_invitation_from(mallory.id, bob.id));
  EXPECT_EQ(writer().invitation(one.id, bob.id)->declined_at, t0 + 9);
  EXPECT_FALSE(writer().add_invitation(one.id, bob.id, carol.id, t0 + 11)) << "a declined one stays";
  ASSERT_EQ(writer().invitations_of(bob.id).size(), 1u);
  EXPECT_EQ(writer().invitations_of(bob.id)[0].conversation, three.id);
}

}  // namespace
}  // namespace natter::store::conformance
