// Conformance: conversation logs, messages, edits, deletions and idempotent
// sends.

#include <optional>
#include <string>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

TEST_P(conversation_conformance, seq_is_gapless_and_increasing) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  std::vector<seq_t> appended;
  std::optional<message_id> last_message;
  for (int i = 0; i < 100; ++i) {
    log_entry entry;
    if (i % 4 == 3 && last_message) {
      auto edit = make_entry(c.id, entry_kind::edit, alice.id);
      edit.target = *last_message;
      edit.text = "edited";
      entry = writer().append(edit).entry;
    } else if (i % 4 == 2) {
      auto role = make_entry(c.id, entry_kind::updated, alice.id);
      role.subject = bob.id;
      role.role = i % 8 == 2 ? "admin" : "member";
      entry = writer().append(role).entry;
    } else {
      entry = send(c.id, i % 2 == 0 ? alice : bob, "m" + std::to_string(i));
      last_message = entry.id;
    }
    appended.push_back(entry.seq);
  }

  std::vector<seq_t> expected;
  for (seq_t s = 1; s <= 100; ++s) expected.push_back(s);
  EXPECT_EQ(appended, expected);
  EXPECT_EQ(writer().conversation_by_id(c.id)->last_seq, 100);
  EXPECT_EQ(seqs_of(writer().log_after(c.id, 0, 1000)), expected);
}

TEST_P(conversation_conformance, seqs_are_counted_per_conversation) {
  const auto alice = add_user("alice");
  const auto one = group("one", {alice});
  const auto two = group("two", {alice});
  send(one.id, alice, "a");
  send(one.id, alice, "b");
  EXPECT_EQ(send(two.id, alice, "c").seq, 1);
  EXPECT_EQ(send(one.id, alice, "d").seq, 3);
}

TEST_P(conversation_conformance, duplicate_client_msg_id_returns_the_original_entry_without_a_new_seq) {
  const auto alice = add_user("alice");
  const auto c = group("friends", {alice});
  const auto stored = writer().append(make_message(c.id, alice.id, "hello", "c-1", t0));
  const auto again = writer().append(make_message(c.id, alice.id, "hello (retried)", "c-1", t0 + 1000));
  EXPECT_TRUE(stored.stored);
  EXPECT_FALSE(again.stored) << "the retry is told apart by what append did, not by its seq";
  const auto& first = stored.entry;
  const auto& retry = again.entry;

  EXPECT_EQ(retry.id, first.id);
  EXPECT_EQ(retry.seq, first.seq);
  EXPECT_EQ(retry.at, t0);
  ASSERT_TRUE(retry.message.has_value());
  EXPECT_EQ(retry.message->text, "hello");
  EXPECT_EQ(retry.message->client_msg_id, "c-1");
  EXPECT_EQ(writer().conversation_by_id(c.id)->last_seq, 1);
  EXPECT_EQ(writer().log_after(c.id, 0, 10).size(), 1u);
}

TEST_P(conversation_conformance, client_msg_id_is_scoped_per_sender) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  const auto from_alice = writer().append(make_message(c.id, alice.id, "hi", "same")).entry;
  const auto from_bob = writer().append(make_message(c.id, bob.id, "hi", "same")).entry;
  EXPECT_NE(from_alice.id, from_bob.id);
  EXPECT_EQ(from_bob.seq, 2);
}

TEST_P(conversation_conformance, messages_without_client_msg_id_are_never_merged) {
  const auto alice = add_user("alice");
  const auto c = group("friends", {alice});
  const auto first = writer().append(make_message(c.id, alice.id, "one", "")).entry;
  const auto second = writer().append(make_message(c.id, alice.id, "two", "")).entry;
  EXPECT_NE(first.id, second.id);
  EXPECT_EQ(second.seq, 2);
}

TEST_P(conversation_conformance, append_returns_the_entry_as_the_log_reads_it) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  const auto original = send(c.id, bob, "question");
  auto reply = make_message(c.id, alice.id, "answer", "r-1", t0 + 7);
  reply.reply_to = original.id;
  const auto appended = writer().append(reply).entry;

  EXPECT_EQ(appended.kind, entry_kind::message);
  EXPECT_EQ(appended.conversation, c.id);
  EXPECT_EQ(appended.seq, 2);
  EXPECT_EQ(appended.actor, alice.id);
  EXPECT_EQ(appended.actor_name, "alice");
  EXPECT_EQ(appended.at, t0 + 7);
  ASSERT_TRUE(appended.message.has_value());
  EXPECT_EQ(appended.message->id, appended.id);
  EXPECT_EQ(appended.message->conversation, c.id);
  EXPECT_EQ(appended.message->seq, 2);
  EXPECT_EQ(appended.message->sender, alice.id);
  EXPECT_EQ(appended.message->sender_name, "alice");
  EXPECT_EQ(appended.message->text, "answer");
  EXPECT_EQ(appended.message->client_msg_id, "r-1");
  EXPECT_EQ(appended.message->reply_to, original.id);
  EXPECT_EQ(appended.message->created_at, t0 + 7);
  EXPECT_FALSE(appended.message->edited_at.has_value());
  EXPECT_FALSE(appended.message->deleted);

  const auto read = writer().log_after(c.id, 1, 10);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].id, appended.id);
  EXPECT_EQ(read[0].message->text, "answer");
  EXPECT_EQ(read[0].message->reply_to, original.id);
  EXPECT_EQ(writer().message_by_id(appended.id)->text, "answer");
}

