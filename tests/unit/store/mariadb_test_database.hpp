#pragma once
// A database of its own on the MariaDB test server, for one test: the backend
// reaches it through the database in its URL, and it is dropped, with
// everything in it, when the object goes away.
//
// The server's URL comes from NATTER_TEST_MARIADB_URL, or else from the file
// that NATTER_TEST_MARIADB_URL_FILE names: ctest's fixture "mariadb" starts a
// server and writes that file (tests/support/mariadb_server.sh).

#include <unistd.h>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "store/mariadb/connection.hpp"
#include "store/mariadb/mariadb_backend.hpp"
#include "store/mariadb/mariadb_url.hpp"
#include "store_conformance.hpp"

namespace natter::store::conformance {

// The test server's URL. Throws when neither variable is set, so that a test
// run without a server fails rather than passes untested.
inline std::string mariadb_test_server_url() {
  if (const char* url = std::getenv("NATTER_TEST_MARIADB_URL"); url != nullptr && *url != '\0') return url;
  const char* file = std::getenv("NATTER_TEST_MARIADB_URL_FILE");
  if (file == nullptr || *file == '\0') {
    throw std::runtime_error(
        "no MariaDB server for the tests: run them with ctest (fixture mariadb) or set NATTER_TEST_MARIADB_URL");
  }
  std::ifstream in(file);
  std::string url;
  if (!std::getline(in, url) || url.empty()) throw std::runtime_error(std::string("no server URL in ") + file);
  return url;
}

class mariadb_test_database final : public test_database {
 public:
  mariadb_test_database()
      : server_url_(mariadb_test_server_url()),
        admin_(mariadb::parse_mariadb_url(server_url_), std::vector<std::string>{}) {
    static int created = 0;
    name_ = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++created) + "_" +
            std::to_string(std::random_device{}() % 1000000);
    admin_.exec_unprepared("CREATE DATABASE " + name_ + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
  }
  ~mariadb_test_database() override {
    try {
      admin_.exec_unprepared("DROP DATABASE IF EXISTS " + name_);
    } catch (const std::exception&) {  // a leftover database must not fail a test
    }
  }

  std::unique_ptr<backend> open_backend() override {
    return std::make_unique<mariadb::mariadb_backend>(mariadb::mariadb_options{.url = url()});
  }

  // The URL of this test's database.
  std::string url() const { return server_url_.substr(0, server_url_.rfind('/') + 1) + name_; }
  const std::string& name() const { return name_; }

  // Ends every session on this test's database but the admin's, as a server
  // restart would, and returns when they are gone.
  void kill_sessions() {
    const mariadb::rows found = admin_.exec_unprepared("SELECT id FROM information_schema.processlist WHERE db = '" +
                                                       name_ + "' AND id <> CONNECTION_ID()");
    for (const auto& r : found) admin_.exec_unprepared("KILL " + r.text_at(0));
  }

  // Runs sql on the server as the admin (in no particular database).
  mariadb::rows run(const std::string& sql) { return admin_.exec_unprepared(sql); }

 private:
  std::string server_url_;
  mariadb::connection admin_;
  std::string name_;
};

}  // namespace natter::store::conformance
