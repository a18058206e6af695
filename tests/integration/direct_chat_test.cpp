// Direct chats: requests accepted and declined, contacts, blocking.
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;

class direct_chat : public realtime_test {};

TEST_F(direct_chat, hello_announces_the_protocol_and_its_limits) {
  auto alice = register_and_login("alice");
  ws_client ws(server_->port());
  EXPECT_EQ(ws.hello().at("protocol").as_int64(), 1);
  EXPECT_EQ(ws.hello().at("limits").at("max_frame_bytes").as_int64(), 65536);
  EXPECT_EQ(ws.hello().at("limits").at("max_message_chars").as_int64(), 4000);
}

TEST_F(direct_chat, a_first_message_from_a_stranger_arrives_as_a_request_and_can_be_accepted) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto sent = send_to(*alice, "@bob", "hi bob");
  auto msg = sent.at("message").as_object();
  EXPECT_EQ(msg.at("seq").as_int64(), 1);
  EXPECT_EQ(msg.at("sender"), "alice");
  EXPECT_EQ(msg.at("text"), "hi bob");
  const auto conversation = msg.at("conversation_id").as_int64();
  EXPECT_EQ(alice->event("message").at("message"), msg) << "the sender's own connections get the event too";

  auto request = bob->event("request");
  EXPECT_EQ(request.at("from"), "alice");
  EXPECT_EQ(request.at("conversation_id").as_int64(), conversation);
  EXPECT_EQ(bob->event("message").at("message").at("text"), "hi bob");

  auto list = bob->ok({{"type", "conversations.list"}}).at("conversations").as_array();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].at("request").at("state"), "pending");
  EXPECT_EQ(list[0].at("name"), "alice");

  bob->ok({{"type", "request.accept"}, {"conversation_id", conversation}});
  auto accepted = alice->event("request.accepted");
  EXPECT_EQ(accepted.at("by"), "bob");
  EXPECT_EQ(accepted.at("conversation_id").as_int64(), conversation);
  list = bob->ok({{"type", "conversations.list"}}).at("conversations").as_array();
  EXPECT_TRUE(list[0].at("request").is_null());
  send_in(*bob, conversation, "hello alice");
  EXPECT_EQ(alice->event("message").at("message").at("text"), "hello alice");
}

TEST_F(direct_chat, a_request_shares_no_presence_until_accepted_then_both_see_each_other_at_once) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto conversation = conversation_of(send_to(*alice, "@bob", "hi bob"));
  bob->event("request");
  EXPECT_TRUE(alice->ok({{"type", "sync"}, {"since", object{}}}).at("presence").as_array().empty());
  EXPECT_TRUE(bob->ok({{"type", "sync"}, {"since", object{}}}).at("presence").as_array().empty());

  bob->ok({{"type", "request.accept"}, {"conversation_id", conversation}});
  auto seen_by_alice = alice->event("presence");
  EXPECT_EQ(seen_by_alice.at("user"), "bob");
  EXPECT_EQ(seen_by_alice.at("status"), "online");
  auto seen_by_bob = bob->event("presence");
  EXPECT_EQ(seen_by_bob.at("user"), "alice");
  EXPECT_EQ(seen_by_bob.at("status"), "online");
}

TEST_F(direct_chat, a_declined_request_refuses_further_messages) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto conversation = conversation_of(send_to(*alice, "@bob", "buy my stuff"));
  bob->event("request");
  bob->ok({{"type", "request.decline"}, {"conversation_id", conversation}});
  auto declined = alice->event("request.declined");
  EXPECT_EQ(declined.at("by"), "bob");
  EXPECT_EQ(alice->error_of(
                {{"type", "message.send"}, {"to", "@bob"}, {"client_msg_id", next_client_id()}, {"text", "please"}}),
            "REQUEST_DECLINED");
}

TEST_F(direct_chat, messages_from_a_contact_are_not_requests) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});
  send_to(*alice, "@bob", "hi");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "hi");
  EXPECT_FALSE(bob->maybe_event("request", std::chrono::milliseconds(300)));
  auto contacts = bob->ok({{"type", "contact.list"}}).at("contacts").as_array();
  ASSERT_EQ(contacts.size(), 1U);
  EXPECT_EQ(contacts[0].at("username"), "alice");
  EXPECT_EQ(contacts[0].at("status"), "online");
}

TEST_F(direct_chat, there_is_one_conversation_per_pair) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto first = conversation_of(send_to(*alice, "@bob", "one"));
  bob->ok({{"type", "request.accept"}, {"conversation_id", first}});
  EXPECT_EQ(conversation_of(send_to(*bob, "@alice", "two")), first);
  EXPECT_EQ(conversation_of(send_to(*alice, "@bob", "three")), first);
}

TEST_F(direct_chat, a_blocked_sender_gets_blocked_and_nothing_arrives) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  bob->ok({{"type", "block"}, {"username", "alice"}});
  EXPECT_EQ(alice->error_of({{"type", "message.send"}, {"to", "@bob"}, {"client_msg_id", "x1"}, {"text", "hi"}}),
            "BLOCKED");
  EXPECT_FALSE(bob->maybe_event("message", std::chrono::milliseconds(300)));
  bob->ok({{"type", "unblock"}, {"username", "alice"}});
  send_to(*alice, "@bob", "hi again");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "hi again");
}

TEST_F(direct_chat, unknown_users_and_yourself_are_refused) {
  auto alice = join_as("alice");
  EXPECT_EQ(alice->error_of({{"type", "message.send"}, {"to", "@nobody"}, {"client_msg_id", "1"}, {"text", "x"}}),
            "USER_NOT_FOUND");
  EXPECT_EQ(alice->error_of({{"type", "message.send"}, {"to", "@alice"}, {"client_msg_id", "2"}, {"text", "x"}}),
            "VALIDATION_FAILED");
}

TEST_F(direct_chat, outsiders_cannot_read_or_write_and_cannot_tell_it_exists) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto mallory = join_as("mallory");
  const auto conversation = conversation_of(send_to(*alice, "@bob", "secret"));
  EXPECT_EQ(mallory->error_of({{"type", "history"}, {"conversation_id", conversation}}), "NOT_A_MEMBER");
  EXPECT_EQ(mallory->error_of({{"type", "history"}, {"conversation_id", 999999}}), "NOT_A_MEMBER");
  EXPECT_EQ(
      mallory->error_of(
          {{"type", "message.send"}, {"conversation_id", conversation}, {"client_msg_id", "m"}, {"text", "let me in"}}),
      "NOT_A_MEMBER");
  EXPECT_EQ(mallory->error_of({{"type", "typing"}, {"conversation_id", conversation}}), "NOT_A_MEMBER");
}

}  // namespace
}  // namespace natter::testing