TEST_P(conversation_conformance, membership_and_update_entries_carry_their_subject) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice});
  auto joined = make_entry(c.id, entry_kind::member_joined, alice.id);
  joined.subject = bob.id;
  joined.role = "member";
  auto promoted = make_entry(c.id, entry_kind::updated, alice.id);
  promoted.subject = bob.id;
  promoted.role = "admin";
  auto left = make_entry(c.id, entry_kind::member_left, bob.id);
  left.subject = bob.id;
  writer().append(joined);
  writer().append(promoted);
  writer().append(left);

  const auto log = writer().log_after(c.id, 0, 10);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].kind, entry_kind::member_joined);
  EXPECT_EQ(log[0].subject, bob.id);
  EXPECT_EQ(log[0].subject_name, "bob");
  EXPECT_EQ(log[0].actor_name, "alice");
  EXPECT_EQ(log[0].role, "member");
  EXPECT_FALSE(log[0].message.has_value());
  EXPECT_EQ(log[1].kind, entry_kind::updated);
  EXPECT_EQ(log[1].role, "admin");
  EXPECT_EQ(log[2].kind, entry_kind::member_left);
  EXPECT_EQ(log[2].actor_name, "bob");
}

TEST_P(conversation_conformance, updated_entry_renames_the_conversation) {
  const auto alice = add_user("alice");
  const auto c = group("friends", {alice});
  auto rename = make_entry(c.id, entry_kind::updated, alice.id);
  rename.name = "best friends";
  const auto entry = writer().append(rename).entry;

  EXPECT_EQ(entry.name, "best friends");
  EXPECT_EQ(entry.topic, "");
  EXPECT_FALSE(entry.subject.has_value());
  const auto stored = writer().conversation_by_id(c.id);
  EXPECT_EQ(stored->name, "best friends");
  EXPECT_EQ(stored->last_seq, 1);
}

TEST_P(conversation_conformance, log_after_and_log_before_page_in_ascending_order) {
  const auto alice = add_user("alice");
  const auto c = group("friends", {alice});
  for (int i = 1; i <= 10; ++i) send(c.id, alice, "m" + std::to_string(i));

  EXPECT_EQ(seqs_of(writer().log_after(c.id, 0, 3)), (std::vector<seq_t>{1, 2, 3}));
  EXPECT_EQ(seqs_of(writer().log_after(c.id, 3, 3)), (std::vector<seq_t>{4, 5, 6}));
  EXPECT_EQ(seqs_of(writer().log_after(c.id, 8, 3)), (std::vector<seq_t>{9, 10}));
  EXPECT_TRUE(writer().log_after(c.id, 10, 3).empty());

  EXPECT_EQ(seqs_of(writer().log_before(c.id, 11, 3)), (std::vector<seq_t>{8, 9, 10}));
  EXPECT_EQ(seqs_of(writer().log_before(c.id, 8, 3)), (std::vector<seq_t>{5, 6, 7}));
  EXPECT_EQ(seqs_of(writer().log_before(c.id, 3, 3)), (std::vector<seq_t>{1, 2}));
  EXPECT_TRUE(writer().log_before(c.id, 1, 3).empty());
  EXPECT_TRUE(writer().log_after(c.id, 0, 0).empty());

  const auto before = writer().log_before(c.id, 11, 1);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].message->text, "m10");
}

TEST_P(conversation_conformance, log_of_one_conversation_leaves_out_the_others) {
  const auto alice = add_user("alice");
  const auto one = group("one", {alice});
  const auto two = group("two", {alice});
  send(one.id, alice, "in one");
  send(two.id, alice, "in two");
  const auto log = writer().log_after(one.id, 0, 10);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].message->text, "in one");
}

TEST_P(conversation_conformance, edit_entries_carry_the_edited_message) {
  const auto alice = add_user("alice");
  const auto c = group("friends", {alice});
  const auto original = send(c.id, alice, "helo");
  writer().edit_message(original.id, "hello", t0 + 60);
  auto edit = make_entry(c.id, entry_kind::edit, alice.id, t0 + 60);
  edit.target = original.id;
  edit.text = "hello";
  const auto appended = writer().append(edit).entry;

  EXPECT_EQ(appended.seq, 2);
  EXPECT_EQ(appended.target, original.id);
  ASSERT_TRUE(appended.message.has_value());
  EXPECT_EQ(appended.message->id, original.id);
  EXPECT_EQ(appended.message->seq, 1);
  EXPECT_EQ(appended.message->text, "hello");
  EXPECT_EQ(appended.message->edited_at, t0 + 60);

  const auto log = writer().log_after(c.id, 0, 10);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].message->text, "hello");  // messages read as they stand now
  EXPECT_EQ(log[1].kind, entry_kind::edit);
  EXPECT_EQ(log[1].message->id, original.id);
  EXPECT_EQ(writer().message_by_id(original.id)->edited_at, t0 + 60);
}

