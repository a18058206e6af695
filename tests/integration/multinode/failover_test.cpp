// Several nodes when things break: a node killed with kill -9, Redis
// restarted, PostgreSQL stopped and started again.
#include <thread>

#include "integration/multinode/cluster_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;

class failover : public cluster_test {
 protected:
  // The messages of one conversation in a sync reply, checking that seqs run
  // without gap or duplicate from `since`.
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
  // A direct chat between alice (node 0) and bob (node 1), contacts.
  std::int64_t chat(ws_client& alice, ws_client& bob) {
    bob.ok({{"type", "contact.add"}, {"username", "alice"}});
    alice.ok({{"type", "contact.add"}, {"username", "bob"}});
    const auto c = conversation_of(send_to(alice, "@bob", "m1"));
    EXPECT_EQ(bob.event("message").at("message").at("text"), "m1");
    alice.event("message");
    return c;
  }
};

TEST_F(failover, clients_of_a_killed_node_reconnect_to_another_and_miss_nothing) {
  auto alice = join_as("alice", 0);
  auto bob_session = register_and_login("bob");
  auto bob = connect(bob_session, 1);
  const auto c = chat(*alice, *bob);
  send_in(*alice, c, "m2");
  EXPECT_EQ(bob->event("message").at("message").at("seq").as_int64(), 2);

  node(1).kill();  // kill -9, mid-conversation
  std::vector<std::string> acked{"m1", "m2"};
  for (int i = 3; i <= 6; ++i) {
    send_in(*alice, c, "m" + std::to_string(i));
    acked.push_back("m" + std::to_string(i));
  }
  bob = connect(bob_session, 0, false);
  auto texts = texts_after(sync(*bob, c, 2), c, 2);
  EXPECT_EQ(texts, (std::vector<std::string>(acked.begin() + 2, acked.end())));
  send_in(*alice, c, "m7");
  auto live = bob->event("message").at("message");
  EXPECT_EQ(live.at("seq").as_int64(), 7);
  EXPECT_EQ(live.at("text"), "m7");
  EXPECT_FALSE(bob->maybe_event("message", std::chrono::milliseconds(500))) << "nothing twice";
}

TEST_F(failover, the_users_of_a_killed_node_go_offline) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  alice->ok({{"type", "contact.add"}, {"username", "bob"}});
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});
  node(1).kill();
  // Within the heartbeat TTL plus one heartbeat (8 s), well inside patience.
  auto offline = alice->event("presence");
  EXPECT_EQ(offline.at("user"), "bob");
  EXPECT_EQ(offline.at("status"), "offline");
}

TEST_F(failover, delivery_resumes_after_redis_restarts) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  const auto c = chat(*alice, *bob);
  restart_redis();
  // The first messages may go while the nodes are still reconnecting; they
  // arrive with the catch-up that follows. Whatever the timing, every message
  // reaches bob once, in order.
  for (int i = 2; i <= 4; ++i) send_in(*alice, c, "m" + std::to_string(i));
  for (int i = 2; i <= 4; ++i) {
    auto m = bob->event("message").at("message");
    EXPECT_EQ(m.at("seq").as_int64(), i);
  }
  send_in(*alice, c, "m5");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "m5");
  EXPECT_FALSE(bob->maybe_event("message", std::chrono::milliseconds(500))) << "nothing twice";
}

TEST_F(failover, sends_fail_while_postgres_is_down_then_succeed_and_nothing_acknowledged_is_lost) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  const auto c = chat(*alice, *bob);
  stop_postgres();
  object send{{"type", "message.send"}, {"conversation_id", c}, {"client_msg_id", "during"}, {"text", "during"}};
  EXPECT_EQ(alice->error_of(send), "STORE_UNAVAILABLE");
  start_postgres();
  // The pool reconnects on use: the first tries may still fail; a retry with
  // the same client_msg_id is safe.
  object ack;
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto reply = alice->request(send);
    if (reply.contains("ok") && reply.at("ok").as_bool()) {
      ack = reply;
      break;
    }
    ASSERT_EQ(reply.at("error").at("code"), "STORE_UNAVAILABLE") << reply;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_TRUE(ack.contains("message")) << "sends work again once PostgreSQL is back";
  EXPECT_EQ(bob->event("message").at("message").at("text"), "during");
  send_in(*alice, c, "after");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "after");
  auto texts = texts_after(sync(*bob, c, 0), c, 0);
  EXPECT_EQ(texts, (std::vector<std::string>{"m1", "during", "after"}));
}

}  // namespace
}  // namespace natter::testing
