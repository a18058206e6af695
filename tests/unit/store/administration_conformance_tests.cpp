// Conformance: server administrators, disabled accounts, the filtered audit
// log and invites (migration 12).

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

invite_record make_invite(std::string id, std::string hash, unix_ms at, std::optional<user_id> by = std::nullopt) {
  invite_record i;
  i.id = std::move(id);
  i.code_hash = std::move(hash);
  i.created_by = by;
  i.created_at = at;
  i.expires_at = at + 7 * one_day;
  return i;
}

TEST_P(store_conformance, a_new_user_is_neither_admin_nor_disabled) {
  const auto alice = add_user("alice");
  const auto state = writer().account_state_of(alice.id);
  EXPECT_FALSE(state.admin_since);
  EXPECT_FALSE(state.disabled_at);
}

TEST_P(store_conformance, server_admin_is_granted_and_revoked_for_that_user_only) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  EXPECT_TRUE(writer().set_server_admin(alice.id, t0 + 5));
  EXPECT_EQ(writer().account_state_of(alice.id).admin_since, t0 + 5);
  EXPECT_FALSE(writer().account_state_of(bob.id).admin_since);
  EXPECT_TRUE(writer().set_server_admin(alice.id, std::nullopt));
  EXPECT_FALSE(writer().account_state_of(alice.id).admin_since);
}

TEST_P(store_conformance, an_account_is_disabled_and_enabled_again_and_it_survives_a_reopen) {
  const auto alice = add_user("alice");
  EXPECT_TRUE(writer().set_account_disabled(alice.id, t0 + 7));
  reopen();
  EXPECT_EQ(writer().account_state_of(alice.id).disabled_at, t0 + 7);
  EXPECT_TRUE(writer().set_account_disabled(alice.id, std::nullopt));
  EXPECT_FALSE(writer().account_state_of(alice.id).disabled_at);
}

TEST_P(store_conformance, administering_an_unknown_user_changes_nothing) {
  EXPECT_FALSE(writer().set_server_admin(424242, t0));
  EXPECT_FALSE(writer().set_account_disabled(424242, t0));
  const auto state = writer().account_state_of(424242);
  EXPECT_FALSE(state.admin_since);
  EXPECT_FALSE(state.disabled_at);
}

TEST_P(store_conformance, audit_events_are_filtered_by_user_and_kind_newest_first) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().append_audit_event(make_event(alice.id, "login.ok", "1"));
  writer().append_audit_event(make_event(bob.id, "login.ok", "2"));
  writer().append_audit_event(make_event(alice.id, "login.failed", "3"));
  writer().append_audit_event(make_event(std::nullopt, "admin.invite", "4"));
  writer().append_audit_event(make_event(alice.id, "login.ok", "5"));

  audit_filter all;
  auto events = writer().audit_events_matching(all);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events.front().detail, "5");
  EXPECT_EQ(events.back().detail, "1");

  audit_filter alices_logins;
  alices_logins.user = alice.id;
  alices_logins.kind = "login.ok";
  events = writer().audit_events_matching(alices_logins);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].detail, "5");
  EXPECT_EQ(events[1].detail, "1");

  audit_filter bobs;
  bobs.user = bob.id;
  events = writer().audit_events_matching(bobs);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].detail, "2");

  audit_filter two_logins;
  two_logins.kind = "login.ok";
  two_logins.limit = 2;
  events = writer().audit_events_matching(two_logins);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].detail, "5");
  EXPECT_EQ(events[1].detail, "2");

  audit_filter none;
  none.limit = 0;
  EXPECT_TRUE(writer().audit_events_matching(none).empty());
}

TEST_P(store_conformance, an_invite_works_once_and_records_who_used_it) {
  const auto admin = add_user("admin");
  const auto alice = add_user("alice");
  writer().insert_invite(make_invite("inv-1", "hash-1", t0, admin.id));
  EXPECT_TRUE(writer().invite_usable("hash-1", t0 + 10));
  EXPECT_TRUE(writer().invite_usable("hash-1", t0 + 10));  // looking uses nothing
  EXPECT_FALSE(writer().invite_usable("unknown", t0 + 10));
  EXPECT_EQ(writer().use_invite("hash-1", alice.id, t0 + 10), "inv-1");
  EXPECT_FALSE(writer().invite_usable("hash-1", t0 + 11));
  EXPECT_FALSE(writer().use_invite("hash-1", alice.id, t0 + 11));
  EXPECT_FALSE(writer().use_invite("unknown", alice.id, t0 + 11));
  EXPECT_TRUE(writer().open_invites(t0 + 12, 10).empty());
}

TEST_P(store_conformance, an_invite_expires) {
  const auto alice = add_user("alice");
  writer().insert_invite(make_invite("inv-1", "hash-1", t0));
  EXPECT_EQ(writer().open_invites(t0 + 7 * one_day - 1, 10).size(), 1u);
  EXPECT_TRUE(writer().open_invites(t0 + 7 * one_day, 10).empty());
  EXPECT_FALSE(writer().invite_usable("hash-1", t0 + 7 * one_day));
  EXPECT_FALSE(writer().use_invite("hash-1", alice.id, t0 + 7 * one_day));
}

