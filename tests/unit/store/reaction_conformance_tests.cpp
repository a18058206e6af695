// Conformance: reactions to messages, pinned messages, the log entries that
// record them, and forwarded messages.

#include <array>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

TEST_P(conversation_conformance, a_reaction_is_added_once_and_removed_once) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("g", {alice, bob});
  const auto m = send(c.id, alice, "hi");
  EXPECT_TRUE(writer().add_reaction(m.id, bob.id, "👍", t0 + 1));
  EXPECT_FALSE(writer().add_reaction(m.id, bob.id, "👍", t0 + 2));
  EXPECT_TRUE(writer().remove_reaction(m.id, bob.id, "👍"));
  EXPECT_FALSE(writer().remove_reaction(m.id, bob.id, "👍"));
  EXPECT_FALSE(writer().remove_reaction(m.id, alice.id, "🎉"));
}

TEST_P(conversation_conformance, the_tally_counts_distinct_emoji_and_the_users_own) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("g", {alice, bob});
  const auto m = send(c.id, alice, "hi");
  writer().add_reaction(m.id, alice.id, "👍", t0);
  writer().add_reaction(m.id, bob.id, "👍", t0);
  writer().add_reaction(m.id, bob.id, "🎉", t0);
  const auto t = writer().reaction_tally_of(m.id, bob.id, "🎉");
  EXPECT_EQ(t.emoji_kinds, 2);
  EXPECT_EQ(t.by_user, 2);
  EXPECT_TRUE(t.has_emoji);
  const auto none = writer().reaction_tally_of(m.id, alice.id, "🔥");
  EXPECT_EQ(none.by_user, 1);
  EXPECT_FALSE(none.has_emoji);
}

TEST_P(conversation_conformance, reactions_on_groups_by_message_and_first_use_with_the_earliest_reactors) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("g", {alice, bob, carol});
  const auto m1 = send(c.id, alice, "one");
  const auto m2 = send(c.id, alice, "two");
  const auto quiet = send(c.id, alice, "three");
  writer().add_reaction(m1.id, carol.id, "🎉", t0 + 5);
  writer().add_reaction(m1.id, bob.id, "👍", t0 + 1);
  writer().add_reaction(m1.id, alice.id, "👍", t0 + 2);
  writer().add_reaction(m1.id, carol.id, "👍", t0 + 3);
  writer().add_reaction(m2.id, bob.id, "❤️", t0 + 4);
  const std::array ids{m1.id, m2.id, quiet.id};
  const auto r = writer().reactions_on(ids, 2);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].message, m1.id);
  EXPECT_EQ(r[0].emoji, "👍");
  EXPECT_EQ(r[0].count, 3) << "the count is exact";
  ASSERT_EQ(r[0].users.size(), 2u) << "at most max_users reactors";
  EXPECT_EQ(r[0].users[0], (reactor_record{bob.id, "bob"}));
  EXPECT_EQ(r[0].users[1], (reactor_record{alice.id, "alice"}));
  EXPECT_EQ(r[1].emoji, "🎉");
  EXPECT_EQ(r[1].count, 1);
  EXPECT_EQ(r[2].message, m2.id);
  EXPECT_TRUE(writer().reactions_on(std::span<const message_id>{}, 10).empty());
}

TEST_P(conversation_conformance, a_deleted_message_shows_no_reactions_and_leaves_the_pins) {
  const auto alice = add_user("alice");
  const auto c = group("g", {alice});
  const auto m = send(c.id, alice, "hi");
  writer().add_reaction(m.id, alice.id, "👍", t0);
  writer().pin_message(c.id, m.id, alice.id, t0);
  writer().delete_message(m.id, t0 + 1);
  const std::array ids{m.id};
  EXPECT_TRUE(writer().reactions_on(ids, 10).empty());
  EXPECT_TRUE(writer().pins_of(c.id, 10).empty());
}

TEST_P(conversation_conformance, pins_are_listed_most_recent_first_with_who_pinned) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("g", {alice, bob});
  const auto other = group("h", {alice});
  const auto m1 = send(c.id, alice, "one");
  const auto m2 = send(c.id, bob, "two");
  const auto m3 = send(other.id, alice, "elsewhere");
  EXPECT_TRUE(writer().pin_message(c.id, m1.id, bob.id, t0 + 1));
  EXPECT_TRUE(writer().pin_message(c.id, m2.id, alice.id, t0 + 2));
  EXPECT_FALSE(writer().pin_message(c.id, m2.id, bob.id, t0 + 3)) << "pinned already";
  writer().pin_message(other.id, m3.id, alice.id, t0);
  const auto pins = writer().pins_of(c.id, 10);
  ASSERT_EQ(pins.size(), 2u);
  EXPECT_EQ(pins[0].message.id, m2.id);
  EXPECT_EQ(pins[0].message.text, "two");
  EXPECT_EQ(pins[0].message.sender_name, "bob");
  EXPECT_EQ(pins[0].by, (reactor_record{alice.id, "alice"}));
  EXPECT_EQ(pins[0].at, t0 + 2);
  EXPECT_EQ(pins[1].by.username, "bob");
  EXPECT_EQ(writer().pins_of(c.id, 1).size(), 1u);
  EXPECT_TRUE(writer().unpin_message(c.id, m1.id));
  EXPECT_FALSE(writer().unpin_message(c.id, m1.id));
  EXPECT_EQ(writer().pins_of(c.id, 10).size(), 1u);
}

TEST_P(conversation_conformance, a_reaction_entry_reads_back_with_its_action_target_and_emoji) {
  const auto alice = add_user("alice");
  const auto c = group("g", {alice});
  const auto m = send(c.id, alice, "hi");
  auto e = make_entry(c.id, entry_kind::updated, alice.id, t0 + 1);
  e.target = m.id;
  e.action = reaction_added_action;
  e.text = "👨‍👩‍👧";
  const auto appended = writer().append(e).entry;
  EXPECT_EQ(appended.seq, m.seq + 1);
  const auto log = writer().log_after(c.id, m.seq, 10);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].kind, entry_kind::updated);
  EXPECT_EQ(log[0].action, reaction_added_action);
  EXPECT_EQ(log[0].target, m.id);
  EXPECT_EQ(log[0].emoji, "👨‍👩‍👧");
  EXPECT_EQ(appended.emoji, "👨‍👩‍👧") << "append returns the entry as it reads back";
  EXPECT_EQ(writer().unread_count(c.id, alice.id), 0) << "not a message";
  EXPECT_EQ(writer().conversation_by_id(c.id)->name, "g") << "changes no conversation field";
}

TEST_P(conversation_conformance, a_forwarded_message_keeps_its_origin) {
  const auto alice = add_user("alice");
  const auto c = group("g", {alice});
  auto e = make_message(c.id, alice.id, "copied", "fw-1", t0 + 5);
  e.forwarded_sender = "bob";
  e.forwarded_at = t0;
  const auto appended = writer().append(e).entry;
  ASSERT_TRUE(appended.message.has_value());
  EXPECT_EQ(appended.message->forwarded_sender, "bob");
  EXPECT_EQ(appended.message->forwarded_at, t0);
  const auto read = writer().message_by_id(appended.id);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->forwarded_sender, "bob");
  EXPECT_EQ(read->forwarded_at, t0);
  const auto plain = send(c.id, alice, "mine");
  EXPECT_TRUE(writer().message_by_id(plain.id)->forwarded_sender.empty());
  EXPECT_EQ(writer().message_by_id(plain.id)->forwarded_at, 0);
}

}  // namespace
}  // namespace natter::store::conformance
