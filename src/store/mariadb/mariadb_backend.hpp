#pragma once
// The MariaDB backend: opens sessions to one database, for any number of
// natterd nodes sharing it.
//
// The writer's session runs the group commits at READ COMMITTED; each
// reader's session is read-only (SET SESSION TRANSACTION READ ONLY), so a
// write on a reader is an error rather than a second writer racing the first.
// A session that breaks is opened again on its next use, so natterd carries
// on when the server comes back (mariadb_store.hpp, connection.hpp).

#include <memory>
#include <string>

#include "store/database.hpp"
#include "store/mariadb/connection.hpp"

namespace natter::store::mariadb {

struct mariadb_options {
  // mariadb://USER:PASSWORD@HOST:PORT/DATABASE or mysql://... (mariadb_url.hpp).
  // Never logged: it may hold a password.
  std::string url;
  // Seconds that opening a session may take: without a limit, a server that
  // stopped answering (rather than refusing) would stall the writer for
  // minutes at each attempt to reconnect.
  unsigned connect_timeout_seconds = 5;
};

class mariadb_backend final : public backend {
 public:
  // Checks the options only; nothing is opened yet. Throws store::failure on
  // a malformed url or a timeout below one second.
  explicit mariadb_backend(const mariadb_options& options);

  // Applies the pending migrations (migrations.hpp) on a session of its own;
  // several nodes may do so at once. Throws store::failure.
  void migrate() override;
  // Each call opens a new session now. Throws store::failure when the server
  // cannot be reached or the schema is not migrated; open_writer also when
  // the server does not make commits durable (innodb_flush_log_at_trx_commit
  // other than 1, or a binary log without sync_binlog = 1), since an
  // acknowledged write must survive a crash.
  std::unique_ptr<store> open_writer() override;
  std::unique_ptr<store> open_reader() override;

  const connection_options& options() const noexcept { return options_; }

 private:
  connection_options options_;
};

}  // namespace natter::store::mariadb
