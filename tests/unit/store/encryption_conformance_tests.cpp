// Conformance: end-to-end encrypted conversations (migration 22). The store
// keeps a conversation's flag and each encrypted message's envelope as
// given; it never reads the envelope.

#include <string>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

// Quotes, backslashes, braces and commas: what an array literal or a
// parameter must carry through untouched.
const std::string envelope_one =
    R"({"v":1,"alg":"megolm.v1","sender_device":"PHONE","session_id":"c2Vzc2lvbg","ciphertext":"a\"b\\c{d},e"})";
const std::string envelope_two =
    R"({"v":1,"alg":"megolm.v1","sender_device":"PHONE","session_id":"s2","ciphertext":"Zg"})";

new_message encrypted_send(conversation_id c, const user_record& from, std::string envelope, std::string key) {
  new_message m{c, from.id, t0 + 3, "", std::move(key), std::nullopt, {}};
  m.envelope = std::move(envelope);
  return m;
}

TEST_P(conversation_conformance, encryption_is_off_until_turned_on_and_never_goes_back) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("secret", {alice, bob});
  EXPECT_FALSE(writer().conversation_by_id(c.id)->encrypted);

  EXPECT_TRUE(writer().encrypt_conversation(c.id));
  EXPECT_FALSE(writer().encrypt_conversation(c.id));  // on already: nothing changes
  EXPECT_TRUE(writer().conversation_by_id(c.id)->encrypted);
  EXPECT_TRUE(writer().conversation_summary_of(c.id, bob.id)->conversation.encrypted);
  EXPECT_FALSE(writer().encrypt_conversation(c.id + 1000));  // no such conversation
  // Nothing else about the conversation changes with it.
  const auto other = group("plain", {alice});
  EXPECT_FALSE(writer().conversation_by_id(other.id)->encrypted);
}

TEST_P(conversation_conformance, a_direct_chat_can_be_created_encrypted) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  auto chat = make_direct(alice.id, bob.id);
  chat.encrypted = true;
  const auto created = create(chat);
  EXPECT_TRUE(created.encrypted);
  EXPECT_TRUE(writer().direct_conversation(alice.id, bob.id)->encrypted);
}

TEST_P(conversation_conformance, an_encrypted_message_keeps_its_envelope_until_deleted) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto c = group("secret", {alice, bob});
  writer().encrypt_conversation(c.id);
  const std::vector<new_message> sends{encrypted_send(c.id, alice, envelope_one, "e-1")};
  const auto appended = writer().append_messages(sends);
  ASSERT_EQ(appended.size(), 1U);
  ASSERT_EQ(appended[0].refused, send_refusal::none);
  ASSERT_TRUE(appended[0].appended.entry.message);
  EXPECT_EQ(appended[0].appended.entry.message->envelope, envelope_one);
  const auto id = appended[0].appended.entry.message->id;

  const auto stored = writer().message_by_id(id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->envelope, envelope_one);
  EXPECT_EQ(stored->text, "");
  const auto log = writer().log_after(c.id, 0, 10);
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0].message->envelope, envelope_one);

  writer().edit_envelope(id, envelope_two, t0 + 9);
  EXPECT_EQ(writer().message_by_id(id)->envelope, envelope_two);
  EXPECT_EQ(writer().message_by_id(id)->edited_at, t0 + 9);

  writer().delete_message(id, t0 + 10);
  EXPECT_EQ(writer().message_by_id(id)->envelope, "");
  EXPECT_TRUE(writer().message_by_id(id)->deleted);
}

TEST_P(conversation_conformance, a_single_append_keeps_an_envelope_too) {
  const auto alice = add_user("alice");
  const auto c = group("secret", {alice});
  writer().encrypt_conversation(c.id);
  auto e = make_message(c.id, alice.id, "", "one-off");
  e.envelope = envelope_one;
  const auto appended = writer().append(e);
  ASSERT_TRUE(appended.entry.message);
  EXPECT_EQ(appended.entry.message->envelope, envelope_one);
  EXPECT_EQ(writer().message_by_id(appended.entry.message->id)->envelope, envelope_one);
  // A plain message keeps none.
  const auto plain = group("plain", {alice});
  const auto sent = send(plain.id, alice, "hello");
  EXPECT_EQ(writer().message_by_id(sent.message->id)->envelope, "");
}

TEST_P(conversation_conformance, a_send_has_an_envelope_exactly_when_its_conversation_is_encrypted) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto secret = group("secret", {alice, bob});
  const auto plain = group("plain", {alice, bob});
  writer().encrypt_conversation(secret.id);
  const std::vector<new_message> sends{
      new_message{secret.id, alice.id, t0 + 1, "in the clear", "p-1", std::nullopt, {}},
      encrypted_send(plain.id, alice, envelope_one, "p-2"),
      encrypted_send(secret.id, bob, envelope_two, "p-3"),
      new_message{plain.id, bob.id, t0 + 2, "plain is fine", "p-4", std::nullopt, {}},
  };
  const auto appended = writer().append_messages(sends);
  ASSERT_EQ(appended.size(), 4U);
  EXPECT_EQ(appended[0].refused, send_refusal::encryption_required);
  EXPECT_EQ(appended[1].refused, send_refusal::not_encrypted);
  EXPECT_EQ(appended[2].refused, send_refusal::none);
  EXPECT_EQ(appended[3].refused, send_refusal::none);
  // The refused ones took no seq: each conversation has exactly one message.
  EXPECT_EQ(writer().log_after(secret.id, 0, 10).size(), 1U);
  EXPECT_EQ(writer().log_after(plain.id, 0, 10).size(), 1U);
}

TEST_P(conversation_conformance, search_finds_nothing_of_an_encrypted_conversation) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto secret = group("secret", {alice, bob});
  const auto plain = group("plain", {alice, bob});
  send(secret.id, alice, "harbour before encryption");
  const auto visible = send(plain.id, alice, "harbour in the open");
  EXPECT_EQ(writer().search_messages(words_for(bob, {"harbour"})).size(), 2U);

  writer().encrypt_conversation(secret.id);
  const std::vector<new_message> sends{encrypted_send(secret.id, alice, envelope_one, "s-1")};
  ASSERT_EQ(writer().append_messages(sends)[0].refused, send_refusal::none);

  const auto hits = writer().search_messages(words_for(bob, {"harbour"}));
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0].id, visible.message->id);
  // Nothing of the envelope is a word the index knows.
  EXPECT_TRUE(writer().search_messages(words_for(bob, {"megolm"})).empty());
  EXPECT_TRUE(writer().search_messages(words_for(bob, {"c2Vzc2lvbg"})).empty());
  auto in_secret = words_for(alice, {"harbour"});
  in_secret.conversation = secret.id;
  EXPECT_TRUE(writer().search_messages(in_secret).empty());
}

}  // namespace
}  // namespace natter::store::conformance
