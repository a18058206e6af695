#pragma once
// The SQLite backend: opens connections to one database file.
//
// Every connection runs in WAL mode (readers never block the writer), with
// foreign keys enforced, a 5 s busy timeout and the configured synchronous
// level. Readers are opened query-only, so a write on a reader is an error
// rather than a second writer racing the first.

#include <memory>
#include <string>

#include "store/database.hpp"

namespace natter::store::sqlite {

struct sqlite_options {
  std::string path;  // database file; its parent directory is created if missing
  // PRAGMA synchronous, in any case: "FULL" makes every commit durable across
  // power loss; "NORMAL" may lose the last commits on power loss (not on a
  // crash) but never corrupts; "EXTRA" is FULL and more. Anything else ("OFF",
  // typos) is refused, since it would break the promise that an acknowledged
  // write is kept.
  std::string synchronous = "FULL";
};

class sqlite_backend final : public backend {
 public:
  // Checks the options only; nothing is opened yet. Throws store::failure on an
  // empty path or a synchronous level other than FULL, NORMAL or EXTRA.
  explicit sqlite_backend(sqlite_options options);

  // Creates the file (and its directory) if needed, checks that it is not
  // damaged (PRAGMA quick_check), then applies the pending migrations on a
  // connection of its own. Throws store::failure, saying "is damaged" and to
  // restore from a backup when the file is not a sound database.
  void migrate() override;
  // Each call opens a new connection. Throws store::failure, e.g. when the
  // schema was not migrated.
  std::unique_ptr<store> open_writer() override;
  std::unique_ptr<store> open_reader() override;

  const sqlite_options& options() const noexcept { return options_; }

 private:
  sqlite_options options_;
};

}  // namespace natter::store::sqlite
