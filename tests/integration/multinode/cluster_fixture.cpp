#include "integration/multinode/cluster_fixture.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>

#include "store/mariadb/connection.hpp"
#include "store/mariadb/mariadb_url.hpp"

namespace natter::testing {

namespace {

// Where the ctest fixtures keep their state (set by CMake).
const char* const redis_dir = NATTER_REDIS_FIXTURE_DIR;
const char* const postgres_dir = NATTER_POSTGRES_FIXTURE_DIR;
const char* const mariadb_dir = NATTER_MARIADB_FIXTURE_DIR;
const char* const redis_script = NATTER_REDIS_SCRIPT;
const char* const postgres_bin = "/usr/lib/postgresql/15/bin";

// Far beyond what tests need, and the same on every node: a token from one
// node is valid on all.
const char* const jwt_secret = "multinode-test-secret-0123456789abcdef0123456789";

std::string read_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) {
    throw std::runtime_error(path + " is missing: run through ctest (fixtures redis and postgres)");
  }
  return line;
}

std::string random_name(const std::string& stem) {
  std::random_device rd;
  return stem + std::to_string(::getpid()) + "_" + std::to_string(rd() % 1000000000U);
}

// The test server's URL (the fixture writes it; NATTER_TEST_POSTGRES_URL overrides).
std::string postgres_url() {
  if (const char* url = std::getenv("NATTER_TEST_POSTGRES_URL"); url != nullptr && *url != '\0') return url;
  const char* file = std::getenv("NATTER_TEST_POSTGRES_URL_FILE");
  return read_line(file != nullptr && *file != '\0' ? file : std::string(postgres_dir) + "/url");
}

// The server URL, with natterd's tables in `schema`.
std::string with_schema(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

// The MariaDB test server's URL (its fixture writes it; NATTER_TEST_MARIADB_URL overrides).
std::string mariadb_url() {
  if (const char* url = std::getenv("NATTER_TEST_MARIADB_URL"); url != nullptr && *url != '\0') return url;
  return read_line(std::string(mariadb_dir) + "/url");
}

// Runs sql on the MariaDB test server.
void on_mariadb_server(const std::string& sql) {
  store::mariadb::connection admin(store::mariadb::parse_mariadb_url(mariadb_url()), {});
  admin.exec_unprepared(sql);
}

std::string postgres_port() {
  const auto url = postgres_url();
  const auto colon = url.rfind(':');
  return url.substr(colon + 1, url.rfind('/') - colon - 1);
}

void run(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

// PostgreSQL refuses to run as root: the fixture runs it as "postgres".
std::string as_owner(const std::string& command) {
  return ::geteuid() == 0 ? "runuser -u postgres -- " + command : command;
}

}  // namespace

void cluster_test::SetUp() {
  schema_ = random_name("multinode_");
  prefix_ = random_name("t");
  if (on_mariadb()) {
    on_mariadb_server("CREATE DATABASE " + schema_);
    const auto server = mariadb_url();
    database_url_ = server.substr(0, server.rfind('/') + 1) + schema_;
  } else {
    const auto admin_url = postgres_url();
    pqxx::connection admin(admin_url);
    pqxx::nontransaction tx(admin);
    tx.exec0("CREATE SCHEMA " + tx.quote_name(schema_));
    database_url_ = with_schema(admin_url, schema_);
  }
  for (int i = 0; i < node_count(); ++i) nodes_.push_back(std::make_unique<natterd_process>(node_args(i)));
  if (!nodes_.empty()) http_ = std::make_unique<http_client>(node(0).port());
}

void cluster_test::TearDown() {
  http_.reset();
  nodes_.clear();  // kills them
  try {
    if (on_mariadb()) {
      on_mariadb_server("DROP DATABASE IF EXISTS " + schema_);
      return;
    }
    pqxx::connection admin(postgres_url());
    pqxx::nontransaction tx(admin);
    tx.exec0("DROP SCHEMA IF EXISTS " + tx.quote_name(schema_) + " CASCADE");
  } catch (const std::exception& e) {
    ADD_FAILURE() << "dropping " << schema_ << ": " << e.what();
  }
}

std::vector<std::string> cluster_test::node_args(int i) const {
  auto args = relaxed_limits();
  args.insert(args.end(), {"--offline-grace-ms", "200", "--send-rate", "100000", "--db", database_url_, "--bus",
                           read_line(std::string(redis_dir) + "/url"), "--bus-prefix", prefix_, "--node-id",
                           "node" + std::to_string(i), "--jwt-secret", jwt_secret});
  for (auto& extra : extra_args()) args.push_back(std::move(extra));
  return args;
}

session cluster_test::register_and_login(const std::string& username) {
  return testing::register_and_login(*http_, username);
}

std::unique_ptr<ws_client> cluster_test::connect(const session& s, int node_index, bool sync) {
  auto ws = std::make_unique<ws_client>(node(node_index).port());
  ws->auth(s.access_token);
  if (sync) ws->ok({{"type", "sync"}, {"since", boost::json::object{}}});
  return ws;
}

std::unique_ptr<ws_client> cluster_test::join_as(const std::string& username, int node_index) {
  return connect(register_and_login(username), node_index);
}

boost::json::object cluster_test::send_to(ws_client& ws, const std::string& to, const std::string& text) {
  return ws.ok({{"type", "message.send"}, {"to", to}, {"client_msg_id", next_client_id()}, {"text", text}});
}

boost::json::object cluster_test::send_in(ws_client& ws, std::int64_t conversation, const std::string& text) {
  return ws.ok({{"type", "message.send"},
                {"conversation_id", conversation},
                {"client_msg_id", next_client_id()},
                {"text", text}});
}

std::int64_t cluster_test::conversation_of(const boost::json::object& reply) {
  if (reply.contains("message")) return reply.at("message").at("conversation_id").as_int64();
  return reply.at("conversation").at("conversation_id").as_int64();
}

void cluster_test::restart_redis() {
  run(std::string("sh ") + redis_script + " restart " + redis_dir);
}

// A fast stop ends with a checkpoint that fsyncs every file the suite's
// databases wrote since the last one: on a busy disk that once took over a
// minute, and the stop gave up with PostgreSQL half shut down for every test
// after it. The margin is generous; a healthy stop takes a second.
void cluster_test::stop_postgres() {
  run(as_owner(std::string(postgres_bin) + "/pg_ctl stop -D " + postgres_dir + "/data -m fast -w -t 300 > /dev/null"));
}

void cluster_test::start_postgres() {
  run(as_owner(std::string(postgres_bin) + "/pg_ctl start -D " + postgres_dir + "/data -l " + postgres_dir +
               "/server.log -w -t 300 -o '-p " + postgres_port() + "' > /dev/null"));
}

}  // namespace natter::testing
