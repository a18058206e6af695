#pragma once
// The PostgreSQL backend: opens sessions to one database, for any number of
// natterd nodes sharing it.
//
// The writer's session runs the group commits; each reader's session is
// read-only (default_transaction_read_only), so a write on a reader is an
// error rather than a second writer racing the first. A session that breaks
// is opened again on its next use, so natterd carries on when the server
// comes back (postgres_store.hpp, connection.hpp).

#include <memory>
#include <string>

#include "store/database.hpp"

namespace natter::store::postgres {

struct postgres_options {
  // What libpq accepts: a URI (postgresql://user:password@host:5432/natter?
  // sslmode=verify-full) or keywords ("host=... dbname=..."). To keep natter's
  // tables in a schema of their own, set the search path in it, e.g.
  // ...?options=-csearch_path%3Dnatter. Never logged: it may hold a password.
  std::string url;
  // Seconds that opening a session may take, unless url sets connect_timeout:
  // without a limit, a server that stopped answering (rather than refusing)
  // would stall the writer for minutes at each attempt to reconnect.
  int connect_timeout_seconds = 5;
};

class postgres_backend final : public backend {
 public:
  // Checks the options only; nothing is opened yet. Throws store::failure on
  // an empty url or a timeout below one second.
  explicit postgres_backend(postgres_options options);

  // Applies the pending migrations (migrations.hpp) on a session of its own;
  // several nodes may do so at once. Throws store::failure.
  void migrate() override;
  // Each call opens a new session now. Throws store::failure when the server
  // cannot be reached or the schema is not migrated; open_writer also when
  // the server does not make commits durable (fsync or synchronous_commit
  // off), since an acknowledged write must survive a crash.
  std::unique_ptr<store> open_writer() override;
  std::unique_ptr<store> open_reader() override;

  const postgres_options& options() const noexcept { return options_; }

 private:
  postgres_options options_;
  std::string url_;  // options_.url with the connection defaults added
};

}  // namespace natter::store::postgres
