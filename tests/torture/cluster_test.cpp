// Several nodes on PostgreSQL and Redis: members on both nodes, senders on
// both, while a node is killed with -9 and restarted, Redis is restarted, or
// PostgreSQL is stopped and started again, mid-stream. Every member must end
// with every entry once, in seq order, and every acknowledged send stored.

#include "integration/multinode/cluster_fixture.hpp"
#include "torture/torture_fixture.hpp"

namespace natter::torture {
namespace {

class torture_cluster : public testing::cluster_test, protected torture_run {
 protected:
  void TearDown() override {
    stop_all();
    cluster_test::TearDown();
  }

  // ann and cat on node 0, bob and dan on node 1; ann and bob write.
  conversation_id two_node_group() {
    add_member("ann", node(0).port());
    add_member("bob", node(1).port());
    add_member("cat", node(0).port());
    add_member("dan", node(1).port());
    return group_of_members();
  }

  static constexpr int senders = 2;
  static int per_sender() { return 300 * torture_scale(); }
  void start_traffic(conversation_id c) { start_senders({"ann", "bob"}, {c, per_sender(), 8, 160}); }

  // Waits until `count` more sends were refused (the outage is seen).
  bool refusals_seen(std::int64_t count) {
    const auto target = ledger_.refused_count() + count;
    const auto deadline = deadline_in(std::chrono::seconds(60));
    while (ledger_.refused_count() < target) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      ledger_.wait_until_acked(ledger_.acked_count() + 1,
                               std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
    }
    return true;
  }
};

TEST_F(torture_cluster, a_node_killed_and_restarted_mid_stream_loses_nothing) {
  const int kills = 2 * torture_scale();
  const auto c = two_node_group();
  start_traffic(c);
  for (int k = 1; k <= kills; ++k) {
    if (!reached(senders * per_sender(), k, kills + 1)) break;
    node(1).kill();
    node(1).restart(true);
  }
  finish("cluster_node_kill", node(0).port(), "ann", c);
}

TEST_F(torture_cluster, redis_restarted_mid_stream_loses_nothing) {
  const int restarts = 1 * torture_scale();
  const auto c = two_node_group();
  start_traffic(c);
  for (int k = 1; k <= restarts; ++k) {
    if (!reached(senders * per_sender(), k, restarts + 1)) break;
    restart_redis();
  }
  finish("cluster_redis_restart", node(0).port(), "ann", c);
}

TEST_F(torture_cluster, postgres_stopped_and_started_mid_stream_loses_nothing) {
  const auto c = two_node_group();
  start_traffic(c);
  ASSERT_TRUE(reached(senders * per_sender(), 1, 3));
  stop_postgres();
  EXPECT_TRUE(refusals_seen(10)) << "sends kept succeeding with PostgreSQL stopped";
  start_postgres();
  finish("cluster_postgres_stop", node(0).port(), "ann", c);
  for (const auto& [code, count] : ledger_.refusals()) {
    std::cout << "cluster_postgres_stop: " << count << " sends refused with " << code << std::endl;
  }
}

}  // namespace
}  // namespace natter::torture
