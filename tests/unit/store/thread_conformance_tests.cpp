// Conformance: threads. Replies are messages with a thread_id, appended by
// append_messages in the conversation's one seq order; their roots' summaries,
// the readers' marks, the thread's pages and its unread counts.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

new_message reply_in(conversation_id c, const user_record& from, message_id root, std::string text,
                     unix_ms at = t0 + 10) {
  return new_message{c, from.id, at, text, "t-" + text, std::nullopt, {}, root};
}

message_append reply_with(store& s, conversation_id c, const user_record& from, message_id root, std::string text,
                          unix_ms at = t0 + 10) {
  const std::array group{reply_in(c, from, root, std::move(text), at)};
  return s.append_messages(group)[0];
}

TEST_P(conversation_conformance, thread_a_reply_takes_the_next_seq_and_names_its_root) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("g", {alice, bob});
  const auto root = send(c.id, alice, "root");
  const auto r = reply_with(writer(), c.id, bob, root.id, "first");
  ASSERT_EQ(r.refused, send_refusal::none);
  EXPECT_EQ(r.appended.entry.seq, root.seq + 1) << "one seq order for the whole conversation";
  ASSERT_TRUE(r.appended.entry.message);
  EXPECT_EQ(r.appended.entry.message->thread_id, root.id);
  const auto after = writer().log_after(c.id, root.seq, 10);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].message->thread_id, root.id) << "the log reads the thread back";
  EXPECT_EQ(writer().message_by_id(r.appended.entry.id)->thread_id, root.id);
  EXPECT_FALSE(writer().message_by_id(root.id)->thread_id);
}

TEST_P(conversation_conformance, thread_a_reply_raises_its_roots_summary_and_the_senders_mark) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("g", {alice, bob});
  const auto root = send(c.id, alice, "root");
  const auto quiet = send(c.id, alice, "no replies");
  reply_with(writer(), c.id, bob, root.id, "one", t0 + 20);
  const auto second = reply_with(writer(), c.id, alice, root.id, "two", t0 + 30);
  const std::array ids{root.id, quiet.id};
  const auto summaries = writer().thread_summaries(ids);
  ASSERT_EQ(summaries.size(), 1u) << "only threads with replies";
  EXPECT_EQ(summaries[0], (thread_summary{root.id, 2, second.appended.entry.seq, t0 + 30}));
  EXPECT_EQ(writer().thread_read_seq(root.id, alice.id), second.appended.entry.seq);
  EXPECT_EQ(writer().thread_read_seq(root.id, bob.id), second.appended.entry.seq - 1);
  EXPECT_TRUE(writer().thread_summaries(std::span<const message_id>{}).empty());
}

TEST_P(conversation_conformance, thread_a_retried_reply_is_counted_once) {
  const auto alice = add_user("alice");
  const auto c = group("g", {alice});
  const auto root = send(c.id, alice, "root");
  const auto first = reply_with(writer(), c.id, alice, root.id, "same");
  const auto again = reply_with(writer(), c.id, alice, root.id, "same");
  EXPECT_FALSE(again.appended.stored);
  EXPECT_EQ(again.appended.entry.id, first.appended.entry.id);
  const std::array ids{root.id};
  EXPECT_EQ(writer().thread_summaries(ids).at(0).reply_count, 1);
}

TEST_P(conversation_conformance, thread_replies_to_what_cannot_have_a_thread_are_refused_and_take_no_seq) {
  const auto alice = add_user("alice");
  const auto c = group("g", {alice});
  const auto other = group("h", {alice});
  const auto root = send(c.id, alice, "root");
  const auto elsewhere = send(other.id, alice, "elsewhere");
  const auto gone = send(c.id, alice, "gone");
  writer().delete_message(gone.id, t0 + 1);
  const auto in_thread = reply_with(writer(), c.id, alice, root.id, "a reply");
  const auto last = writer().conversation_by_id(c.id)->last_seq;
  const std::array group{reply_in(c.id, alice, elsewhere.id, "other conversation"),
                         reply_in(c.id, alice, 999999, "nothing"),
                         reply_in(c.id, alice, in_thread.appended.entry.id, "a reply to a reply"),
                         reply_in(c.id, alice, gone.id, "deleted root")};
  for (const auto& a : writer().append_messages(group)) EXPECT_EQ(a.refused, send_refusal::no_such_thread);
  EXPECT_EQ(writer().conversation_by_id(c.id)->last_seq, last);
}

