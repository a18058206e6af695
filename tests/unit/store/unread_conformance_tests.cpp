// Conformance: unread counts. They come from counters the store keeps at
// every change (append, deletion, join, read), never from a count over the
// log; every test compares them with that count (unread_by_counting), which
// is the definition: messages by others, not deleted, after read_seq.

#include <random>
#include <string>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

// As core::chats::remove does it: the message marked deleted, then its entry.
void delete_as_chats_does(store& s, const message_record& m, user_id by) {
  s.delete_message(m.id, t0);
  auto deletion = make_entry(m.conversation, entry_kind::deletion, by);
  deletion.target = m.id;
  s.append(deletion);
}

// As core::chats::edit does it.
void edit_as_chats_does(store& s, const message_record& m, std::string text) {
  s.edit_message(m.id, text, t0 + 1);
  auto edit = make_entry(m.conversation, entry_kind::edit, m.sender, t0 + 1);
  edit.target = m.id;
  edit.text = std::move(text);
  s.append(edit);
}

// As core::join does it: the join entry, then the member from its seq on,
// then read up to just before it.
void join_as_core_does(store& s, conversation_id c, user_id who, user_id by) {
  auto joined = make_entry(c, entry_kind::member_joined, by);
  joined.subject = who;
  joined.role = "member";
  const seq_t seq = s.append(joined).entry.seq;
  s.add_member(c, who, member_role::member, t0, seq);
  if (seq > 1) s.advance_receipts(c, who, seq - 1, seq - 1);
}

// As core::leave does it: the entry, then the member row goes.
void leave_as_core_does(store& s, conversation_id c, user_id who) {
  auto left = make_entry(c, entry_kind::member_left, who);
  left.subject = who;
  s.append(left);
  s.remove_member(c, who);
}

void read_up_to(store& s, conversation_id c, user_id who, seq_t seq) {
  s.advance_receipts(c, who, seq, seq);
}

// unread_count, the conversation's summary and the user's conversation list
// all say what counting the log says.
void expect_exact(store& s, conversation_id c, user_id who, const std::string& when = "") {
  const auto counted = unread_by_counting(s, c, who);
  EXPECT_EQ(s.unread_count(c, who), counted) << when;
  const auto summary = s.conversation_summary_of(c, who);
  if (summary) {
    EXPECT_EQ(summary->unread, counted) << when;
  }
  for (const auto& row : s.conversations_of(who)) {
    if (row.conversation.id == c) {
      EXPECT_EQ(row.unread, counted) << when;
    }
  }
}

TEST_P(conversation_conformance, unread_counts_the_messages_of_others_and_never_ones_own) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  send(c.id, alice, "a1");
  send(c.id, bob, "b1");
  send(c.id, bob, "b2");
  send(c.id, alice, "a2");
  send(c.id, bob, "b3");

  EXPECT_EQ(writer().unread_count(c.id, alice.id), 3);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 2);
  EXPECT_EQ(writer().conversation_summary_of(c.id, alice.id)->unread, 3);
  EXPECT_EQ(writer().conversations_of(bob.id).at(0).unread, 2);
  expect_exact(writer(), c.id, alice.id);
  expect_exact(writer(), c.id, bob.id);
}

TEST_P(conversation_conformance, a_deleted_message_stops_counting_only_for_those_who_had_not_read_it) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("friends", {alice, bob, carol});
  const auto first = send(c.id, alice, "first");  // seq 1
  send(c.id, alice, "second");                    // seq 2
  read_up_to(writer(), c.id, bob.id, 1);
  ASSERT_EQ(writer().unread_count(c.id, bob.id), 1);
  ASSERT_EQ(writer().unread_count(c.id, carol.id), 2);

  delete_as_chats_does(writer(), *first.message, alice.id);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 1) << "bob had read it";
  EXPECT_EQ(writer().unread_count(c.id, carol.id), 1) << "carol had not";
  EXPECT_EQ(writer().unread_count(c.id, alice.id), 0) << "it was alice's own";
  for (const auto& who : {alice, bob, carol}) expect_exact(writer(), c.id, who.id, who.username);
}

TEST_P(conversation_conformance, deleting_a_message_again_counts_it_once) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  const auto doomed = send(c.id, alice, "doomed");
  send(c.id, alice, "stays");
  writer().delete_message(doomed.id, t0);
  writer().delete_message(doomed.id, t0 + 1);

  EXPECT_EQ(writer().unread_count(c.id, bob.id), 1);
  expect_exact(writer(), c.id, bob.id);
  read_up_to(writer(), c.id, bob.id, 2);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 0);
}

TEST_P(conversation_conformance, a_moderator_deleting_anothers_message_uncounts_it_for_everyone_who_had_not_read_it) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("friends", {alice, bob, carol});
  const auto spam = send(c.id, bob, "spam");
  delete_as_chats_does(writer(), *spam.message, alice.id);

  for (const auto& who : {alice, bob, carol}) {
    EXPECT_EQ(writer().unread_count(c.id, who.id), 0) << who.username;
    expect_exact(writer(), c.id, who.id, who.username);
  }
}

