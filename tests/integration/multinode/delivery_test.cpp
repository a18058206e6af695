// Live delivery across nodes under contention: every acknowledged message
// reaches every member's sessions live, on every node, in seq order.
#include <pqxx/pqxx>
#include <thread>

#include "integration/multinode/cluster_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

class multinode_delivery : public cluster_test {
 protected:
  // alice on node 0 creates a group with the others (who have her as a
  // contact, so they join at once); returns once every member's node
  // delivers the group (each has seen their own join).
  std::int64_t group_of(ws_client& alice, const std::vector<std::pair<std::string, ws_client*>>& others) {
    array names;
    for (const auto& [name, ws] : others) {
      ws->ok({{"type", "contact.add"}, {"username", "alice"}});
      names.emplace_back(name);
    }
    const auto group = conversation_of(alice.ok({{"type", "group.create"}, {"name", "crowd"}, {"members", names}}));
    for (const auto& [name, ws] : others) {
      for (;;) {
        auto joined = ws->event("member.joined");
        if (joined.empty() || joined.at("user").as_string() == name) break;
      }
    }
    return group;
  }

  // The texts of the next n message events on ws, checking they come in
  // increasing seq order.
  static std::vector<std::string> next_messages(ws_client& ws, std::size_t n) {
    std::vector<std::string> texts;
    std::int64_t last = 0;
    while (texts.size() < n) {
      auto e = ws.event("message");
      if (e.empty()) break;  // the failure is reported by event()
      const auto& m = e.at("message").as_object();
      EXPECT_GT(m.at("seq").as_int64(), last) << "in seq order";
      last = m.at("seq").as_int64();
      texts.emplace_back(m.at("text").as_string());
    }
    return texts;
  }
};

// Backends waiting, directly or in a queue, for the lock held by `holder`.
int waiting_behind(pqxx::work& tx, int holder) {
  const auto r = tx.exec_params1(
      "WITH RECURSIVE blocked(pid) AS ("
      " SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))"
      " UNION SELECT a.pid FROM pg_stat_activity a JOIN blocked b ON b.pid = ANY(pg_blocking_pids(a.pid)))"
      " SELECT count(*) FROM blocked",
      holder);
  return r[0].as<int>();
}

void await_waiting_behind(pqxx::work& tx, int holder, int count) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (waiting_behind(tx, holder) < count) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no " << count << " writers waiting for the lock";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling: PostgreSQL has nothing to await
  }
}

// Both nodes read the group (last_seq N) before their append waits for the
// conversation's row lock; the second to get it takes N + 2. Its send is new
// all the same, and must be published.
TEST_F(multinode_delivery, a_send_whose_seq_moved_while_it_waited_for_the_other_node_is_delivered_live) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  const auto group = group_of(*alice, {{"bob", bob.get()}});

  pqxx::connection db(database_url());
  pqxx::work tx(db);
  tx.exec_params1("SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE", group);
  const int holder = tx.exec1("SELECT pg_backend_pid()")[0].as<int>();
  const auto from_bob = bob->send_request(
      {{"type", "message.send"}, {"conversation_id", group}, {"client_msg_id", "b1"}, {"text", "from bob"}});
  await_waiting_behind(tx, holder, 1);
  const auto from_alice = alice->send_request(
      {{"type", "message.send"}, {"conversation_id", group}, {"client_msg_id", "a1"}, {"text", "from alice"}});
  await_waiting_behind(tx, holder, 2);
  tx.commit();

  const auto bob_seq = bob->reply(from_bob).at("message").at("seq").as_int64();
  const auto alice_seq = alice->reply(from_alice).at("message").at("seq").as_int64();
  EXPECT_EQ(std::abs(bob_seq - alice_seq), 1);
  const std::vector<std::string> in_order = bob_seq < alice_seq ? std::vector<std::string>{"from bob", "from alice"}
                                                                : std::vector<std::string>{"from alice", "from bob"};
  EXPECT_EQ(next_messages(*alice, 2), in_order);
  EXPECT_EQ(next_messages(*bob, 2), in_order);
}

// bob's node learns of the group only after bob was added to it: it reads the
// group's log from the start, but bob gets nothing from before he joined.
TEST_F(multinode_delivery, a_member_added_on_another_node_gets_nothing_from_before_the_join) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});  // so alice adds him at once
  node(1).freeze();  // so that it handles "the group was created" after bob's join
  const auto group = conversation_of(alice->ok({{"type", "group.create"}, {"name", "Friends"}, {"members", array{}}}));
  send_in(*alice, group, "before");
  alice->ok({{"type", "group.add"}, {"conversation_id", group}, {"username", "bob"}});
  node(1).thaw();

  EXPECT_EQ(bob->event("member.joined").at("user"), "bob") << "not alice's join, from before his";
  send_in(*alice, group, "after");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "after");
}

// One sender on each node, 16 sends in flight each, into one group with a
// listener on each node: every acknowledged message reaches all four
// sessions live, once each, in seq order.
TEST_F(multinode_delivery, concurrent_senders_on_two_nodes_reach_every_member_live_in_order) {
  constexpr int rounds = 25;
  constexpr int in_flight = 16;
  auto alice = join_as("alice", 0);
  auto carol = join_as("carol", 0);
  auto bob = join_as("bob", 1);
  auto dave = join_as("dave", 1);
  const auto group = group_of(*alice, {{"carol", carol.get()}, {"bob", bob.get()}, {"dave", dave.get()}});

  std::map<std::int64_t, std::string> acked;  // by seq
  for (int round = 0; round < rounds; ++round) {
    std::vector<std::pair<ws_client*, std::string>> pending;
    for (int i = 0; i < in_flight; ++i) {
      for (const auto& [sender, name] : {std::pair{alice.get(), "a"}, std::pair{bob.get(), "b"}}) {
        const auto text = std::string(name) + std::to_string(round * in_flight + i);
        pending.emplace_back(
            sender,
            sender->send_request(
                {{"type", "message.send"}, {"conversation_id", group}, {"client_msg_id", text}, {"text", text}}));
      }
    }
    for (auto& [sender, id] : pending) {
      const auto reply = sender->reply(id);
      ASSERT_TRUE(reply.contains("ok")) << boost::json::serialize(reply);
      const auto& m = reply.at("message").as_object();
      acked.emplace(m.at("seq").as_int64(), std::string(m.at("text").as_string()));
    }
  }
  ASSERT_EQ(acked.size(), static_cast<std::size_t>(2 * rounds * in_flight));
  std::vector<std::string> expected;
  for (const auto& [seq, text] : acked) expected.push_back(text);
  for (auto* ws : {alice.get(), carol.get(), bob.get(), dave.get()}) {
    EXPECT_EQ(next_messages(*ws, expected.size()), expected);
  }
}

}  // namespace
}  // namespace natter::testing
