// Conformance: conversations, members, receipts, unread counts and the
// conversation list.

#include <string>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

std::vector<user_id> ids_of(const std::vector<member_record>& members) {
  std::vector<user_id> out;
  for (const auto& m : members) out.push_back(m.user);
  return out;
}

TEST_P(conversation_conformance, direct_pair_is_created_once) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto first = create(make_direct(alice.id, bob.id));
  EXPECT_EQ(first.kind, conversation_kind::direct);

  auto again = writer().create_conversation(make_direct(bob.id, alice.id, t0 + 5));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first.id);
  EXPECT_EQ(again->created_at, t0);

  auto found = writer().direct_conversation(bob.id, alice.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, first.id);
}

TEST_P(conversation_conformance, direct_chats_of_different_pairs_are_different) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto ab = create(make_direct(alice.id, bob.id));
  const auto ac = create(make_direct(alice.id, carol.id));
  EXPECT_NE(ab.id, ac.id);
  EXPECT_FALSE(writer().direct_conversation(bob.id, carol.id).has_value());
}

TEST_P(conversation_conformance, direct_request_is_stored_and_can_be_answered) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  auto request = make_direct(alice.id, bob.id);
  request.request = request_state::pending;
  request.requested_by = alice.id;
  const auto c = create(request);
  EXPECT_EQ(c.request, request_state::pending);
  EXPECT_EQ(c.requested_by, alice.id);

  writer().set_request_state(c.id, request_state::declined);
  const auto stored = writer().conversation_by_id(c.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->request, request_state::declined);
  EXPECT_EQ(stored->requested_by, alice.id);
}

TEST_P(conversation_conformance, room_name_is_unique) {
  auto topic = make_conversation(conversation_kind::room, "general");
  topic.topic = "anything goes";
  const auto room = create(topic);

  auto again = writer().create_conversation(make_conversation(conversation_kind::room, "general"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.err().code, errc::room_exists);
  EXPECT_TRUE(writer().create_conversation(make_conversation(conversation_kind::group, "general")).ok());

  const auto found = writer().room_by_name("general");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, room.id);
  EXPECT_EQ(found->topic, "anything goes");
}

TEST_P(conversation_conformance, groups_are_not_found_as_rooms) {
  create(make_conversation(conversation_kind::group, "friends"));
  EXPECT_FALSE(writer().room_by_name("friends").has_value());
}

TEST_P(conversation_conformance, rooms_page_by_name_with_member_counts) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  for (const char* name : {"delta", "alpha", "charlie", "bravo"}) {
    create(make_conversation(conversation_kind::room, name));
  }
  create(make_conversation(conversation_kind::group, "a-group"));
  const auto bravo = writer().room_by_name("bravo");
  writer().add_member(bravo->id, alice.id, member_role::owner, t0, 0);
  writer().add_member(bravo->id, bob.id, member_role::member, t0, 0);

  const auto first = writer().rooms("", 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].name, "alpha");
  EXPECT_EQ(first[0].member_count, 0);
  EXPECT_EQ(first[1].name, "bravo");
  EXPECT_EQ(first[1].member_count, 2);
  EXPECT_EQ(first[1].id, bravo->id);

  const auto rest = writer().rooms("bravo", 10);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].name, "charlie");
  EXPECT_EQ(rest[1].name, "delta");
  EXPECT_TRUE(writer().rooms("", 0).empty());
}

TEST_P(conversation_conformance, members_are_ordered_by_joining) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = create(make_conversation(conversation_kind::group, "friends"));
  writer().add_member(c.id, carol.id, member_role::owner, t0 + 2, 0);
  writer().add_member(c.id, bob.id, member_role::member, t0 + 1, 0);
  writer().add_member(c.id, alice.id, member_role::admin, t0 + 2, 0);

  const auto members = writer().members(c.id);
  EXPECT_EQ(ids_of(members), (std::vector<user_id>{bob.id, alice.id, carol.id}));
  EXPECT_EQ(writer().member_ids(c.id), (std::vector<user_id>{bob.id, alice.id, carol.id}));
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[1].username, "alice");
  EXPECT_EQ(members[1].role, member_role::admin);
  EXPECT_EQ(members[1].joined_at, t0 + 2);
  EXPECT_EQ(members[1].delivered_seq, 0);
  EXPECT_EQ(members[1].read_seq, 0);
}

