#pragma once
// A schema of its own on the test server, for one test: the backend reaches it
// through search_path in its connection URL, and the schema is dropped, with
// everything in it, when the object goes away. (A schema is much cheaper than
// a database: CREATE DATABASE copies and syncs a template of several MiB.)
//
// The server's URL comes from NATTER_TEST_POSTGRES_URL, or else from the file
// that NATTER_TEST_POSTGRES_URL_FILE names: ctest's fixture "postgres" starts
// a server and writes that file (tests/support/postgres_server.sh).

#include <pqxx/pqxx>

#include <unistd.h>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "store/postgres/postgres_backend.hpp"
#include "store_conformance.hpp"

namespace natter::store::conformance {

// The test server's URL. Throws when neither variable is set, so that a test
// run without a server fails rather than passes untested.
inline std::string postgres_test_server_url() {
  if (const char* url = std::getenv("NATTER_TEST_POSTGRES_URL"); url != nullptr && *url != '\0') return url;
  const char* file = std::getenv("NATTER_TEST_POSTGRES_URL_FILE");
  if (file == nullptr || *file == '\0') {
    throw std::runtime_error(
        "no PostgreSQL server for the tests: run them with ctest (fixture postgres) or set "
        "NATTER_TEST_POSTGRES_URL");
  }
  std::ifstream in(file);
  std::string url;
  if (!std::getline(in, url) || url.empty()) throw std::runtime_error(std::string("no server URL in ") + file);
  return url;
}

// base with libpq parameters added; both are URIs or both keyword strings.
inline std::string postgres_url_with(const std::string& base, const std::string& uri_parameters,
                                     const std::string& keywords) {
  const bool uri = base.starts_with("postgresql://") || base.starts_with("postgres://");
  if (!uri) return base + " " + keywords;
  return base + (base.find('?') == std::string::npos ? "?" : "&") + uri_parameters;
}

class postgres_test_database final : public test_database {
 public:
  postgres_test_database() : server_url_(postgres_test_server_url()), admin_(server_url_) {
    static int created = 0;
    schema_ = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++created) + "_" +
              std::to_string(std::random_device{}() % 1000000);
    run("SET client_min_messages = warning");
    run("CREATE SCHEMA " + schema_);
  }
  ~postgres_test_database() override {
    try {
      run("DROP SCHEMA " + schema_ + " CASCADE");
    } catch (const std::exception&) {  // a leftover schema must not fail a test
    }
  }

  std::unique_ptr<backend> open_backend() override { return backend_with(""); }

  // A backend whose sessions also get these server settings, e.g.
  // "-csynchronous_commit=off" (space-separated -c options).
  std::unique_ptr<backend> backend_with(const std::string& server_options) {
    return std::make_unique<postgres::postgres_backend>(postgres::postgres_options{.url = url(server_options)});
  }

  // Ends every session that backends of this test opened, as a server restart
  // would, and returns when they are gone.
  void terminate_sessions() {
    pqxx::nontransaction admin(admin_);
    admin.exec_params("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE application_name = $1",
                      schema_);
  }

  // The URL of this test's schema; server_options as for backend_with.
  std::string url(const std::string& server_options = "") const {
    const std::string options = "-csearch_path=" + schema_ + (server_options.empty() ? "" : " " + server_options);
    std::string encoded;
    for (char c : options) {
      if (c == '=') {
        encoded += "%3D";
      } else if (c == ' ') {
        encoded += "%20";
      } else {
        encoded += c;
      }
    }
    // The sessions are named after the schema, so that terminate_sessions finds them.
    return postgres_url_with(server_url_, "options=" + encoded + "&application_name=" + schema_,
                             "options='" + options + "' application_name=" + schema_);
  }

  // Runs sql in this test's schema, outside every backend.
  pqxx::result run(const std::string& sql) {
    pqxx::nontransaction admin(admin_);
    admin.exec("SET search_path = " + schema_);
    return admin.exec(sql);
  }

 private:
  std::string server_url_;
  pqxx::connection admin_;
  std::string schema_;
};

}  // namespace natter::store::conformance
