#include "store/mariadb/mariadb_backend.hpp"

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/mariadb_url.hpp"
#include "store/mariadb/migrations.hpp"

namespace natter::store::mariadb {
namespace {

// Run on every new session. Strict mode: a value that does not fit is an
// error, never silently cut. The writer reads at READ COMMITTED: append's
// UPDATE of a conversation's last_seq takes the row lock, and each later
// statement of the transaction sees what the writers it waited for committed
// (at REPEATABLE READ the idempotency lookup of a retried send would read an
// older snapshot, and gap locks would add deadlocks between nodes).
const std::vector<std::string>& writer_setup() {
  static const std::vector<std::string> setup{
      "SET SESSION sql_mode = "
      "'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,SIMULTANEOUS_ASSIGNMENT'",
      "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"};
  return setup;
}
// Readers run each job in one consistent snapshot (REPEATABLE READ) and
// cannot write.
const std::vector<std::string>& reader_setup() {
  static const std::vector<std::string> setup{
      "SET SESSION sql_mode = "
      "'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,SIMULTANEOUS_ASSIGNMENT'",
      "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", "SET SESSION TRANSACTION READ ONLY"};
  return setup;
}

void require_migrated(connection& session) {
  const int found = schema_version(session);
  const int newest = all_migrations().back().version;
  if (found < newest) {
    throw failure("mariadb: the schema is at version " + std::to_string(found) + ", this build needs " +
                  std::to_string(newest) + " (was it migrated?)");
  }
}

// Refuses a server that may lose acknowledged commits in a crash: InnoDB must
// flush its log at every commit, and with a binary log (two-phase commit with
// InnoDB) the binary log must be synced too, or recovery rolls back
// transactions whose binary log entry was lost.
void require_durable_commits(connection& session) {
  const rows r =
      session.exec_unprepared("SELECT @@GLOBAL.innodb_flush_log_at_trx_commit, @@GLOBAL.log_bin, @@GLOBAL.sync_binlog");
  const std::string flush = r[0].text_at(0);
  const bool binary_log = r[0].int_at(1) != 0;
  const std::string sync_binlog = r[0].text_at(2);
  if (flush != "1") {
    throw failure("mariadb: the server does not make commits durable (innodb_flush_log_at_trx_commit = " + flush +
                  ", needs 1)");
  }
  if (binary_log && sync_binlog != "1") {
    throw failure("mariadb: the server does not make commits durable (binary log on, sync_binlog = " + sync_binlog +
                  ", needs 1)");
  }
}

std::unique_ptr<connection> open_session(const connection_options& options, const std::vector<std::string>& setup) {
  auto session = std::make_unique<connection>(options, setup);
  session->open();
  require_migrated(*session);
  return session;
}

}  // namespace

mariadb_backend::mariadb_backend(const mariadb_options& options) : options_(parse_mariadb_url(options.url)) {
  if (options.connect_timeout_seconds < 1) throw failure("mariadb: the connect timeout must be at least 1 s");
  options_.connect_timeout_seconds = options.connect_timeout_seconds;
}

void mariadb_backend::migrate() {
  connection session(options_, writer_setup());
  apply_migrations(session);
}

std::unique_ptr<store> mariadb_backend::open_writer() {
  auto session = open_session(options_, writer_setup());
  require_durable_commits(*session);
  return std::make_unique<mariadb_store>(std::move(session));
}

std::unique_ptr<store> mariadb_backend::open_reader() {
  return std::make_unique<mariadb_store>(open_session(options_, reader_setup()));
}

}  // namespace natter::store::mariadb
