// Bad input on the command line of a cluster node: natterd migrate-store with
// a source or a target it cannot use, and --bus values that are no Redis URL
// or name a Redis nobody listens on.

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <pqxx/pqxx>
#include <thread>

#include "integration/multinode/cluster_fixture.hpp"
#include "integration/support/natterd_cli.hpp"

namespace natter::testing {
namespace {

namespace fs = std::filesystem;

// A directory of its own, removed with the object.
class temp_dir {
 public:
  temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "natterd-bad-input-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class node_bad_input : public cluster_test {
 protected:
  int node_count() override { return 0; }  // the tests start natterd themselves

  // How many tables natterd made in this test's schema.
  int tables_in_schema() {
    pqxx::connection c(database_url());
    pqxx::nontransaction tx(c);
    return tx.exec1("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")[0]
        .as<int>();
  }
};

const char* const bad_input_secret = "bad-input-test-secret-0123456789abcdef0123456789";

// natterd's usage line for migrate-store (src/app/natterd.cpp).
const char* const migrate_usage = "natterd migrate-store: --from sqlite:PATH --to postgres://... or mariadb://...";

// Exit codes of migrate-store (src/app/natterd.cpp): 0 copied, 1 refused or
// failed, 2 usage. A source or target of the wrong kind is a usage error.
TEST_F(node_bad_input, migrate_store_refuses_a_source_that_is_not_sqlite) {
  const auto r = run_natterd({"migrate-store", "--from", "nonsense", "--to", database_url()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, migrate_usage)) << r.err;
  EXPECT_EQ(tables_in_schema(), 0) << "refused before touching the target";
}

TEST_F(node_bad_input, migrate_store_refuses_a_target_that_is_not_postgres_or_mariadb) {
  const auto r = run_natterd({"migrate-store", "--from", "sqlite:/x", "--to", "redis://127.0.0.1/natter"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, migrate_usage)) << r.err;
}

// README: natterd refuses to start, with a message saying why, when an
// option is invalid; it never silently falls back (here: to no bus).
TEST_F(node_bad_input, a_bus_that_is_not_a_redis_url_refuses_to_start) {
  for (const std::string bus : {"notaurl", "redis://", "redis://127.0.0.1:notaport", "redis://127.0.0.1:99999"}) {
    temp_dir data;
    const auto r = run_natterd({"--listen", "127.0.0.1:0", "--data-dir", data.path().string(), "--db", database_url(),
                                "--bus", bus, "--jwt-secret", bad_input_secret});
    EXPECT_EQ(r.exit_code, 2) << bus << ": a usage error, like every invalid option\n" << r.out << r.err;
    EXPECT_TRUE(contains(r.err, "--bus")) << bus << ": " << r.err;
    EXPECT_TRUE(contains(r.err, bus)) << bus << ": the message names the value given: " << r.err;
    EXPECT_FALSE(contains(r.out, "listening on")) << bus << "\n" << r.out;
  }
}

// operations.md: if Redis is down when a node starts, the node starts anyway
// and keeps trying; accounts and messages live in PostgreSQL and work.
TEST_F(node_bad_input, a_node_whose_redis_does_not_answer_starts_serves_and_keeps_trying) {
  auto args = relaxed_limits();
  args.insert(args.end(), {"--db", database_url(), "--bus", "redis://127.0.0.1:1", "--node-id", "lonely",
                           "--jwt-secret", bad_input_secret});
  natterd_process node(args);  // throws when natterd exits or never listens
  http_client http(node.port());
  EXPECT_EQ(http.get("/healthz").status, 200);
  EXPECT_EQ(http.get("/readyz").status, 200) << "readiness is about the database, which answers";

  const auto alice = testing::register_and_login(http, "alice");
  testing::register_and_login(http, "bob");
  ws_client ws(node.port());
  ws.auth(alice.access_token);
  auto sent = ws.ok({{"type", "message.send"}, {"to", "@bob"}, {"client_msg_id", "m1"}, {"text", "no bus"}});
  EXPECT_EQ(sent.at("message").at("text"), "no bus");

  // The bus says what it is doing: it tried Redis and will try again.
  std::string log;
  for (int i = 0; i < 500 && !contains(log, "bus: subscriber: redis 127.0.0.1:1"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = node.log();
  }
  EXPECT_TRUE(contains(log, "bus: subscriber: redis 127.0.0.1:1")) << log.substr(0, 4000);
  EXPECT_TRUE(contains(log, "retrying in")) << log.substr(0, 4000);

  // ...and backs off while it does, although the session above asked it to
  // subscribe (a wake-up of the subscriber thread): 100 ms doubling to 2 s
  // makes a handful of attempts in two seconds, never thousands.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  log = node.log();
  std::size_t attempts = 0;
  for (auto at = log.find("bus: subscriber:"); at != std::string::npos; at = log.find("bus: subscriber:", at + 1)) {
    ++attempts;
  }
  EXPECT_LE(attempts, 20U) << "the subscriber retries without waiting";
}

}  // namespace
}  // namespace natter::testing
