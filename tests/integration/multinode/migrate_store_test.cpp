// natterd migrate-store: a single SQLite node's users and conversations move
// to PostgreSQL, and a node on PostgreSQL serves them as before.

#include <cstdlib>

#include "integration/multinode/cluster_fixture.hpp"

namespace natter::testing {
namespace {

class migrate_store_command : public cluster_test {
 protected:
  int node_count() override { return 0; }  // the nodes are started by the test

  int migrate(const natterd_process& sqlite_node) {
    const auto command = std::string(NATTERD_PATH) +
                         " migrate-store --from sqlite:" + (sqlite_node.data_dir() / "data" / "natter.db").string() +
                         " --to '" + database_url() + "' >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
};

const char* const secret = "migrate-test-secret-0123456789abcdef0123456789";

TEST_F(migrate_store_command, moves_a_sqlite_node_to_postgres) {
  auto args = relaxed_limits();
  args.insert(args.end(), {"--jwt-secret", secret});
  natterd_process sqlite_node(args);
  http_client http(sqlite_node.port());
  const std::string token = testing::register_and_login(http, "alice").access_token;
  testing::register_and_login(http, "bob");
  boost::json::object sent;
  {
    ws_client ws(sqlite_node.port());
    ws.auth(token);
    sent =
        ws.ok({{"type", "message.send"}, {"to", "@bob"}, {"client_msg_id", "m1"}, {"text", "before <b>the</b> move"}});
  }
  ASSERT_EQ(sqlite_node.stop(), 0);

  ASSERT_EQ(migrate(sqlite_node), 0);
  EXPECT_EQ(migrate(sqlite_node), 1) << "a second copy must refuse the non-empty target";

  args.insert(args.end(), {"--db", database_url()});
  natterd_process postgres_node(args);
  http_client http2(postgres_node.port());
  auto bob = http2.post("/api/v1/auth/login", {{"login", "bob"}, {"password", default_password}});
  ASSERT_EQ(bob.status, 200) << "bob's password hash moved with him";
  ws_client ws(postgres_node.port());
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
  EXPECT_EQ(moved->at("text"), "before <b>the</b> move");
}

}  // namespace
}  // namespace natter::testing
