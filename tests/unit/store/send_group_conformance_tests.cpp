// Conformance: groups of sends (conversation_store::append_messages) do what
// append() does one message at a time, and check each message as a send must.

#include <optional>
#include <string>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

new_message make_send(conversation_id c, const user_record& from, std::string text, std::string client_msg_id = {},
                      std::optional<message_id> reply_to = std::nullopt) {
  return new_message{c, from.id, t0 + 7, std::move(text), std::move(client_msg_id), reply_to, {}};
}

std::vector<send_refusal> refusals_of(const std::vector<message_append>& appended) {
  std::vector<send_refusal> out;
  for (const auto& a : appended) out.push_back(a.refused);
  return out;
}

void expect_same_entry(const log_entry& returned, const log_entry& stored) {
  EXPECT_EQ(returned.id, stored.id);
  EXPECT_EQ(returned.conversation, stored.conversation);
  EXPECT_EQ(returned.seq, stored.seq);
  EXPECT_EQ(returned.kind, stored.kind);
  EXPECT_EQ(returned.actor, stored.actor);
  EXPECT_EQ(returned.actor_name, stored.actor_name);
  EXPECT_EQ(returned.at, stored.at);
  ASSERT_TRUE(returned.message.has_value() && stored.message.has_value());
  EXPECT_EQ(returned.message->id, stored.message->id);
  EXPECT_EQ(returned.message->seq, stored.message->seq);
  EXPECT_EQ(returned.message->sender_name, stored.message->sender_name);
  EXPECT_EQ(returned.message->text, stored.message->text);
  EXPECT_EQ(returned.message->client_msg_id, stored.message->client_msg_id);
  EXPECT_EQ(returned.message->reply_to, stored.message->reply_to);
  EXPECT_EQ(returned.message->created_at, stored.message->created_at);
  EXPECT_EQ(returned.message->deleted, stored.message->deleted);
}

TEST_P(conversation_conformance, a_group_of_sends_is_stored_as_one_by_one_appends_would_store_it) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto one = group("one", {alice, bob});
  const auto two = group("two", {alice, bob});
  send(one.id, alice, "before");  // seq 1 of one
  const std::vector<new_message> group_of{make_send(one.id, alice, "a1", "g-1"), make_send(two.id, bob, "b1"),
                                          make_send(one.id, bob, "a2 \"quoted\" \\ {braces}, commas", "g-2"),
                                          make_send(two.id, alice, "b2", "g-3"), make_send(one.id, alice, "a3")};
  const auto appended = writer().append_messages(group_of);

  ASSERT_EQ(appended.size(), group_of.size());
  std::vector<seq_t> seqs;
  for (const auto& a : appended) {
    EXPECT_EQ(a.refused, send_refusal::none);
    EXPECT_TRUE(a.appended.stored);
    seqs.push_back(a.appended.entry.seq);
  }
  EXPECT_EQ(seqs, (std::vector<seq_t>{2, 1, 3, 2, 4})) << "gapless, in order, per conversation";
  EXPECT_EQ(writer().conversation_by_id(one.id)->last_seq, 4);
  EXPECT_EQ(writer().conversation_by_id(two.id)->last_seq, 2);
  for (const auto& a : appended) {
    const auto stored = writer().log_after(a.appended.entry.conversation, a.appended.entry.seq - 1, 1);
    ASSERT_EQ(stored.size(), 1u);
    expect_same_entry(a.appended.entry, stored.front());
  }
  EXPECT_EQ(appended[2].appended.entry.message->text, "a2 \"quoted\" \\ {braces}, commas");
  EXPECT_LT(appended[0].appended.entry.id, appended[2].appended.entry.id) << "ids rise with seq";
  EXPECT_LT(appended[2].appended.entry.id, appended[4].appended.entry.id) << "ids rise with seq";
  for (const auto& c : {one, two}) {
    for (const auto& who : {alice, bob})
      EXPECT_EQ(writer().unread_count(c.id, who.id), unread_by_counting(writer(), c.id, who.id));
  }
  EXPECT_EQ(writer().unread_count(one.id, bob.id), 3) << "before, a1, a3";
  EXPECT_EQ(send(one.id, bob, "after").seq, 5) << "append() goes on where the group stopped";
}

