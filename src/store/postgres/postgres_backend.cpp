#include "store/postgres/postgres_backend.hpp"

#include <string_view>

#include "store/postgres/connection.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

// Run on every new session. Notices below WARNING (e.g. "relation already
// exists, skipping") would only be noise in the log.
constexpr std::string_view writer_setup = "SET client_min_messages = warning";
constexpr std::string_view reader_setup = "SET client_min_messages = warning; SET default_transaction_read_only = on";

bool is_uri(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// url with a connect timeout (unless it has one) and an application name
// for pg_stat_activity (unless it has one: it is only a fallback).
std::string with_defaults(const std::string& url, int connect_timeout_seconds) {
  std::string defaults = "fallback_application_name=natterd";
  if (url.find("connect_timeout") == std::string::npos) {
    defaults += (is_uri(url) ? "&" : " ") + std::string("connect_timeout=") + std::to_string(connect_timeout_seconds);
  }
  if (!is_uri(url)) return url + " " + defaults;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + defaults;
}

void require_migrated(connection& session) {
  const int found = schema_version(session);
  const int newest = all_migrations().back().version;
  if (found < newest) {
    throw failure("postgres: the schema is at version " + std::to_string(found) + ", this build needs " +
                  std::to_string(newest) + " (was it migrated?)");
  }
}

// Refuses a server that may lose acknowledged commits in a crash.
void require_durable_commits(connection& session) {
  const pqxx::result r =
      session.exec_unprepared("SELECT current_setting('fsync'), current_setting('synchronous_commit')");
  const std::string fsync = text_at(r[0], 0);
  const std::string synchronous_commit = text_at(r[0], 1);
  if (fsync != "on" || synchronous_commit == "off") {
    throw failure("postgres: the server does not make commits durable (fsync = " + fsync +
                  ", synchronous_commit = " + synchronous_commit + ")");
  }
}

std::unique_ptr<connection> open_session(const std::string& url, std::string_view setup) {
  auto session = std::make_unique<connection>(url, std::string(setup));
  session->open();
  require_migrated(*session);
  return session;
}

}  // namespace

postgres_backend::postgres_backend(postgres_options options) : options_(std::move(options)) {
  if (options_.url.empty()) throw failure("postgres: no database URL configured");
  if (options_.connect_timeout_seconds < 1) throw failure("postgres: the connect timeout must be at least 1 s");
  url_ = with_defaults(options_.url, options_.connect_timeout_seconds);
}

void postgres_backend::migrate() {
  connection session(url_, std::string(writer_setup));
  apply_migrations(session);
}

std::unique_ptr<store> postgres_backend::open_writer() {
  auto session = open_session(url_, writer_setup);
  require_durable_commits(*session);
  return std::make_unique<postgres_store>(std::move(session));
}

std::unique_ptr<store> postgres_backend::open_reader() {
  return std::make_unique<postgres_store>(open_session(url_, reader_setup));
}

}  // namespace natter::store::postgres
