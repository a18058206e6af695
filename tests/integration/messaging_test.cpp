// Receipts, unread counts, typing, presence, edits, deletions, idempotent sends, history.
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;

class messaging : public realtime_test {
 protected:
  // alice and bob, contacts of each other, with a direct chat.
  void SetUp() override {
    realtime_test::SetUp();
    alice_ = join_as("alice");
    bob_ = join_as("bob");
    alice_->ok({{"type", "contact.add"}, {"username", "bob"}});
    bob_->ok({{"type", "contact.add"}, {"username", "alice"}});
    chat_ = conversation_of(send_to(*alice_, "@bob", "hello"));
    bob_->event("message");
  }
  std::unique_ptr<ws_client> alice_, bob_;
  std::int64_t chat_ = 0;
};

TEST_F(messaging, receipts_flow_back_to_the_sender) {
  auto seq = send_in(*alice_, chat_, "did you get this?").at("message").at("seq").as_int64();
  bob_->event("message");
  bob_->ok({{"type", "receipt.delivered"}, {"conversation_id", chat_}, {"seq", seq}});
  auto delivered = alice_->event("receipt");
  EXPECT_EQ(delivered.at("user"), "bob");
  EXPECT_EQ(delivered.at("delivered_seq").as_int64(), seq);
  EXPECT_EQ(delivered.at("read_seq").as_int64(), 0);
  auto read = bob_->ok({{"type", "receipt.read"}, {"conversation_id", chat_}, {"seq", seq}});
  EXPECT_EQ(read.at("unread").as_int64(), 0);
  auto seen = alice_->event("receipt");
  EXPECT_EQ(seen.at("read_seq").as_int64(), seq);
}

TEST_F(messaging, receipts_never_move_backwards) {
  send_in(*alice_, chat_, "two");
  bob_->ok({{"type", "receipt.read"}, {"conversation_id", chat_}, {"seq", 2}});
  alice_->event("receipt");
  bob_->ok({{"type", "receipt.read"}, {"conversation_id", chat_}, {"seq", 1}});
  EXPECT_FALSE(alice_->maybe_event("receipt", std::chrono::milliseconds(300)));
  auto list = bob_->ok({{"type", "conversations.list"}}).at("conversations").as_array();
  EXPECT_EQ(list[0].at("read_seq").as_int64(), 2);
}

TEST_F(messaging, unread_counts_others_messages_after_the_read_marker) {
  for (int i = 0; i < 3; ++i) send_in(*alice_, chat_, "msg " + std::to_string(i));
  auto list = bob_->ok({{"type", "conversations.list"}}).at("conversations").as_array();
  EXPECT_EQ(list[0].at("unread").as_int64(), 4);
  EXPECT_EQ(list[0].at("last_message").at("text"), "msg 2");
  EXPECT_EQ(list[0].at("last_seq").as_int64(), 4);
  auto read = bob_->ok({{"type", "receipt.read"}, {"conversation_id", chat_}, {"seq", 2}});
  EXPECT_EQ(read.at("unread").as_int64(), 2);
  auto mine = alice_->ok({{"type", "conversations.list"}}).at("conversations").as_array();
  EXPECT_EQ(mine[0].at("unread").as_int64(), 0) << "your own messages are never unread";
}

TEST_F(messaging, typing_reaches_the_other_member) {
  alice_->ok({{"type", "typing"}, {"conversation_id", chat_}});
  auto typing = bob_->event("typing");
  EXPECT_EQ(typing.at("user"), "alice");
  EXPECT_EQ(typing.at("conversation_id").as_int64(), chat_);
}

TEST_F(messaging, typing_is_rate_limited) {
  std::string last;
  for (int i = 0; i < 10 && last.empty(); ++i) {
    auto reply = alice_->request({{"type", "typing"}, {"conversation_id", chat_}});
    if (reply.contains("error")) last = std::string(reply.at("error").at("code").as_string());
  }
  EXPECT_EQ(last, "RATE_LIMITED");
}

TEST_F(messaging, presence_goes_online_and_offline_with_last_seen) {
  auto carol_session = register_and_login("carol");
  // carol shares her presence with alice by adding her as a contact (alice
  // adding carol would not: that needs no consent from carol).
  connect(carol_session)->ok({{"type", "contact.add"}, {"username", "alice"}});
  EXPECT_EQ(alice_->event("presence").at("status"), "offline");  // that first connection ended
  {
    auto carol = connect(carol_session);
    auto online = alice_->event("presence");
    EXPECT_EQ(online.at("user"), "carol");
    EXPECT_EQ(online.at("status"), "online");
    carol->ok({{"type", "presence.set"}, {"status", "busy"}});
    EXPECT_EQ(alice_->event("presence").at("status"), "busy");
  }
  auto offline = alice_->event("presence");
  EXPECT_EQ(offline.at("status"), "offline");
  EXPECT_GT(offline.at("last_seen").as_int64(), 0);
}