TEST_P(conversation_conformance, edits_leave_unread_counts_as_they_are) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  const auto typo = send(c.id, alice, "helo");
  send(c.id, bob, "hi");
  edit_as_chats_does(writer(), *typo.message, "hello");
  edit_as_chats_does(writer(), *typo.message, "hello!");

  EXPECT_EQ(writer().unread_count(c.id, bob.id), 1);
  EXPECT_EQ(writer().unread_count(c.id, alice.id), 1);
  expect_exact(writer(), c.id, alice.id);
  expect_exact(writer(), c.id, bob.id);
}

TEST_P(conversation_conformance, a_member_who_joins_mid_history_has_nothing_unread_from_before_the_join) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("friends", {alice, bob});
  for (int i = 0; i < 5; ++i) send(c.id, i % 2 ? alice : bob, "before " + std::to_string(i));
  const auto doomed = send(c.id, alice, "deleted before carol came");
  delete_as_chats_does(writer(), *doomed.message, alice.id);

  join_as_core_does(writer(), c.id, carol.id, alice.id);
  EXPECT_EQ(writer().unread_count(c.id, carol.id), 0);
  expect_exact(writer(), c.id, carol.id);

  send(c.id, bob, "after");
  send(c.id, carol, "carol's own");
  EXPECT_EQ(writer().unread_count(c.id, carol.id), 1);
  expect_exact(writer(), c.id, carol.id);
}

TEST_P(conversation_conformance, a_member_added_without_reading_starts_just_before_the_seq_they_joined_at) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = create(make_conversation(conversation_kind::group, "friends"));
  writer().add_member(c.id, alice.id, member_role::owner, t0, 1);
  for (int i = 0; i < 3; ++i) send(c.id, alice, "before " + std::to_string(i));
  writer().add_member(c.id, bob.id, member_role::member, t0, 4);

  const auto bob_row = writer().member(c.id, bob.id);
  EXPECT_EQ(bob_row->read_seq, 3);
  EXPECT_EQ(bob_row->delivered_seq, 3);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 0);
  send(c.id, alice, "after");
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 1);
  expect_exact(writer(), c.id, bob.id);
}

TEST_P(conversation_conformance, a_member_added_from_the_start_has_the_earlier_messages_unread_but_not_deleted_ones) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice});
  send(c.id, alice, "1");
  const auto doomed = send(c.id, alice, "2");
  send(c.id, alice, "3");
  delete_as_chats_does(writer(), *doomed.message, alice.id);
  writer().add_member(c.id, bob.id, member_role::member, t0, 0);

  EXPECT_EQ(writer().member(c.id, bob.id)->read_seq, 0);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 2);
  expect_exact(writer(), c.id, bob.id);
  read_up_to(writer(), c.id, bob.id, 2);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 1);
}

TEST_P(conversation_conformance, a_member_who_left_and_came_back_has_nothing_unread_from_while_away) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  send(c.id, alice, "before");
  send(c.id, bob, "bob's own");
  leave_as_core_does(writer(), c.id, bob.id);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 0) << "not a member";
  send(c.id, alice, "while away");

  join_as_core_does(writer(), c.id, bob.id, alice.id);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 0);
  send(c.id, alice, "back");
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 1);
  expect_exact(writer(), c.id, bob.id);
}

TEST_P(conversation_conformance, reading_forward_lowers_the_count_exactly_and_reading_backward_changes_nothing) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("friends", {alice, bob, carol});
  send(c.id, alice, "1");                                     // seq 1
  send(c.id, bob, "2: bob's own");                            // seq 2
  const auto doomed = send(c.id, carol, "3");                 // seq 3
  delete_as_chats_does(writer(), *doomed.message, carol.id);  // seq 4
  send(c.id, carol, "5");                                     // seq 5
  send(c.id, bob, "6: bob's own");                            // seq 6
  send(c.id, alice, "7");                                     // seq 7
  ASSERT_EQ(writer().unread_count(c.id, bob.id), 3);          // 1, 5, 7

  const std::vector<std::pair<seq_t, std::int64_t>> steps{{1, 2}, {0, 2}, {2, 2}, {3, 2}, {4, 2}, {2, 2},
                                                          {5, 1}, {6, 1}, {2, 1}, {7, 0}, {99, 0}};
  for (const auto& [seq, unread] : steps) {
    read_up_to(writer(), c.id, bob.id, seq);
    EXPECT_EQ(writer().unread_count(c.id, bob.id), unread) << "after reading up to " << seq;
    expect_exact(writer(), c.id, bob.id, "after reading up to " + std::to_string(seq));
  }
  send(c.id, alice, "8");
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 1);
}

