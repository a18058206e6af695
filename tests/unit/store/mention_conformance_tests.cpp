// Conformance: whom messages mention, and each member's unread mentions.

#include <array>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

void mention(conversation_store& s, const log_entry& e, std::vector<mention_record> who) {
  for (auto& m : who) m.message = e.message->id;
  s.set_mentions(*e.message, who);
}

std::int64_t listed_count(conversation_store& s, conversation_id c, user_id u) {
  return s.conversation_summary_of(c, u)->unread_mentions;
}

TEST_P(conversation_conformance, mentions_on_returns_each_message_mentions_in_the_order_set) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("g", {alice, bob, carol});
  const auto m1 = send(c.id, alice, "@carol @bob");
  const auto m2 = send(c.id, alice, "@room");
  const auto plain = send(c.id, alice, "hi");
  mention(writer(), m1, {{0, carol.id, "carol"}, {0, bob.id, "bob"}});
  mention(writer(), m2, {{0, mention_of_everyone, ""}});
  const std::array ids{m2.message->id, plain.message->id, m1.message->id};
  const auto got = writer().mentions_on(ids);
  const std::vector<mention_record> want{
      {m1.message->id, carol.id, "carol"}, {m1.message->id, bob.id, "bob"}, {m2.message->id, mention_of_everyone, ""}};
  EXPECT_EQ(got, want);
  EXPECT_TRUE(writer().mentions_on(std::span<const message_id>{}).empty());
}

TEST_P(conversation_conformance, set_mentions_replaces_what_the_message_had) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("g", {alice, bob, carol});
  const auto m = send(c.id, alice, "@bob");
  mention(writer(), m, {{0, bob.id, "bob"}});
  mention(writer(), m, {{0, carol.id, "carol"}});
  const std::array ids{m.message->id};
  ASSERT_EQ(writer().mentions_on(ids).size(), 1u);
  EXPECT_EQ(writer().mentions_on(ids)[0].user, carol.id);
  EXPECT_EQ(writer().unread_mentions(c.id, bob.id), 0);
  mention(writer(), m, {});
  EXPECT_TRUE(writer().mentions_on(ids).empty());
}

TEST_P(conversation_conformance, unread_mentions_count_messages_above_the_read_mark_that_mention_me_or_everyone) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto c = group("g", {alice, bob, carol});
  const auto first = send(c.id, alice, "@bob");
  send(c.id, alice, "nothing");
  const auto both = send(c.id, alice, "@room @bob");
  const auto own = send(c.id, bob, "@room");
  mention(writer(), first, {{0, bob.id, "bob"}});
  mention(writer(), both, {{0, mention_of_everyone, ""}, {0, bob.id, "bob"}});
  mention(writer(), own, {{0, mention_of_everyone, ""}});
  EXPECT_EQ(writer().unread_mentions(c.id, bob.id), 2) << "once per message; never one's own";
  EXPECT_EQ(listed_count(writer(), c.id, bob.id), 2);
  EXPECT_EQ(writer().unread_mentions(c.id, carol.id), 2) << "both @room messages";
  EXPECT_EQ(writer().unread_mentions(c.id, alice.id), 1) << "bob's @room";
  EXPECT_EQ(listed_count(writer(), c.id, alice.id), 1);
  writer().advance_receipts(c.id, bob.id, first.seq, first.seq);
  EXPECT_EQ(writer().unread_mentions(c.id, bob.id), 1);
  writer().advance_receipts(c.id, bob.id, own.seq, own.seq);
  EXPECT_EQ(writer().unread_mentions(c.id, bob.id), 0);
  EXPECT_EQ(listed_count(writer(), c.id, bob.id), 0);
  EXPECT_EQ(writer().unread_mentions(c.id, add_user("dave").id), 0) << "not a member";
}

TEST_P(conversation_conformance, a_deleted_message_loses_its_mentions) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("g", {alice, bob});
  const auto m = send(c.id, alice, "@bob");
  mention(writer(), m, {{0, bob.id, "bob"}});
  ASSERT_EQ(writer().unread_mentions(c.id, bob.id), 1);
  writer().delete_message(m.message->id, t0 + 1);
  EXPECT_EQ(writer().unread_mentions(c.id, bob.id), 0);
  const std::array ids{m.message->id};
  EXPECT_TRUE(writer().mentions_on(ids).empty());
}

TEST_P(conversation_conformance, mentions_in_one_conversation_do_not_count_in_another) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto g1 = group("one", {alice, bob});
  const auto g2 = group("two", {alice, bob});
  mention(writer(), send(g1.id, alice, "@room"), {{0, mention_of_everyone, ""}});
  mention(writer(), send(g1.id, alice, "@bob"), {{0, bob.id, "bob"}});
  EXPECT_EQ(writer().unread_mentions(g1.id, bob.id), 2);
  EXPECT_EQ(writer().unread_mentions(g2.id, bob.id), 0);
  EXPECT_EQ(listed_count(writer(), g2.id, bob.id), 0);
}

}  // namespace
}  // namespace natter::store::conformance

namespace natter::store::conformance {
namespace {

TEST_P(conversation_conformance, members_named_finds_the_members_among_the_names_in_one_call) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  add_user("carol");
  const auto c = group("g", {alice, bob});
  const std::vector<std::string> names{"bob", "carol", "nobody", "al\"ice"};
  const auto found = writer().members_named(c.id, names);
  ASSERT_EQ(found.size(), 1u) << "carol is not a member; the others are nobody's names";
  EXPECT_EQ(found[0].user, bob.id);
  EXPECT_EQ(found[0].username, "bob");
  EXPECT_TRUE(writer().members_named(c.id, std::span<const std::string>{}).empty());
}

}  // namespace
}  // namespace natter::store::conformance
