// Conformance: contacts, blocks, presence, last seen, read snapshots, and
// conversations surviving a restart.

#include <algorithm>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

TEST_P(conversation_conformance, blocks_and_contacts_are_directional) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");

  EXPECT_TRUE(writer().add_contact(alice.id, bob.id));
  EXPECT_FALSE(writer().add_contact(alice.id, bob.id));  // already there
  EXPECT_TRUE(writer().is_contact(alice.id, bob.id));
  EXPECT_FALSE(writer().is_contact(bob.id, alice.id));

  EXPECT_TRUE(writer().add_block(bob.id, alice.id));
  EXPECT_FALSE(writer().add_block(bob.id, alice.id));
  EXPECT_TRUE(writer().is_blocked(bob.id, alice.id));
  EXPECT_FALSE(writer().is_blocked(alice.id, bob.id));

  EXPECT_FALSE(writer().remove_contact(bob.id, alice.id));  // never added that way
  EXPECT_TRUE(writer().remove_contact(alice.id, bob.id));
  EXPECT_FALSE(writer().is_contact(alice.id, bob.id));
  EXPECT_FALSE(writer().remove_block(alice.id, bob.id));
  EXPECT_TRUE(writer().remove_block(bob.id, alice.id));
  EXPECT_FALSE(writer().is_blocked(bob.id, alice.id));
}

TEST_P(conversation_conformance, contacts_of_lists_users_by_username) {
  const auto alice = add_user("alice");
  const auto zed = add_user("zed");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  writer().add_contact(alice.id, zed.id);
  writer().add_contact(alice.id, bob.id);
  writer().add_contact(carol.id, alice.id);
  writer().set_last_seen(bob.id, t0 + 9);

  const auto contacts = writer().contacts_of(alice.id);
  ASSERT_EQ(contacts.size(), 2u);
  EXPECT_EQ(contacts[0].username, "bob");
  EXPECT_EQ(contacts[0].display_name, bob.display_name);
  EXPECT_EQ(contacts[0].last_seen, t0 + 9);
  EXPECT_EQ(contacts[1].username, "zed");
  EXPECT_FALSE(contacts[1].last_seen.has_value());
  EXPECT_TRUE(writer().contacts_of(bob.id).empty());
}

TEST_P(conversation_conformance, presence_is_shared_with_my_contacts_and_in_groups_and_accepted_chats_only) {
  const auto me = add_user("me");
  const auto my_contact = add_user("mycontact");
  const auto has_me = add_user("hasme");
  const auto direct_peer = add_user("directpeer");
  const auto requester = add_user("requester");
  const auto declined = add_user("declined");
  const auto group_peer = add_user("grouppeer");
  const auto room_peer = add_user("roompeer");
  add_user("stranger");

  writer().add_contact(me.id, my_contact.id);
  writer().add_contact(has_me.id, me.id);      // added me without my consent
  writer().add_contact(me.id, group_peer.id);  // also a co-member: listed once
  direct_chat(me, direct_peer, request_state::none);
  direct_chat(requester, me, request_state::pending);
  direct_chat(declined, me, request_state::declined);
  group("friends", {me, group_peer});
  const auto room = create(make_conversation(conversation_kind::room, "lobby"));
  writer().add_member(room.id, me.id, member_role::owner, t0, 0);
  writer().add_member(room.id, room_peer.id, member_role::member, t0, 0);

  std::vector<user_id> sees_me{my_contact.id, direct_peer.id, group_peer.id};
  std::sort(sees_me.begin(), sees_me.end());
  EXPECT_EQ(writer().presence_audience(me.id), sees_me);
  std::vector<user_id> i_see{has_me.id, direct_peer.id, group_peer.id};
  std::sort(i_see.begin(), i_see.end());
  EXPECT_EQ(writer().presence_visible_to(me.id), i_see);
  // The two are one relation seen from either end.
  EXPECT_EQ(writer().presence_visible_to(my_contact.id), std::vector<user_id>{me.id});
  EXPECT_TRUE(writer().presence_audience(has_me.id) == std::vector<user_id>{me.id});
  EXPECT_TRUE(writer().presence_audience(requester.id).empty());
}

