#pragma once
// The SQLite schema, as numbered migrations.
//
// A migration is never edited once released: a schema change is a new
// migration with the next number. The database records each applied version in
// schema_migrations, so applying is idempotent and a restart only runs what is
// new.

#include <SQLiteCpp/Database.h>

#include <span>
#include <string_view>

namespace natter::store::sqlite {

struct migration {
  int version;            // 1, 2, 3, ... without gaps
  std::string_view name;  // what it changes, for the log and schema_migrations
  std::string_view sql;   // one or more statements; no values, only DDL
};

// Every migration, oldest first.
std::span<const migration> all_migrations() noexcept;

// Applies every migration of list newer than the database's version, each in
// its own IMMEDIATE transaction (so two processes starting at once cannot both
// apply one). Returns how many were applied. Throws store::failure when a
// migration fails (that migration is rolled back, earlier ones stay) or when
// the database is newer than list knows: an old build must not run against it.
// list is all_migrations() except in tests of this function.
int apply_migrations(SQLite::Database& db, std::span<const migration> list = all_migrations());

// The newest version applied to db; 0 for an empty database.
int schema_version(SQLite::Database& db);

}  // namespace natter::store::sqlite