TEST_F(messaging, invisible_users_appear_offline) {
  bob_->ok({{"type", "presence.set"}, {"status", "invisible"}});
  EXPECT_EQ(alice_->event("presence").at("status"), "offline");
  auto contacts = alice_->ok({{"type", "contact.list"}}).at("contacts").as_array();
  EXPECT_EQ(contacts[0].at("status"), "offline");
  EXPECT_EQ(bob_->error_of({{"type", "presence.set"}, {"status", "asleep"}}), "VALIDATION_FAILED");
}

// After a restart nothing is known in memory: the first sign-in of each
// session reads whether it is open, its user and their chosen status from the
// store, in one read, whichever way the token comes (upgrade or auth request).
TEST_F(messaging, the_first_sign_in_after_a_restart_reads_session_user_and_status) {
  auto carol = register_and_login("carol");
  auto dave = register_and_login("dave");
  connect(carol)->ok({{"type", "presence.set"}, {"status", "busy"}});
  ASSERT_EQ(http_->post("/api/v1/auth/logout", {{"refresh_token", dave.refresh_token}}).status, 204);
  alice_.reset();
  bob_.reset();
  restart();
  EXPECT_EQ(upgrade_with(server_->port(), "Bearer " + dave.access_token).status, 401) << "ended before the restart";
  ws_client dave_ws(server_->port());
  EXPECT_EQ(dave_ws.error_of({{"type", "auth"}, {"token", dave.access_token}}), "UNAUTHORIZED");
  ws_client carol_ws(server_->port());
  auto signed_in = carol_ws.auth(carol.access_token);
  EXPECT_EQ(signed_in.at("status"), "busy") << "the stored choice";
  EXPECT_EQ(signed_in.at("user").at("username"), "carol");
  EXPECT_EQ(upgrade_with(server_->port(), "Bearer " + carol.access_token).status, 101);
}

// The text of the next message event from `sender` (one's own sends come
// back as events too).
std::string text_from(ws_client& ws, const std::string& sender) {
  for (;;) {
    auto m = ws.event("message").at("message").as_object();
    if (m.at("sender").as_string() == sender) return std::string(m.at("text").as_string());
  }
}

TEST_F(messaging, a_connection_authenticated_with_presence_false_leaves_presence_alone) {
  auto carol_session = register_and_login("carol");
  connect(carol_session)->ok({{"type", "contact.add"}, {"username", "alice"}});  // alice may see carol's presence
  EXPECT_EQ(alice_->event("presence").at("status"), "offline");                  // that first connection ended
  alice_->ok({{"type", "contact.add"}, {"username", "carol"}});
  {
    ws_client quiet(server_->port());
    quiet.ok({{"type", "auth"}, {"token", carol_session.access_token}, {"presence", false}});
    quiet.ok({{"type", "sync"}, {"since", object{}}});
    send_to(quiet, "@alice", "just this");
    EXPECT_EQ(text_from(*alice_, "carol"), "just this");
    send_to(*alice_, "@carol", "got it");
    EXPECT_EQ(text_from(quiet, "alice"), "got it") << "events still arrive";
    auto contacts = alice_->ok({{"type", "contact.list"}}).at("contacts").as_array();
    ASSERT_EQ(contacts.size(), 2u);
    for (const auto& c : contacts) {
      if (c.at("username") != "carol") continue;
      EXPECT_EQ(c.at("status"), "offline");
    }
  }
  // The next presence alice hears of carol is a connection that counts.
  auto carol = connect(carol_session);
  auto online = alice_->event("presence");
  EXPECT_EQ(online.at("user"), "carol");
  EXPECT_EQ(online.at("status"), "online");
  EXPECT_EQ(alice_->error_of({{"type", "auth"}, {"token", "x"}, {"presence", "no"}}), "BAD_REQUEST");
}

TEST_F(messaging, a_retried_send_returns_the_original_ack_and_stores_one_message) {
  object send{{"type", "message.send"}, {"conversation_id", chat_}, {"client_msg_id", "retry-1"}, {"text", "once"}};
  auto first = alice_->ok(send);
  auto second = alice_->ok(send);
  EXPECT_EQ(first.at("message"), second.at("message"));
  auto events = bob_->ok({{"type", "history"}, {"conversation_id", chat_}}).at("events").as_array();
  int copies = 0;
  for (auto& e : events) {
    if (e.at("type") == "message" && e.at("message").at("text") == "once") ++copies;
  }
  EXPECT_EQ(copies, 1);
  bob_->event("message");
  EXPECT_FALSE(bob_->maybe_event("message", std::chrono::milliseconds(300))) << "a retry is not delivered again";
}