TEST_P(conversation_conformance, thread_a_group_of_replies_to_several_threads_counts_each) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("g", {alice, bob});
  const auto a = send(c.id, alice, "a");
  const auto b = send(c.id, alice, "b");
  const std::array group{reply_in(c.id, bob, a.id, "1", t0 + 11), reply_in(c.id, alice, b.id, "2", t0 + 12),
                         reply_in(c.id, bob, a.id, "3", t0 + 13)};
  const auto appended = writer().append_messages(group);
  const std::array ids{a.id, b.id};
  const auto s = writer().thread_summaries(ids);
  ASSERT_EQ(s.size(), 2u);
  const auto& sa = s[0].root == a.id ? s[0] : s[1];
  const auto& sb = s[0].root == a.id ? s[1] : s[0];
  EXPECT_EQ(sa, (thread_summary{a.id, 2, appended[2].appended.entry.seq, t0 + 13}));
  EXPECT_EQ(sb, (thread_summary{b.id, 1, appended[1].appended.entry.seq, t0 + 12}));
  EXPECT_EQ(writer().thread_read_seq(a.id, bob.id), appended[2].appended.entry.seq);
}

TEST_P(conversation_conformance, thread_a_threads_pages_hold_only_its_replies_oldest_first) {
  const auto alice = add_user("alice");
  const auto c = group("g", {alice});
  const auto root = send(c.id, alice, "root");
  const auto other = send(c.id, alice, "other root");
  std::vector<seq_t> seqs;
  for (int i = 0; i < 5; ++i) {
    seqs.push_back(reply_with(writer(), c.id, alice, root.id, "r" + std::to_string(i)).appended.entry.seq);
    reply_with(writer(), c.id, alice, other.id, "o" + std::to_string(i));
  }
  const auto newest = writer().thread_replies_before(c.id, root.id, seqs.back() + 100, 2);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].seq, seqs[3]);
  EXPECT_EQ(newest[1].seq, seqs[4]);
  EXPECT_EQ(newest[1].message->text, "r4");
  const auto older = writer().thread_replies_before(c.id, root.id, seqs[3], 10);
  ASSERT_EQ(older.size(), 3u);
  EXPECT_EQ(older[0].seq, seqs[0]);
  EXPECT_TRUE(writer().thread_replies_before(c.id, root.id, seqs[0], 10).empty());
  EXPECT_TRUE(writer().thread_replies_before(c.id, root.id, seqs.back() + 1, 0).empty());
}

TEST_P(conversation_conformance, thread_unread_counts_others_live_replies_above_the_mark_and_the_floor) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("g", {alice, bob});
  const auto root = send(c.id, alice, "root");
  const auto r1 = reply_with(writer(), c.id, bob, root.id, "1").appended.entry;
  const auto r2 = reply_with(writer(), c.id, bob, root.id, "2").appended.entry;
  reply_with(writer(), c.id, alice, root.id, "own");
  const auto r4 = reply_with(writer(), c.id, bob, root.id, "4").appended.entry;
  const auto r5 = reply_with(writer(), c.id, bob, root.id, "5").appended.entry;
  writer().delete_message(r5.id, t0 + 50);
  EXPECT_EQ(writer().thread_unread(c.id, root.id, alice.id, 0, 100), 1)
      << "the own reply moved alice's mark; after it, one live reply by bob";
  EXPECT_EQ(writer().thread_unread(c.id, root.id, bob.id, 0, 100), 0);
  writer().mark_thread_read(root.id, alice.id, r4.seq);
  EXPECT_EQ(writer().thread_unread(c.id, root.id, alice.id, 0, 100), 0);
  writer().mark_thread_read(root.id, alice.id, r1.seq);
  EXPECT_EQ(writer().thread_read_seq(root.id, alice.id), r4.seq) << "a mark is never lowered";
  const auto carol = add_user("carol");
  writer().add_member(c.id, carol.id, member_role::member, t0, 0);
  EXPECT_EQ(writer().thread_unread(c.id, root.id, carol.id, 0, 100), 4) << "the live replies of alice and bob";
  EXPECT_EQ(writer().thread_unread(c.id, root.id, carol.id, 0, 2), 2) << "counted up to the cap";
  EXPECT_EQ(writer().thread_unread(c.id, root.id, carol.id, r2.seq, 100), 2) << "nothing at or below the floor";
}

}  // namespace
}  // namespace natter::store::conformance
