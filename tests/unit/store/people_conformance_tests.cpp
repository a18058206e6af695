// Conformance: usernames freed by renames, who hears of a rename, the status
// each user chose, and reopening a declined chat request.

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

TEST_P(conversation_conformance, a_username_freed_by_a_rename_is_reserved_against_everyone_but_who_freed_it) {
  const auto alice = add_user("alice");
  const auto carol = add_user("carol");
  writer().reserve_username("alice", t0 + one_day, alice.id);
  EXPECT_TRUE(writer().username_reserved_against("alice", carol.id, t0));
  EXPECT_FALSE(writer().username_reserved_against("alice", alice.id, t0));
  EXPECT_FALSE(writer().username_reserved_against("alice", carol.id, t0 + one_day));
  EXPECT_TRUE(writer().username_reserved("alice", t0)) << "registration is refused too";
  // A later reservation replaces the earlier one.
  writer().reserve_username("alice", t0 + 2 * one_day, carol.id);
  EXPECT_TRUE(writer().username_reserved_against("alice", alice.id, t0 + one_day));
  EXPECT_FALSE(writer().username_reserved_against("alice", carol.id, t0 + one_day));
}

TEST_P(conversation_conformance, a_deleted_accounts_username_is_reserved_against_everyone) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().erase_account(alice.id, {"deleted-" + std::to_string(alice.id),
                                    std::to_string(alice.id) + "@deleted.invalid", "Deleted user", t0, t0 + one_day});
  EXPECT_TRUE(writer().username_reserved_against("alice", bob.id, t0 + 1));
  EXPECT_TRUE(writer().username_reserved_against("alice", alice.id, t0 + 1));
}

TEST_P(conversation_conformance, the_profile_audience_is_contacts_and_fellow_members_of_chats_and_groups_not_rooms) {
  const auto alice = add_user("alice");
  const auto contact = add_user("contact");
  const auto follower = add_user("follower");
  const auto requester = add_user("requester");
  const auto friend_ = add_user("friend");
  const auto roommate = add_user("roommate");
  const auto stranger = add_user("stranger");
  ASSERT_TRUE(writer().add_contact(alice.id, contact.id));
  ASSERT_TRUE(writer().add_contact(follower.id, alice.id));
  direct_chat(requester, alice, request_state::declined);
  group("friends", {friend_, alice});
  const auto room = create(make_conversation(conversation_kind::room, "lobby"));
  writer().add_member(room.id, alice.id, member_role::member, t0, 0);
  writer().add_member(room.id, roommate.id, member_role::member, t0, 0);
  (void)stranger;

  std::vector<user_id> expected{contact.id, follower.id, requester.id, friend_.id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(writer().profile_audience(alice.id, 100), expected);
  EXPECT_EQ(writer().profile_audience(alice.id, 2).size(), 2U);
}

TEST_P(conversation_conformance, a_chosen_status_is_kept_and_online_by_default) {
  const auto alice = add_user("alice");
  EXPECT_EQ(writer().chosen_status(alice.id), "online");
  writer().set_chosen_status(alice.id, "invisible");
  EXPECT_EQ(writer().chosen_status(alice.id), "invisible");
  writer().set_chosen_status(alice.id, "busy");
  EXPECT_EQ(writer().chosen_status(alice.id), "busy");
}

TEST_P(conversation_conformance, only_whoever_declined_a_request_reopens_it) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto chat = direct_chat(alice, bob, request_state::declined);  // alice asked, bob declined
  EXPECT_FALSE(writer().reopen_declined_request(chat.id, alice.id));
  EXPECT_EQ(writer().conversation_by_id(chat.id)->request, request_state::declined);
  EXPECT_EQ(writer().reopen_declined_request(chat.id, bob.id), alice.id);
  EXPECT_EQ(writer().conversation_by_id(chat.id)->request, request_state::none);
  EXPECT_FALSE(writer().reopen_declined_request(chat.id, bob.id)) << "already open";

  const auto pending = direct_chat(add_user("carol"), bob, request_state::pending);
  EXPECT_FALSE(writer().reopen_declined_request(pending.id, bob.id)) << "a pending request is answered, not reopened";
  const auto friends = group("friends", {alice, bob});
  EXPECT_FALSE(writer().reopen_declined_request(friends.id, bob.id));
}

}  // namespace
}  // namespace natter::store::conformance