TEST_P(store_conformance, a_revoked_invite_cannot_be_used_or_revoked_again) {
  const auto alice = add_user("alice");
  writer().insert_invite(make_invite("inv-1", "hash-1", t0));
  EXPECT_TRUE(writer().revoke_invite("inv-1", t0 + 1));
  EXPECT_FALSE(writer().revoke_invite("inv-1", t0 + 2));
  EXPECT_FALSE(writer().revoke_invite("no-such-invite", t0 + 2));
  EXPECT_FALSE(writer().invite_usable("hash-1", t0 + 3));
  EXPECT_FALSE(writer().use_invite("hash-1", alice.id, t0 + 3));
  EXPECT_TRUE(writer().open_invites(t0 + 3, 10).empty());
}

TEST_P(store_conformance, open_invites_are_listed_newest_first_with_what_was_stored) {
  const auto admin = add_user("admin");
  writer().insert_invite(make_invite("inv-a", "hash-a", t0, admin.id));
  writer().insert_invite(make_invite("inv-b", "hash-b", t0 + 5));
  writer().insert_invite(make_invite("inv-c", "hash-c", t0 + 9));
  EXPECT_TRUE(writer().revoke_invite("inv-c", t0 + 10));
  const auto open = writer().open_invites(t0 + 10, 10);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].id, "inv-b");
  EXPECT_FALSE(open[0].created_by);
  EXPECT_EQ(open[1].id, "inv-a");
  EXPECT_EQ(open[1].code_hash, "hash-a");
  EXPECT_EQ(open[1].created_by, admin.id);
  EXPECT_EQ(open[1].created_at, t0);
  EXPECT_EQ(open[1].expires_at, t0 + 7 * one_day);
  EXPECT_EQ(writer().open_invites(t0 + 10, 1).size(), 1u);
  EXPECT_TRUE(writer().open_invites(t0 + 10, 0).empty());
}

}  // namespace
}  // namespace natter::store::conformance

namespace natter::store::conformance {
namespace {

TEST_P(conversation_conformance, a_deleted_room_is_not_found_nor_listed_and_its_name_is_free) {
  const auto lobby = create(make_conversation(conversation_kind::room, "lobby"));
  const auto garden = create(make_conversation(conversation_kind::room, "garden"));
  EXPECT_TRUE(writer().delete_conversation(lobby.id, t0 + 1));
  EXPECT_FALSE(writer().delete_conversation(lobby.id, t0 + 2));  // already deleted
  EXPECT_FALSE(writer().room_by_name("lobby"));
  EXPECT_TRUE(writer().room_by_name("garden"));
  const auto listed = writer().rooms("", 10);
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].id, garden.id);
  EXPECT_TRUE(writer().conversation_by_id(lobby.id));  // kept, with its log
  const auto again = create(make_conversation(conversation_kind::room, "lobby"));
  EXPECT_NE(again.id, lobby.id);
  EXPECT_EQ(writer().room_by_name("lobby")->id, again.id);
}

TEST_P(conversation_conformance, groups_are_listed_by_id_with_member_counts_and_nothing_else) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto friends = group("friends", {alice, bob});
  create(make_conversation(conversation_kind::room, "lobby"));
  const auto family = group("family", {bob});
  auto listed = writer().groups(0, 10);
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_EQ(listed[0].id, friends.id);
  EXPECT_EQ(listed[0].name, "friends");
  EXPECT_EQ(listed[0].member_count, 2);
  EXPECT_EQ(listed[0].created_at, t0);
  EXPECT_EQ(listed[1].id, family.id);
  EXPECT_EQ(listed[1].member_count, 1);
  listed = writer().groups(friends.id, 1);
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].id, family.id);
  EXPECT_TRUE(writer().groups(family.id, 10).empty());
  EXPECT_TRUE(writer().groups(0, 0).empty());
}

TEST_P(conversation_conformance, rooms_and_groups_are_deleted_once_and_direct_chats_never) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto friends = group("friends", {alice});
  const auto family = group("family", {bob});
  const auto chat = create(make_conversation(conversation_kind::direct, ""));
  ASSERT_TRUE(writer().add_invitation(friends.id, bob.id, alice.id, t0));
  EXPECT_TRUE(writer().delete_conversation(friends.id, t0));
  EXPECT_FALSE(writer().invitation(friends.id, bob.id));       // gone with it
  EXPECT_FALSE(writer().delete_conversation(friends.id, t0));  // once
  auto listed = writer().groups(0, 10);
  ASSERT_EQ(listed.size(), 1U);  // no longer listed
  EXPECT_EQ(listed[0].id, family.id);
  EXPECT_FALSE(writer().delete_conversation(chat.id, t0));
  EXPECT_FALSE(writer().delete_conversation(424242, t0));
}

}  // namespace
}  // namespace natter::store::conformance
