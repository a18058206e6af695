#pragma once
// A test fixture running several natterd nodes on one PostgreSQL database and
// one Redis (the ctest fixtures "postgres" and "redis"), or on MariaDB (the
// fixture "mariadb") when the test says so. Each test gets a schema (on
// MariaDB: a database) and a bus prefix of its own, so tests never see each
// other.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "integration/support/http_client.hpp"
#include "integration/support/natterd_process.hpp"
#include "integration/support/server_fixture.hpp"
#include "integration/support/ws_client.hpp"

namespace natter::testing {

class cluster_test : public ::testing::Test {
 protected:
  // How many nodes SetUp starts.
  virtual int node_count() { return 2; }
  // Flags every node gets besides the cluster's own.
  virtual std::vector<std::string> extra_args() const { return {}; }
  // True: the nodes share a MariaDB database instead of PostgreSQL.
  virtual bool on_mariadb() const { return false; }

  void SetUp() override;
  void TearDown() override;

  natterd_process& node(int i) { return *nodes_.at(static_cast<std::size_t>(i)); }

  session register_and_login(const std::string& username);
  // A connection to node i: authenticated, and synced "from now" unless told otherwise.
  std::unique_ptr<ws_client> connect(const session& s, int node_index, bool sync = true);
  std::unique_ptr<ws_client> join_as(const std::string& username, int node_index);

  boost::json::object send_to(ws_client& ws, const std::string& to, const std::string& text);
  boost::json::object send_in(ws_client& ws, std::int64_t conversation, const std::string& text);
  static std::int64_t conversation_of(const boost::json::object& reply);
  std::string next_client_id() { return "c" + std::to_string(++client_ids_); }

  // The URL that puts natterd in this test's schema.
  const std::string& database_url() const { return database_url_; }

  // The shared servers, for the tests that restart them.
  static void restart_redis();
  static void stop_postgres();
  static void start_postgres();

 private:
  std::vector<std::string> node_args(int i) const;

  std::string schema_;        // this test's schema (on MariaDB: database) on the shared server
  std::string database_url_;  // ...and the URL that puts natterd in it
  std::string prefix_;        // this test's bus prefix
  std::vector<std::unique_ptr<natterd_process>> nodes_;
  std::unique_ptr<http_client> http_;
  int client_ids_ = 0;
};

}  // namespace natter::testing