TEST_P(conversation_conformance, a_member_keeps_the_seq_they_joined_at) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = create(make_conversation(conversation_kind::group, "friends"));
  writer().add_member(c.id, alice.id, member_role::owner, t0, 1);
  send(c.id, alice, "before bob");
  writer().add_member(c.id, bob.id, member_role::member, t0 + 1, 3);

  EXPECT_EQ(writer().member(c.id, alice.id)->joined_seq, 1);
  EXPECT_EQ(writer().member(c.id, bob.id)->joined_seq, 3);
  const auto members = writer().members(c.id);
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[1].joined_seq, 3);
  EXPECT_EQ(writer().conversation_summary_of(c.id, bob.id)->me.joined_seq, 3);
}

TEST_P(conversation_conformance, removed_member_is_gone) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  writer().remove_member(c.id, bob.id);

  EXPECT_FALSE(writer().member(c.id, bob.id).has_value());
  EXPECT_EQ(writer().member_ids(c.id), (std::vector<user_id>{alice.id}));
  EXPECT_FALSE(writer().conversation_summary_of(c.id, bob.id).has_value());
  EXPECT_TRUE(writer().conversations_of(bob.id).empty());
}

TEST_P(conversation_conformance, set_member_role_changes_only_that_member) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("friends", {alice, bob, carol});
  writer().set_member_role(c.id, bob.id, member_role::admin);
  EXPECT_EQ(writer().member(c.id, bob.id)->role, member_role::admin);
  EXPECT_EQ(writer().member(c.id, carol.id)->role, member_role::member);
  EXPECT_EQ(writer().member(c.id, alice.id)->role, member_role::owner);
}

TEST_P(conversation_conformance, receipts_only_move_forward_and_are_capped_at_last_seq) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  for (int i = 0; i < 5; ++i) send(c.id, alice, "m" + std::to_string(i));

  auto after = writer().advance_receipts(c.id, bob.id, 3, 2);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->delivered_seq, 3);
  EXPECT_EQ(after->read_seq, 2);
  EXPECT_EQ(after->username, "bob");

  after = writer().advance_receipts(c.id, bob.id, 1, 1);
  EXPECT_EQ(after->delivered_seq, 3);
  EXPECT_EQ(after->read_seq, 2);

  after = writer().advance_receipts(c.id, bob.id, 99, 42);
  EXPECT_EQ(after->delivered_seq, 5);
  EXPECT_EQ(after->read_seq, 5);
  EXPECT_EQ(writer().member(c.id, bob.id)->read_seq, 5);
}

TEST_P(conversation_conformance, read_raises_delivered) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  for (int i = 0; i < 4; ++i) send(c.id, alice, "m" + std::to_string(i));

  const auto after = writer().advance_receipts(c.id, bob.id, 0, 3);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->delivered_seq, 3);
  EXPECT_EQ(after->read_seq, 3);
}

TEST_P(conversation_conformance, receipts_of_a_non_member_give_nothing) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice});
  send(c.id, alice, "hi");
  EXPECT_FALSE(writer().advance_receipts(c.id, bob.id, 1, 1).has_value());
  EXPECT_FALSE(writer().member(c.id, bob.id).has_value());
}

