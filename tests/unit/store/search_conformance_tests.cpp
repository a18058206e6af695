// Conformance: message search (conversation_store::search_messages). The
// store matches words it is given; core::search_terms decides what they are.

#include <string>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

std::vector<message_id> ids_of(const std::vector<message_hit>& hits) {
  std::vector<message_id> out;
  for (const auto& h : hits) out.push_back(h.id);
  return out;
}

TEST_P(conversation_conformance, search_finds_whole_words_and_prefixes_newest_first) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("friends", {alice, bob});
  const auto first = send(c.id, alice, "Lunch at the harbour?", t0 + 1);
  send(c.id, bob, "nothing to see", t0 + 2);
  const auto third = send(c.id, bob, "harbourside LUNCH it is", t0 + 3);

  const auto hits = writer().search_messages(words_for(bob, {"lunch", "harb"}));
  EXPECT_EQ(ids_of(hits), (std::vector<message_id>{third.id, first.id}));
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(hits[0].conversation, c.id);
  EXPECT_EQ(hits[0].seq, third.seq);
  EXPECT_EQ(hits[0].sender, bob.id);
  EXPECT_EQ(hits[0].sender_username, "bob");
  EXPECT_EQ(hits[0].at, t0 + 3);
  EXPECT_EQ(hits[0].text, "harbourside LUNCH it is");
  // Every word must match: "see" is in another message.
  EXPECT_TRUE(writer().search_messages(words_for(bob, {"lunch", "see"})).empty());
}

TEST_P(conversation_conformance, search_matches_a_one_letter_word_only_whole) {
  const auto alice = add_user("alice");
  const auto c = group("solo", {alice});
  const auto plan = send(c.id, alice, "plan b it is");
  send(c.id, alice, "banana");
  EXPECT_EQ(ids_of(writer().search_messages(words_for(alice, {"b"}))), (std::vector<message_id>{plan.id}));
}

TEST_P(conversation_conformance, search_never_finds_messages_of_conversations_the_reader_is_not_in) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto theirs = group("theirs", {alice, bob});
  send(theirs.id, alice, "secret plans");
  const auto left = group("left", {alice, carol});
  send(left.id, alice, "secret too");
  writer().remove_member(left.id, carol.id);
  const auto ours = group("ours", {alice, carol});
  const auto visible = send(ours.id, alice, "secret for carol");

  EXPECT_EQ(ids_of(writer().search_messages(words_for(carol, {"secret"}))), (std::vector<message_id>{visible.id}));
  EXPECT_EQ(writer().search_messages(words_for(alice, {"secret"})).size(), 3U);
}

TEST_P(conversation_conformance, search_matches_an_edited_message_by_its_new_text_only) {
  const auto alice = add_user("alice");
  const auto c = group("solo", {alice});
  const auto m = send(c.id, alice, "see you at noon");
  writer().edit_message(m.id, "see you at dusk", t0 + 5);

  EXPECT_TRUE(writer().search_messages(words_for(alice, {"noon"})).empty());
  EXPECT_EQ(ids_of(writer().search_messages(words_for(alice, {"dusk"}))), (std::vector<message_id>{m.id}));
}

TEST_P(conversation_conformance, search_never_finds_a_deleted_message) {
  const auto alice = add_user("alice");
  const auto c = group("solo", {alice});
  const auto gone = send(c.id, alice, "regrettable words");
  const auto kept = send(c.id, alice, "kind words");
  writer().delete_message(gone.id, t0 + 5);

  EXPECT_EQ(ids_of(writer().search_messages(words_for(alice, {"words"}))), (std::vector<message_id>{kept.id}));
  EXPECT_TRUE(writer().search_messages(words_for(alice, {"regrettable"})).empty());
}

TEST_P(conversation_conformance, search_finds_messages_appended_in_groups) {
  const auto alice = add_user("alice");
  const auto c = group("solo", {alice});
  const std::vector<new_message> sends{{c.id, alice.id, t0, "batched hello", "b-1", std::nullopt, {}},
                                       {c.id, alice.id, t0, "batched goodbye", "b-2", std::nullopt, {}}};
  const auto appended = writer().append_messages(sends);
  ASSERT_EQ(appended.size(), 2U);
  EXPECT_EQ(writer().search_messages(words_for(alice, {"batched"})).size(), 2U);
  EXPECT_EQ(writer().search_messages(words_for(alice, {"goodbye"})).size(), 1U);
}

TEST_P(conversation_conformance, search_filters_by_conversation_sender_and_time) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto one = group("one", {alice, bob});
  const auto two = group("two", {alice, bob});
  const auto early = send(one.id, alice, "ping", t0 + 10);
  const auto by_bob = send(one.id, bob, "ping", t0 + 20);
  const auto elsewhere = send(two.id, alice, "ping", t0 + 30);

  auto q = words_for(alice, {"ping"});
  q.conversation = one.id;
  EXPECT_EQ(ids_of(writer().search_messages(q)), (std::vector<message_id>{by_bob.id, early.id}));
  q = words_for(alice, {"ping"});
  q.sender = alice.id;
  EXPECT_EQ(ids_of(writer().search_messages(q)), (std::vector<message_id>{elsewhere.id, early.id}));
  q = words_for(alice, {"ping"});
  q.after = t0 + 10;
  q.before = t0 + 30;
  EXPECT_EQ(ids_of(writer().search_messages(q)), (std::vector<message_id>{by_bob.id}));
}

TEST_P(conversation_conformance, search_pages_below_the_last_id_of_the_previous_page) {
  const auto alice = add_user("alice");
  const auto c = group("solo", {alice});
  std::vector<message_id> sent;
  for (int i = 0; i < 5; ++i) sent.push_back(send(c.id, alice, "echo " + std::to_string(i)).id);

  auto q = words_for(alice, {"echo"});
  q.limit = 2;
  EXPECT_EQ(ids_of(writer().search_messages(q)), (std::vector<message_id>{sent[4], sent[3]}));
  q.below_id = sent[3];
  EXPECT_EQ(ids_of(writer().search_messages(q)), (std::vector<message_id>{sent[2], sent[1]}));
  q.below_id = sent[1];
  EXPECT_EQ(ids_of(writer().search_messages(q)), (std::vector<message_id>{sent[0]}));
  q.limit = 0;
  EXPECT_TRUE(writer().search_messages(q).empty());
}

// Words reach the store already stripped of syntax; a backend still quotes
// them, so even a word that is an operator or holds a quote is only a word.
TEST_P(conversation_conformance, search_words_are_never_query_syntax) {
  const auto alice = add_user("alice");
  const auto c = group("solo", {alice});
  const auto m = send(c.id, alice, "this or that, near and not far");
  for (const char* word : {"or", "OR", "NEAR", "and", "not", "NOT"}) {
    EXPECT_EQ(ids_of(writer().search_messages(words_for(alice, {word}))), (std::vector<message_id>{m.id})) << word;
  }
  for (const char* word : {"\"", "'", "a\"b", "x'y", "\\", "*", "(", ":*", "-", "^"}) {
    EXPECT_NO_THROW(writer().search_messages(words_for(alice, {word}))) << word;
  }
}

}  // namespace
}  // namespace natter::store::conformance