TEST_P(conversation_conformance, refused_sends_in_a_group_change_nothing_and_spoil_no_neighbour) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto friends = group("friends", {alice, bob});
  const auto other = group("other", {alice, carol});
  const auto elsewhere = send(other.id, alice, "elsewhere");
  const auto blocked_chat = direct_chat(carol, alice, request_state::none);
  writer().add_block(alice.id, carol.id);
  const auto declined_chat = direct_chat(bob, carol, request_state::declined);
  const auto original = send(friends.id, bob, "original");

  const std::vector<new_message> group_of{
      make_send(friends.id, alice, "ok 1"),
      make_send(friends.id, carol, "not a member"),
      make_send(blocked_chat.id, carol, "blocked"),
      make_send(declined_chat.id, bob, "declined"),
      make_send(friends.id, alice, "reply elsewhere", {}, elsewhere.id),
      make_send(999'999, alice, "no such conversation"),
      make_send(friends.id, bob, "reply", {}, original.id),
      make_send(declined_chat.id, carol, "the one who declined may still write"),
  };
  const auto appended = writer().append_messages(group_of);

  EXPECT_EQ(refusals_of(appended),
            (std::vector<send_refusal>{send_refusal::none, send_refusal::not_a_member, send_refusal::blocked,
                                       send_refusal::request_declined, send_refusal::no_such_reply_to,
                                       send_refusal::not_a_member, send_refusal::none, send_refusal::none}));
  EXPECT_EQ(appended[0].appended.entry.seq, 2);
  EXPECT_EQ(appended[6].appended.entry.seq, 3);
  EXPECT_EQ(appended[6].appended.entry.message->reply_to, original.id);
  EXPECT_EQ(writer().conversation_by_id(friends.id)->last_seq, 3);
  EXPECT_EQ(writer().conversation_by_id(blocked_chat.id)->last_seq, 0);
  EXPECT_EQ(writer().conversation_by_id(declined_chat.id)->last_seq, 1);
  EXPECT_EQ(writer().unread_count(friends.id, bob.id), unread_by_counting(writer(), friends.id, bob.id));
}

TEST_P(conversation_conformance, a_retried_send_in_a_group_returns_the_original_and_takes_no_seq) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  const auto earlier = writer().append(make_message(c.id, alice.id, "earlier", "k-earlier")).entry;

  const std::vector<new_message> group_of{
      make_send(c.id, alice, "earlier (retried)", "k-earlier"),
      make_send(c.id, alice, "twice", "k-twice"),
      make_send(c.id, bob, "same key, other sender", "k-twice"),
      make_send(c.id, alice, "twice (retried in the same group)", "k-twice"),
      make_send(999'999, bob, "refused first", "k-late"),
      make_send(c.id, bob, "then sent", "k-late"),
  };
  const auto appended = writer().append_messages(group_of);

  ASSERT_EQ(appended.size(), group_of.size());
  EXPECT_FALSE(appended[0].appended.stored);
  EXPECT_EQ(appended[0].appended.entry.id, earlier.id);
  EXPECT_EQ(appended[0].appended.entry.message->text, "earlier");
  EXPECT_TRUE(appended[1].appended.stored);
  EXPECT_TRUE(appended[2].appended.stored);
  EXPECT_FALSE(appended[3].appended.stored);
  EXPECT_EQ(appended[3].appended.entry.id, appended[1].appended.entry.id);
  EXPECT_EQ(appended[3].appended.entry.message->text, "twice");
  EXPECT_EQ(appended[4].refused, send_refusal::not_a_member);
  EXPECT_TRUE(appended[5].appended.stored);
  EXPECT_EQ(writer().conversation_by_id(c.id)->last_seq, 4) << "earlier, twice, same key, then sent";
  EXPECT_EQ(seqs_of(writer().log_after(c.id, 0, 10)), (std::vector<seq_t>{1, 2, 3, 4}));
  for (const auto& who : {alice, bob})
    EXPECT_EQ(writer().unread_count(c.id, who.id), unread_by_counting(writer(), c.id, who.id));
}

TEST_P(conversation_conformance, an_empty_group_of_sends_does_nothing) {
  EXPECT_TRUE(writer().append_messages({}).empty());
}

}  // namespace
}  // namespace natter::store::conformance