TEST_P(conversation_conformance, unread_counts_only_others_messages_after_read_seq) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("friends", {alice, bob, carol});
  send(c.id, alice, "1");  // seq 1
  send(c.id, bob, "2");    // seq 2: bob's own
  auto join = make_entry(c.id, entry_kind::member_joined, alice.id);
  join.subject = carol.id;
  writer().append(join);                       // seq 3: not a message
  const auto doomed = send(c.id, carol, "4");  // seq 4: deleted below
  send(c.id, carol, "5");                      // seq 5
  writer().delete_message(doomed.id, t0);
  auto deletion = make_entry(c.id, entry_kind::deletion, carol.id);
  deletion.target = doomed.id;
  writer().append(deletion);  // seq 6: not a message

  EXPECT_EQ(writer().unread_count(c.id, bob.id), 2);  // 1 and 5
  writer().advance_receipts(c.id, bob.id, 0, 1);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 1);
  writer().advance_receipts(c.id, bob.id, 0, 5);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 0);
  EXPECT_EQ(writer().unread_count(c.id, carol.id), 2);  // 1 and 2
}

TEST_P(conversation_conformance, conversations_of_orders_by_latest_activity_with_last_message_and_unread) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto quiet = create(make_conversation(conversation_kind::group, "quiet", t0 + 50));
  writer().add_member(quiet.id, alice.id, member_role::owner, t0 + 50, 0);
  const auto busy = group("busy", {alice, bob});
  const auto old = group("old", {alice, bob});
  send(old.id, bob, "long ago", t0 + 10);
  send(busy.id, alice, "mine", t0 + 20);
  send(busy.id, bob, "hello", t0 + 100);
  send(busy.id, bob, "again", t0 + 101);
  writer().advance_receipts(busy.id, alice.id, 0, 2);
  // The latest activity of all, though not a message.
  writer().add_member(old.id, carol.id, member_role::member, t0 + 200, 0);
  auto joined = make_entry(old.id, entry_kind::member_joined, bob.id, t0 + 200);
  joined.subject = carol.id;
  writer().append(joined);

  const auto list = writer().conversations_of(alice.id);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].conversation.id, old.id);
  EXPECT_EQ(list[1].conversation.id, busy.id);
  EXPECT_EQ(list[2].conversation.id, quiet.id);  // created at t0 + 50, empty

  EXPECT_EQ(list[0].member_count, 3);
  EXPECT_EQ(list[0].unread, 1);
  ASSERT_TRUE(list[0].last_message.has_value());
  EXPECT_EQ(list[0].last_message->text, "long ago");

  const auto& busy_row = list[1];
  EXPECT_EQ(busy_row.conversation.name, "busy");
  EXPECT_EQ(busy_row.conversation.last_seq, 3);
  EXPECT_EQ(busy_row.me.user, alice.id);
  EXPECT_EQ(busy_row.me.role, member_role::owner);
  EXPECT_EQ(busy_row.me.read_seq, 2);
  EXPECT_EQ(busy_row.member_count, 2);
  EXPECT_EQ(busy_row.unread, 1);  // "again"
  ASSERT_TRUE(busy_row.last_message.has_value());
  EXPECT_EQ(busy_row.last_message->text, "again");
  EXPECT_EQ(busy_row.last_message->sender_name, "bob");
  EXPECT_EQ(busy_row.last_message->seq, 3);

  EXPECT_FALSE(list[2].last_message.has_value());
  EXPECT_EQ(list[2].member_count, 1);
  EXPECT_EQ(list[2].unread, 0);

  const auto one = writer().conversation_summary_of(busy.id, bob.id);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->me.user, bob.id);
  EXPECT_EQ(one->unread, 1);  // alice's "mine"
  EXPECT_EQ(one->last_message->id, busy_row.last_message->id);
}

TEST_P(conversation_conformance, conversations_with_equal_activity_list_the_newer_first) {
  const auto alice = add_user("alice");
  const auto first = group("first", {alice});
  const auto second = group("second", {alice});
  const auto list = writer().conversations_of(alice.id);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].conversation.id, second.id);
  EXPECT_EQ(list[1].conversation.id, first.id);
}

}  // namespace
}  // namespace natter::store::conformance