TEST_P(conversation_conformance, deletion_clears_text_and_marks_deleted) {
  const auto alice = add_user("alice");
  const auto c = group("friends", {alice});
  const auto original = send(c.id, alice, "oops");
  writer().delete_message(original.id, t0 + 5);
  auto deletion = make_entry(c.id, entry_kind::deletion, alice.id, t0 + 5);
  deletion.target = original.id;
  const auto appended = writer().append(deletion).entry;

  EXPECT_EQ(appended.kind, entry_kind::deletion);
  EXPECT_EQ(appended.target, original.id);
  EXPECT_EQ(appended.seq, 2);
  const auto stored = writer().message_by_id(original.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->deleted);
  EXPECT_EQ(stored->text, "");
  EXPECT_EQ(stored->seq, 1);
  EXPECT_FALSE(stored->edited_at.has_value());
  const auto log = writer().log_after(c.id, 0, 10);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_TRUE(log[0].message->deleted);
  EXPECT_EQ(log[0].message->text, "");
}

TEST_P(conversation_conformance, message_by_id_finds_only_messages) {
  const auto alice = add_user("alice");
  const auto c = group("friends", {alice});
  const auto message = send(c.id, alice, "hi");
  auto rename = make_entry(c.id, entry_kind::updated, alice.id);
  rename.name = "x";
  const auto update = writer().append(rename).entry;
  EXPECT_TRUE(writer().message_by_id(message.id).has_value());
  EXPECT_FALSE(writer().message_by_id(update.id).has_value());
  EXPECT_FALSE(writer().message_by_id(update.id + 1000).has_value());
}

TEST_P(conversation_conformance, sender_name_follows_username_changes) {
  const auto alice = add_user("alice");
  const auto c = group("friends", {alice});
  const auto sent = send(c.id, alice, "hi");
  profile_update rename;
  rename.username = "alicia";
  ASSERT_TRUE(writer().update_profile(alice.id, rename).ok());
  EXPECT_EQ(writer().message_by_id(sent.id)->sender_name, "alicia");
  EXPECT_EQ(writer().log_after(c.id, 0, 1)[0].actor_name, "alicia");
}

TEST_P(conversation_conformance, append_to_a_missing_conversation_fails) {
  const auto alice = add_user("alice");
  EXPECT_THROW(writer().append(make_message(12345, alice.id, "lost", "x")), failure);
}

}  // namespace
}  // namespace natter::store::conformance

namespace natter::store::conformance {
namespace {

TEST_P(conversation_conformance, membership_changes_are_found_between_seqs_and_listed_after_one) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice});
  const auto first = send(c.id, alice, "before").seq;
  auto joined = make_entry(c.id, entry_kind::member_joined, alice.id);
  joined.subject = bob.id;
  const auto join_seq = writer().append(joined).entry.seq;
  const auto between = send(c.id, alice, "between").seq;
  auto role = make_entry(c.id, entry_kind::updated, alice.id);
  role.subject = bob.id;
  role.role = "admin";
  writer().append(role);
  auto left = make_entry(c.id, entry_kind::member_left, bob.id);
  left.subject = bob.id;
  const auto leave_seq = writer().append(left).entry.seq;
  const auto last = send(c.id, alice, "after").seq;

  // Bounds are exclusive; role changes and messages are not membership changes.
  EXPECT_TRUE(writer().membership_changed(c.id, first, between));
  EXPECT_FALSE(writer().membership_changed(c.id, join_seq, leave_seq));
  EXPECT_TRUE(writer().membership_changed(c.id, join_seq, leave_seq + 1));
  EXPECT_FALSE(writer().membership_changed(c.id, leave_seq, last + 1));
  EXPECT_FALSE(writer().membership_changed(c.id, first, first + 1));

  const auto changes = writer().membership_changes_after(c.id, first);
  ASSERT_EQ(changes.size(), 2U);
  EXPECT_EQ(changes[0].seq, join_seq);
  EXPECT_EQ(changes[0].user, bob.id);
  EXPECT_TRUE(changes[0].joined);
  EXPECT_EQ(changes[1].seq, leave_seq);
  EXPECT_EQ(changes[1].user, bob.id);
  EXPECT_FALSE(changes[1].joined);
  EXPECT_EQ(writer().membership_changes_after(c.id, join_seq).size(), 1U);
  EXPECT_TRUE(writer().membership_changes_after(c.id, leave_seq).empty());
}

}  // namespace
}  // namespace natter::store::conformance
