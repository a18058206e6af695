#pragma once
// The MariaDB schema, as numbered migrations.
//
// The first one is number 20: the whole schema that PostgreSQL reaches with
// its migrations 1..20 (schema.cpp). A migration is never edited once
// released: a schema change is a new migration with the next number, the same
// number as in the other backends. The database records each applied version
// in schema_migrations, so applying is idempotent and a restart only runs what
// is new.
//
// MariaDB commits DDL at once, so a migration is not one transaction: its
// statements are written to be run again (IF NOT EXISTS) when one was cut
// short, and its version is recorded after the last of them.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/mariadb/connection.hpp"

namespace natter::store::mariadb {

struct migration {
  int version;                                      // 20, 21, ... without gaps
  std::string_view name;                            // what it changes, for the log and schema_migrations
  const std::vector<std::string>& (*statements)();  // DDL only, no values
};

// Every migration, oldest first.
std::span<const migration> all_migrations() noexcept;

// Applies every migration of list newer than the database's version, under a
// named lock (GET_LOCK, one per database): when several nodes start at once,
// one migrates and the others wait for it, then find nothing left to do.
// Returns how many were applied. Throws store::failure when a migration
// fails, when the lock is not granted within lock_timeout_seconds, or when the
// database is newer than list knows: an old build must not change it. list is
// all_migrations() except in tests of this function. c must have no
// transaction open.
int apply_migrations(connection& c, std::span<const migration> list = all_migrations(), int lock_timeout_seconds = 300);

// The newest version applied in c's database; 0 when nothing was. Throws
// store::failure.
int schema_version(connection& c);

}  // namespace natter::store::mariadb