TEST_P(conversation_conformance, a_delivery_receipt_leaves_unread_as_it_is) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  send(c.id, alice, "1");
  send(c.id, alice, "2");
  writer().advance_receipts(c.id, bob.id, 2, 0);
  EXPECT_EQ(writer().member(c.id, bob.id)->delivered_seq, 2);
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 2);
}

TEST_P(conversation_conformance, unread_count_of_someone_who_is_not_a_member_is_zero) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice});
  send(c.id, alice, "hi");
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 0);
  EXPECT_EQ(writer().unread_count(c.id + 1000, alice.id), 0);
}

TEST_P(conversation_conformance, adding_a_member_to_a_conversation_that_does_not_exist_fails) {
  const auto alice = add_user("alice");
  EXPECT_THROW(writer().add_member(12345, alice.id, member_role::member, t0, 1), failure);
}

TEST_P(conversation_conformance, a_retried_send_counts_once) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  writer().append(make_message(c.id, alice.id, "once", "same-key"));
  writer().append(make_message(c.id, alice.id, "once", "same-key"));
  send(c.id, alice, "next");
  EXPECT_EQ(writer().unread_count(c.id, bob.id), 2);
  expect_exact(writer(), c.id, bob.id);
  expect_exact(writer(), c.id, alice.id);
}

// Random operations, as core performs them, on two groups of four possible
// members; after each one, every count is compared with counting the log.
// Seeded: a failure names the step, and the same seed replays it.
class random_history {
 public:
  random_history(store& s, std::vector<user_record> users, std::vector<conversation_id> conversations,
                 std::uint32_t seed)
      : s_(s), users_(std::move(users)), conversations_(std::move(conversations)), random_(seed) {}

  void step(int n) {
    const conversation_id c = conversations_[pick(conversations_.size())];
    const user_id who = users_[pick(users_.size())].id;
    const bool member = s_.member(c, who).has_value();
    const auto last = s_.conversation_by_id(c)->last_seq;
    const int what = static_cast<int>(pick(100));
    if (!member) {
      if (what < 30) join_as_core_does(s_, c, who, users_[0].id);
    } else if (what < 45) {
      s_.append(make_message(c, who, "m", "k" + std::to_string(n)));
    } else if (what < 55) {
      if (auto m = random_message(c); m && !m->deleted) delete_as_chats_does(s_, *m, who);
    } else if (what < 58) {
      if (auto m = random_message(c)) s_.delete_message(m->id, t0);  // again, or without an entry
    } else if (what < 63) {
      if (auto m = random_message(c); m && !m->deleted) edit_as_chats_does(s_, *m, "edited " + std::to_string(n));
    } else if (what < 85) {
      read_up_to(s_, c, who, static_cast<seq_t>(pick(static_cast<std::size_t>(last) + 3)));
    } else if (what < 90) {
      s_.advance_receipts(c, who, static_cast<seq_t>(pick(static_cast<std::size_t>(last) + 3)), 0);
    } else if (what < 94) {
      leave_as_core_does(s_, c, who);
    } else {
      auto renamed = make_entry(c, entry_kind::updated, who);
      renamed.name = "name " + std::to_string(n);
      s_.append(renamed);
    }
  }

  void expect_every_count_exact(int n) {
    for (const auto c : conversations_) {
      for (const auto& u : users_) expect_exact(s_, c, u.id, "step " + std::to_string(n) + ", " + u.username);
    }
  }

 private:
  std::size_t pick(std::size_t below) { return std::uniform_int_distribution<std::size_t>(0, below - 1)(random_); }

  std::optional<message_record> random_message(conversation_id c) {
    const auto last = s_.conversation_by_id(c)->last_seq;
    if (last == 0) return std::nullopt;
    const auto around = s_.log_after(c, static_cast<seq_t>(pick(static_cast<std::size_t>(last))), 1);
    if (around.empty() || around[0].kind != entry_kind::message) return std::nullopt;
    return around[0].message;
  }

  store& s_;
  std::vector<user_record> users_;
  std::vector<conversation_id> conversations_;
  std::mt19937 random_;
};

TEST_P(conversation_conformance, unread_counts_match_a_count_over_the_log_after_random_operations) {
  std::vector<user_record> users{add_user("alice"), add_user("bob"), add_user("carol"), add_user("dave")};
  for (const std::uint32_t seed : {12u, 21u, 20260412u}) {
    const auto everyone = group("everyone", users);
    const auto pair = group("pair", {users[0], users[1]});
    random_history history(writer(), users, {everyone.id, pair.id}, seed);
    for (int n = 0; n < 200; ++n) {
      history.step(n);
      history.expect_every_count_exact(n);
      // The first step that breaks says the most.
      ASSERT_FALSE(HasFailure()) << "seed " << seed << ", step " << n;
    }
  }
}

}  // namespace
}  // namespace natter::store::conformance