TEST_F(messaging, own_messages_can_be_edited_and_deleted_by_their_sender_only) {
  auto id = send_in(*alice_, chat_, "tpyo").at("message").at("id").as_int64();
  EXPECT_EQ(bob_->error_of({{"type", "message.edit"}, {"message_id", id}, {"text", "hacked"}}), "FORBIDDEN");
  auto edited = alice_->ok({{"type", "message.edit"}, {"message_id", id}, {"text", "typo"}});
  EXPECT_EQ(edited.at("message").at("text"), "typo");
  auto event = bob_->event("message.edited");
  EXPECT_EQ(event.at("message").at("text"), "typo");
  EXPECT_FALSE(event.at("message").at("edited_ts").is_null());
  EXPECT_EQ(bob_->error_of({{"type", "message.delete"}, {"message_id", id}}), "FORBIDDEN");
  alice_->ok({{"type", "message.delete"}, {"message_id", id}});
  EXPECT_EQ(bob_->event("message.deleted").at("message_id").as_int64(), id);
  auto events = bob_->ok({{"type", "history"}, {"conversation_id", chat_}}).at("events").as_array();
  for (auto& e : events) {
    if (e.at("type") == "message" && e.at("message").at("id").as_int64() == id) {
      EXPECT_TRUE(e.at("message").at("deleted").as_bool());
      EXPECT_EQ(e.at("message").at("text"), "");
    }
  }
  EXPECT_EQ(alice_->error_of({{"type", "message.edit"}, {"message_id", id}, {"text", "back"}}), "NOT_FOUND");
}

TEST_F(messaging, history_pages_backwards_and_forwards_by_seq) {
  for (int i = 2; i <= 12; ++i) send_in(*alice_, chat_, "m" + std::to_string(i));
  auto last = bob_->ok({{"type", "history"}, {"conversation_id", chat_}, {"limit", 5}});
  auto events = last.at("events").as_array();
  ASSERT_EQ(events.size(), 5U);
  EXPECT_EQ(events[0].at("message").at("seq").as_int64(), 8);
  EXPECT_EQ(events[4].at("message").at("seq").as_int64(), 12);
  EXPECT_TRUE(last.at("has_more").as_bool());
  auto before = bob_->ok({{"type", "history"}, {"conversation_id", chat_}, {"before_seq", 8}, {"limit", 5}});
  EXPECT_EQ(before.at("events").as_array()[0].at("message").at("seq").as_int64(), 3);
  auto after = bob_->ok({{"type", "history"}, {"conversation_id", chat_}, {"after_seq", 10}});
  auto rest = after.at("events").as_array();
  ASSERT_EQ(rest.size(), 2U);
  EXPECT_FALSE(after.at("has_more").as_bool());
}

TEST_F(messaging, message_length_is_limited_in_characters) {
  std::string longest;
  for (int i = 0; i < 4000; ++i) longest += "é";
  send_in(*alice_, chat_, longest);
  EXPECT_EQ(alice_->error_of({{"type", "message.send"},
                              {"conversation_id", chat_},
                              {"client_msg_id", "too-long"},
                              {"text", longest + "x"}}),
            "MESSAGE_TOO_LONG");
  EXPECT_EQ(
      alice_->error_of({{"type", "message.send"}, {"conversation_id", chat_}, {"client_msg_id", "e"}, {"text", ""}}),
      "VALIDATION_FAILED");
}

TEST_F(messaging, a_reply_names_a_message_of_its_own_conversation) {
  const auto original = send_in(*alice_, chat_, "question").at("message").at("id").as_int64();
  bob_->event("message");
  // By conversation id (a send the writer runs in a group) and by name.
  auto by_id = alice_->ok({{"type", "message.send"},
                           {"conversation_id", chat_},
                           {"client_msg_id", "r1"},
                           {"text", "answer"},
                           {"reply_to", original}});
  EXPECT_EQ(by_id.at("message").at("reply_to").as_int64(), original);
  auto by_name = bob_->ok({{"type", "message.send"},
                           {"to", "@alice"},
                           {"client_msg_id", "r2"},
                           {"text", "me too"},
                           {"reply_to", original}});
  EXPECT_EQ(by_name.at("message").at("reply_to").as_int64(), original);

  // A message of another conversation, or none at all, is refused on both paths.
  auto carol = join_as("carol");
  carol->ok({{"type", "contact.add"}, {"username", "alice"}});
  alice_->ok({{"type", "contact.add"}, {"username", "carol"}});
  const auto elsewhere = send_to(*carol, "@alice", "elsewhere").at("message").at("id").as_int64();
  for (const auto bad : {elsewhere, std::int64_t{999'999'999}}) {
    EXPECT_EQ(alice_->error_of({{"type", "message.send"},
                                {"conversation_id", chat_},
                                {"client_msg_id", "bad-id-" + std::to_string(bad)},
                                {"text", "x"},
                                {"reply_to", bad}}),
              "VALIDATION_FAILED");
    EXPECT_EQ(alice_->error_of({{"type", "message.send"},
                                {"to", "@bob"},
                                {"client_msg_id", "bad-name-" + std::to_string(bad)},
                                {"text", "x"},
                                {"reply_to", bad}}),
              "VALIDATION_FAILED");
  }
  EXPECT_EQ(alice_->ok({{"type", "history"}, {"conversation_id", chat_}}).at("events").as_array().size(), 4u)
      << "hello, question, answer, me too: nothing refused was stored";
}

TEST_F(messaging, every_session_of_the_sender_sees_its_messages) {
  auto alice_phone = connect(login("alice"));
  send_in(*alice_, chat_, "from the laptop");
  EXPECT_EQ(alice_phone->event("message").at("message").at("text"), "from the laptop");
}

}  // namespace
}  // namespace natter::testing
