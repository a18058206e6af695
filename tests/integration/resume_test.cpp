// Offline delivery, reconnect + sync, and restarts: nothing lost, nothing twice.
#include <set>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;

class resume : public realtime_test {
 protected:
  // The message texts of a sync reply's conversation, in order, checking seqs are gapless from `since`.
  static std::vector<std::string> texts_after(const object& sync_reply, std::int64_t conversation, std::int64_t since) {
    std::vector<std::string> out;
    for (auto& c : sync_reply.at("conversations").as_array()) {
      if (c.at("conversation_id").as_int64() != conversation) continue;
      std::int64_t expected = since + 1;
      for (auto& e : c.at("events").as_array()) {
        auto seq = e.at("type") == "message" ? e.at("message").at("seq").as_int64() : e.at("seq").as_int64();
        EXPECT_EQ(seq, expected++) << "a gap or a duplicate in the sync";
        if (e.at("type") == "message") out.emplace_back(e.at("message").at("text").as_string());
      }
    }
    return out;
  }
  static object sync(ws_client& ws, std::int64_t conversation, std::int64_t since) {
    object since_map{{std::to_string(conversation), since}};
    return ws.ok({{"type", "sync"}, {"since", since_map}});
  }
};

TEST_F(resume, messages_sent_while_offline_arrive_with_the_next_sync) {
  auto bob_session = register_and_login("bob");
  auto alice = join_as("alice");
  const auto chat = conversation_of(send_to(*alice, "@bob", "one"));
  send_in(*alice, chat, "two");
  auto bob = connect(bob_session, false);
  auto reply = sync(*bob, chat, 0);
  EXPECT_EQ(texts_after(reply, chat, 0), (std::vector<std::string>{"one", "two"}));
}

TEST_F(resume, reconnecting_with_the_last_seq_returns_exactly_what_was_missed) {
  auto bob_session = register_and_login("bob");
  auto alice = join_as("alice");
  auto bob = connect(bob_session);
  const auto chat = conversation_of(send_to(*alice, "@bob", "m1"));
  bob->event("message");
  send_in(*alice, chat, "m2");
  auto seen = bob->event("message").at("message").at("seq").as_int64();
  bob.reset();  // the connection drops
  send_in(*alice, chat, "m3");
  send_in(*alice, chat, "m4");
  bob = connect(bob_session, false);
  auto reply = sync(*bob, chat, seen);
  EXPECT_EQ(texts_after(reply, chat, seen), (std::vector<std::string>{"m3", "m4"}));
  send_in(*alice, chat, "m5");
  auto live = bob->event("message");
  EXPECT_EQ(live.at("message").at("text"), "m5");
  EXPECT_EQ(live.at("message").at("seq").as_int64(), seen + 3);
  for (auto& e : bob->drain()) EXPECT_NE(e.at("type"), "message") << boost::json::serialize(e);
}

TEST_F(resume, conversation_events_wait_for_the_first_sync_but_user_events_do_not) {
  auto alice = join_as("alice");
  auto bob = connect(register_and_login("bob"), false);
  const auto chat = conversation_of(send_to(*alice, "@bob", "before sync"));
  EXPECT_EQ(bob->event("request").at("conversation_id").as_int64(), chat);
  EXPECT_FALSE(bob->maybe_event("message", std::chrono::milliseconds(300)));
  auto reply = sync(*bob, chat, 0);
  EXPECT_EQ(texts_after(reply, chat, 0), (std::vector<std::string>{"before sync"}));
  send_in(*alice, chat, "after sync");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "after sync");
}

TEST_F(resume, sync_reports_receipts_and_presence) {
  auto alice = join_as("alice");
  auto bob_session = register_and_login("bob");
  auto bob = connect(bob_session);
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});  // so the chat is no request: they share presence
  const auto chat = conversation_of(send_to(*alice, "@bob", "hi"));
  bob->ok({{"type", "receipt.read"}, {"conversation_id", chat}, {"seq", 1}});
  auto reply = alice->ok({{"type", "sync"}, {"since", object{}}});
  bool saw_receipt = false;
  for (auto& r : reply.at("receipts").as_array()) {
    if (r.at("user") == "bob") saw_receipt = r.at("read_seq").as_int64() == 1;
  }
  EXPECT_TRUE(saw_receipt) << boost::json::serialize(reply);
  ASSERT_FALSE(reply.at("presence").as_array().empty());
  EXPECT_EQ(reply.at("presence").as_array()[0].at("user"), "bob");
  EXPECT_EQ(reply.at("presence").as_array()[0].at("status"), "online");
}

TEST_F(resume, a_restart_loses_no_acknowledged_message) {
  auto alice_session = register_and_login("alice");
  auto bob_session = register_and_login("bob");
  std::int64_t chat = 0;
  {
    auto alice = connect(alice_session);
    chat = conversation_of(send_to(*alice, "@bob", "m1"));
    for (int i = 2; i <= 20; ++i) send_in(*alice, chat, "m" + std::to_string(i));
  }
  server_->kill();  // no graceful shutdown: only what was committed may survive
  restart();
  auto bob = connect(login("bob", default_password), false);
  auto reply = sync(*bob, chat, 0);
  auto texts = texts_after(reply, chat, 0);
  ASSERT_EQ(texts.size(), 20U);
  EXPECT_EQ(texts.front(), "m1");
  EXPECT_EQ(texts.back(), "m20");
  (void)bob_session;
}

TEST_F(resume, graceful_shutdown_closes_websockets_with_1001) {
  auto alice = join_as("alice");
  EXPECT_EQ(server_->stop(), 0);
  EXPECT_EQ(alice->wait_closed(), 1001);
}

}  // namespace
}  // namespace natter::testing