TEST_P(conversation_conformance, a_block_either_way_hides_presence_both_ways) {
  const auto me = add_user("me");
  const auto friend_ = add_user("friend");
  const auto peer = add_user("peer");
  writer().add_contact(me.id, friend_.id);
  writer().add_contact(friend_.id, me.id);
  group("friends", {me, friend_, peer});
  EXPECT_EQ(writer().presence_audience(me.id).size(), 2u);

  writer().add_block(me.id, friend_.id);  // I blocked them
  writer().add_block(peer.id, me.id);     // they blocked me
  EXPECT_TRUE(writer().presence_audience(me.id).empty());
  EXPECT_TRUE(writer().presence_visible_to(me.id).empty());
  EXPECT_TRUE(writer().presence_audience(friend_.id) == std::vector<user_id>{peer.id});
  EXPECT_TRUE(writer().presence_visible_to(peer.id) == std::vector<user_id>{friend_.id});
}

TEST_P(conversation_conformance, last_seen_round_trips) {
  const auto alice = add_user("alice");
  EXPECT_FALSE(writer().last_seen(alice.id).has_value());
  EXPECT_FALSE(writer().user_by_id(alice.id)->last_seen.has_value());

  writer().set_last_seen(alice.id, t0 + 42);
  EXPECT_EQ(writer().last_seen(alice.id), t0 + 42);
  EXPECT_EQ(writer().user_by_id(alice.id)->last_seen, t0 + 42);
  EXPECT_EQ(writer().user_by_username("alice")->last_seen, t0 + 42);
  EXPECT_FALSE(writer().last_seen(alice.id + 1000).has_value());
}

TEST_P(conversation_conformance, read_keeps_one_snapshot_until_it_ends) {
  const auto alice = add_user("alice");
  const auto c = group("friends", {alice});
  send(c.id, alice, "before");
  auto reader = backend_->open_reader();

  reader->begin_read();
  EXPECT_EQ(reader->conversation_by_id(c.id)->last_seq, 1);
  send(c.id, alice, "during");  // committed by the writer meanwhile
  EXPECT_EQ(reader->conversation_by_id(c.id)->last_seq, 1);
  EXPECT_EQ(reader->log_after(c.id, 0, 10).size(), 1u);
  reader->end_read();

  EXPECT_EQ(reader->conversation_by_id(c.id)->last_seq, 2);
  EXPECT_EQ(reader->log_after(c.id, 0, 10).size(), 2u);
}

TEST_P(conversation_conformance, end_read_without_an_open_read_does_nothing) {
  auto reader = backend_->open_reader();
  EXPECT_NO_THROW(reader->end_read());
  reader->begin_read();
  reader->end_read();
  EXPECT_NO_THROW(reader->end_read());
  EXPECT_TRUE(reader->ping());
}

TEST_P(conversation_conformance, conversations_survive_reopen) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto direct = create(make_direct(alice.id, bob.id));
  writer().add_member(direct.id, alice.id, member_role::member, t0, 0);
  writer().add_member(direct.id, bob.id, member_role::member, t0, 0);
  writer().append(make_message(direct.id, alice.id, "kept", "c-1"));
  writer().advance_receipts(direct.id, bob.id, 1, 0);
  create(make_conversation(conversation_kind::room, "lobby"));
  writer().add_contact(alice.id, bob.id);
  writer().add_block(bob.id, alice.id);
  writer().set_last_seen(bob.id, t0 + 3);
  reopen();

  EXPECT_EQ(writer().direct_conversation(alice.id, bob.id)->id, direct.id);
  EXPECT_EQ(writer().conversation_by_id(direct.id)->last_seq, 1);
  EXPECT_EQ(writer().log_after(direct.id, 0, 10)[0].message->text, "kept");
  EXPECT_EQ(writer().member(direct.id, bob.id)->delivered_seq, 1);
  EXPECT_TRUE(writer().room_by_name("lobby").has_value());
  EXPECT_TRUE(writer().is_contact(alice.id, bob.id));
  EXPECT_TRUE(writer().is_blocked(bob.id, alice.id));
  EXPECT_EQ(writer().last_seen(bob.id), t0 + 3);
  // The retry key outlives the restart too.
  EXPECT_EQ(writer().append(make_message(direct.id, alice.id, "kept", "c-1")).entry.seq, 1);
  EXPECT_EQ(writer().conversation_by_id(direct.id)->last_seq, 1);
}

}  // namespace
}  // namespace natter::store::conformance
