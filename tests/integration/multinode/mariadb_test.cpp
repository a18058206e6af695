// Several natterd nodes on one MariaDB database and one Redis: users on
// different nodes chat, every message gets the conversation's next seq
// whichever node stores it; and natterd migrate-store moves a SQLite node to
// MariaDB. Kept short: the PostgreSQL suites cover the rest of the cluster's
// behaviour, which does not depend on the store.

#include <cstdlib>
#include <set>

#include "integration/multinode/cluster_fixture.hpp"

namespace natter::testing {
namespace {

class mariadb_multinode : public cluster_test {
 protected:
  bool on_mariadb() const override { return true; }
};

TEST_F(mariadb_multinode, users_on_two_nodes_chat_with_gapless_seqs) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});  // so alice adds him at once
  const auto group = conversation_of(
      alice->ok({{"type", "group.create"}, {"name", "Friends"}, {"members", boost::json::array{"bob"}}}));
  EXPECT_EQ(bob->event("member.joined").at("conversation_id").as_int64(), group);

  constexpr int rounds = 5;
  std::set<std::int64_t> seqs;
  for (int i = 0; i < rounds; ++i) {
    seqs.insert(send_in(*alice, group, "from alice " + std::to_string(i)).at("message").at("seq").as_int64());
    seqs.insert(send_in(*bob, group, "from bob " + std::to_string(i)).at("message").at("seq").as_int64());
  }
  ASSERT_EQ(seqs.size(), 2U * rounds);
  EXPECT_EQ(*seqs.rbegin() - *seqs.begin(), 2 * rounds - 1) << "no gap between the nodes' seqs";
  // Each sees the other's messages, in order, across the nodes.
  std::int64_t last = 0;
  int from_bob = 0;
  for (int i = 0; i < 2 * rounds; ++i) {
    const auto m = alice->event("message").at("message");
    EXPECT_GT(m.at("seq").as_int64(), last);
    last = m.at("seq").as_int64();
    from_bob += m.at("text").as_string().starts_with("from bob") ? 1 : 0;
  }
  EXPECT_EQ(from_bob, rounds);
}

class mariadb_migrate_store_command : public mariadb_multinode {
 protected:
  int node_count() override { return 0; }  // the nodes are started by the test
};

TEST_F(mariadb_migrate_store_command, moves_a_sqlite_node_to_mariadb) {
  auto args = relaxed_limits();
  args.insert(args.end(), {"--jwt-secret", "mariadb-migrate-secret-0123456789abcdef0123456789"});
  natterd_process sqlite_node(args);
  http_client http(sqlite_node.port());
  const std::string token = testing::register_and_login(http, "alice").access_token;
  testing::register_and_login(http, "bob");
  boost::json::object sent;
  {
    ws_client ws(sqlite_node.port());
    ws.auth(token);
    sent = ws.ok({{"type", "message.send"}, {"to", "@bob"}, {"client_msg_id", "m1"}, {"text", "before the move"}});
  }
  ASSERT_EQ(sqlite_node.stop(), 0);
  const auto migrate = [&] {
    const auto command = std::string(NATTERD_PATH) +
                         " migrate-store --from sqlite:" + (sqlite_node.data_dir() / "data" / "natter.db").string() +
                         " --to '" + database_url() + "' >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  ASSERT_EQ(migrate(), 0);
  EXPECT_EQ(migrate(), 1) << "a second copy must refuse the non-empty target";

  args.insert(args.end(), {"--db", database_url()});
  natterd_process mariadb_node(args);
  http_client http2(mariadb_node.port());
  auto bob = http2.post("/api/v1/auth/login", {{"login", "bob"}, {"password", default_password}});
  ASSERT_EQ(bob.status, 200) << "bob's password hash moved with him";
  ws_client ws(mariadb_node.port());
  ws.auth(std::string(bob.json().at("access_token").as_string()));
  const auto& message = sent.at("message").as_object();
  auto history = ws.ok({{"type", "history"}, {"conversation_id", message.at("conversation_id")}, {"limit", 10}});
  const boost::json::value* moved = nullptr;
  for (const auto& e : history.at("events").as_array()) {
    if (e.at("type") == "message") moved = &e.at("message");
  }
  ASSERT_NE(moved, nullptr) << boost::json::serialize(history);
  EXPECT_EQ(moved->at("id"), message.at("id"));
  EXPECT_EQ(moved->at("seq"), message.at("seq"));
  EXPECT_EQ(moved->at("text"), "before the move");
}

}  // namespace
}  // namespace natter::testing
