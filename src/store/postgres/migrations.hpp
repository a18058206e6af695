#pragma once
// The PostgreSQL schema, as numbered migrations.
//
// A migration is never edited once released: a schema change is a new
// migration with the next number. The database records each applied version in
// schema_migrations, so applying is idempotent and a restart only runs what is
// new.

#include <span>
#include <string_view>

#include "store/postgres/connection.hpp"

namespace natter::store::postgres {

struct migration {
  int version;            // 1, 2, 3, ... without gaps
  std::string_view name;  // what it changes, for the log and schema_migrations
  std::string_view sql;   // one or more statements; no values, only DDL
};

// Every migration, oldest first.
std::span<const migration> all_migrations() noexcept;

// Applies every migration of list newer than the database's version, all in
// one transaction that first takes a transaction-scoped advisory lock: when
// several nodes start at once, one migrates and the others wait for it, then
// find nothing left to do. Returns how many were applied. Throws
// store::failure when a migration fails (then none is applied) or when the
// database is newer than list knows: an old build must not change it. list
// is all_migrations() except in tests of this function. c must have no
// transaction open.
int apply_migrations(connection& c, std::span<const migration> list = all_migrations());

// The newest version applied (in the schema that c's search_path leads to);
// 0 when nothing was. Throws store::failure.
int schema_version(connection& c);

}  // namespace natter::store::postgres
