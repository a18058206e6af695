// The delivery promise across nodes, in one process: every member's client
// holds each conversation's log once, in order, from where it started to the
// end of its membership, and nothing from before it joined or after it left
// came live. (ledger.hpp counts the ways this can break.)

#include <random>

#include "scenario.hpp"

namespace natter::delivery::testing {
namespace {

// ann on node 0 and bob on node 1, connected, in a group of their own.
conversation_id ann_and_bob(scenario& s) {
  s.user("ann", 0);
  s.user("bob", 1);
  auto c = s.group("ann", {"bob"});
  s.connect("ann");
  s.connect("bob");
  return c;
}

// Two senders on each node of a group spread over the nodes.
void concurrent_senders(int node_count) {
  scenario s(node_count);
  std::vector<std::string> names;
  for (int n = 0; n < node_count; ++n) {
    for (const char* who : {"a", "b"}) {
      names.push_back(std::string(who) + std::to_string(n));
      s.user(names.back(), static_cast<std::size_t>(n));
    }
  }
  auto c = s.group(names.front(), {names.begin() + 1, names.end()});
  for (const auto& n : names) s.connect(n);
  std::vector<std::thread> senders;
  std::atomic<int> failed{0};
  for (const auto& n : names) {
    senders.emplace_back([&, n] { failed += s.send_many(n, c, 150, 16) ? 0 : 1; });
  }
  for (auto& t : senders) t.join();
  EXPECT_EQ(failed, 0);
  s.expect_clean({c}, std::to_string(node_count) + " nodes, concurrent senders");
}

TEST(delivery_cluster, concurrent_senders_on_two_nodes_reach_every_member_in_order) {
  concurrent_senders(2);
}

TEST(delivery_cluster, concurrent_senders_on_three_nodes_reach_every_member_in_order) {
  concurrent_senders(3);
}

TEST(delivery_cluster, reordered_publications_are_put_back_in_order_from_the_store) {
  scenario s(2);
  s.user("ann", 0);
  s.user("bob", 1);
  s.user("cid", 1);
  auto c = s.group("ann", {"bob", "cid"});
  for (auto n : {"ann", "bob", "cid"}) s.connect(n);
  std::mt19937_64 rng(7);
  for (int round = 0; round < 5; ++round) {
    s.nodes().network().hold(true);
    ASSERT_TRUE(s.send_many("ann", c, 40));
    ASSERT_TRUE(s.send_many("cid", c, 40));
    s.nodes().network().release_shuffled(rng);
  }
  s.nodes().network().hold(false);
  s.expect_clean({c}, "reordered publications");
}

TEST(delivery_cluster, lost_publications_are_repaired_when_the_next_event_arrives) {
  scenario s(2);
  auto c = ann_and_bob(s);
  std::mt19937_64 rng(11);
  s.nodes().network().hold(true);
  ASSERT_TRUE(s.send_many("ann", c, 200));
  s.nodes().network().release_shuffled(rng, 3);  // a third of them lost
  EXPECT_GT(s.nodes().network().lost(), 0U);
  s.nodes().network().hold(false);
  ASSERT_TRUE(s.send_many("ann", c, 1));  // the next event shows the gap
  s.expect_clean({c}, "lost publications");
}

TEST(delivery_cluster, a_node_cut_off_from_the_others_catches_up_when_its_link_returns) {
  scenario s(2);
  auto c = ann_and_bob(s);
  s.nodes().at(1).link().cut_off();
  ASSERT_TRUE(s.send_many("ann", c, 300));
  EXPECT_FALSE(s.converge({c}, std::chrono::seconds(0))) << "bob got what his node never received";
  s.nodes().at(1).link().reconnect();  // nothing else is sent: the reconnection alone repairs
  s.expect_clean({c}, "cut-off node");
}

TEST(delivery_cluster, nothing_from_before_a_join_comes_live_even_when_the_join_overtakes_it) {
  scenario s(2);
  s.user("ann", 0);
  s.user("bob", 0);
  s.user("new", 1);
  auto c = s.group("ann", {"bob"});
  s.connect("ann");
  s.connect("new");
  s.nodes().befriend({s.who("ann"), s.who("new")});
  s.nodes().network().hold(true);
  ASSERT_TRUE(s.send_many("bob", c, 30));
  auto& n0 = s.nodes().at(0);
  auto added = run_on(n0.io(), n0.conversations().group_add(s.who("ann"), c, "new"));
  ASSERT_TRUE(added);
  ASSERT_FALSE(added->invited);
  ASSERT_TRUE(s.send_many("bob", c, 30));
  std::mt19937_64 rng(3);
  s.nodes().network().release_shuffled(rng);
  s.nodes().network().hold(false);
  s.expect_clean({c}, "join overtaking earlier events");
}

// Joining on one's own node: that node subscribes at once, but the link takes
// the subscription some time later; what others said meanwhile comes from
// the store once the subscription is in place.
TEST(delivery_cluster, a_member_joining_on_their_own_node_gets_what_was_said_before_the_subscription_took) {
  scenario s(2);
  s.user("host", 0);
  s.user("guest", 1);
  auto c = s.room("host", "hall");
  s.connect("host");
  s.connect("guest");
  s.nodes().network().delay_subscriptions(true);
  s.join_room("guest", "hall");
  ASSERT_TRUE(s.send_many("host", c, 5));  // published before node 1 listens: lost there
  s.nodes().network().apply_subscriptions();
  s.nodes().network().delay_subscriptions(false);
  s.expect_clean({c}, "join before the subscription took effect");
}

TEST(delivery_cluster, members_joining_and_leaving_during_traffic_get_exactly_their_share) {
  scenario s(2);
  const std::vector<std::string> visitors{"v0", "v1", "v2", "v3", "v4", "v5"};
  s.user("host", 0);
  for (std::size_t i = 0; i < visitors.size(); ++i) s.user(visitors[i], i % 2);
  auto c = s.room("host", "lobby");
  s.connect("host");
  for (const auto& v : visitors) s.connect(v);
  std::atomic<bool> done{false};
  std::thread talk([&] {
    while (!done) s.send_many("host", c, 10, 4);
  });
  for (int round = 0; round < 3; ++round) {  // membership entries of every kind
    for (const auto& v : visitors) s.join_room(v, "lobby");
    for (std::size_t i = 0; i < visitors.size(); i += 2) s.leave_room(visitors[i], "lobby");
    for (std::size_t i = 0; i < visitors.size(); i += 2) s.join_room(visitors[i], "lobby");
    for (const auto& v : visitors) s.leave_room(v, "lobby");
  }
  done = true;
  talk.join();
  s.expect_clean({c}, "joins and leaves during traffic");
}

TEST(delivery_cluster, a_member_far_behind_catches_up_over_pages_while_traffic_goes_on) {
  scenario s(2);
  s.user("ann", 0);
  s.user("bob", 1);
  std::vector<conversation_id> groups;
  for (int g = 0; g < 4; ++g) groups.push_back(s.group("ann", {"bob"}));
  s.connect("bob");
  s.disconnect("bob");  // bob has seen the groups' beginning, then goes away
  for (auto c : groups) ASSERT_TRUE(s.send_many("ann", c, 600, 32));
  std::atomic<bool> done{false};
  std::thread talk([&] {
    while (!done) s.send_many("ann", groups[0], 5, 5);
  });
  s.connect("bob");  // 2,400 entries behind: several sync pages and history
  done = true;
  talk.join();
  s.expect_clean(groups, "far behind");
}

TEST(delivery_cluster, reconnecting_during_live_traffic_loses_and_repeats_nothing) {
  scenario s(2);
  s.user("ann", 0);
  s.user("bob", 1);
  auto c = s.group("ann", {"bob"});
  s.connect("ann");
  std::atomic<bool> done{false};
  std::thread talk([&] {
    while (!done) s.send_many("ann", c, 10, 4);
  });
  for (int i = 0; i < 20; ++i) {
    s.connect("bob");  // a new connection resumes from what bob's client holds
    if (i % 5 == 4) s.move("bob", (s.node_of("bob") + 1) % 2);
  }
  s.connect("bob");
  done = true;
  talk.join();
  s.expect_clean({c}, "reconnects during traffic");
}

TEST(delivery_cluster, a_node_restarted_mid_stream_serves_its_clients_from_where_they_were) {
  scenario s(2);
  auto c = ann_and_bob(s);
  std::atomic<bool> done{false};
  std::thread talk([&] {
    while (!done) s.send_many("ann", c, 10, 4);
  });
  for (int i = 0; i < 3; ++i) {
    s.restart(1);
    s.connect("bob");
  }
  done = true;
  talk.join();
  s.expect_clean({c}, "node restarts");
}

}  // namespace
}  // namespace natter::delivery::testing
