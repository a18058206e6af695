// What the SQLite backend promises beyond the store interface: its options,
// its files, its connection settings and its migrations.

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <filesystem>

#include "sqlite_test_database.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_backend.hpp"
#include "temp_directory.hpp"

namespace natter::store::sqlite {
namespace {

using conformance::make_new_user;
using conformance::sqlite_test_database;

// A connection of the test's own, to look at the file from outside the backend.
std::string query_text(const std::string& path, const char* sql) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  SQLite::Statement q(db, sql);
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

TEST(store_sqlite_backend, refuses_an_unknown_synchronous_level) {
  EXPECT_THROW(sqlite_backend(sqlite_options{.path = "x.db", .synchronous = "OFF"}), failure);
  EXPECT_THROW(sqlite_backend(sqlite_options{.path = "x.db", .synchronous = "FULL; DROP TABLE users"}), failure);
}

TEST(store_sqlite_backend, accepts_a_synchronous_level_in_any_case) {
  sqlite_backend backend(sqlite_options{.path = "x.db", .synchronous = "normal"});
  EXPECT_EQ(backend.options().synchronous, "NORMAL");
}

TEST(store_sqlite_backend, defaults_to_full_synchronous) {
  EXPECT_EQ(sqlite_options{}.synchronous, "FULL");
}

TEST(store_sqlite_backend, refuses_an_empty_path) {
  EXPECT_THROW(sqlite_backend(sqlite_options{}), failure);
}

TEST(store_sqlite_backend, migrate_creates_missing_parent_directories) {
  sqlite_test_database db;
  ASSERT_FALSE(std::filesystem::exists(std::filesystem::path(db.path()).parent_path()));
  db.open_backend()->migrate();
  EXPECT_TRUE(std::filesystem::exists(db.path()));
}

TEST(store_sqlite_backend, database_is_in_wal_mode) {
  sqlite_test_database db;
  db.open_backend()->migrate();
  EXPECT_EQ(query_text(db.path(), "PRAGMA journal_mode"), "wal");
}

TEST(store_sqlite_backend, migrate_records_each_version_once) {
  sqlite_test_database db;
  db.open_backend()->migrate();
  db.open_backend()->migrate();
  const auto newest = std::to_string(all_migrations().back().version);
  EXPECT_EQ(query_text(db.path(), "SELECT count(*) FROM schema_migrations"), std::to_string(all_migrations().size()));
  EXPECT_EQ(query_text(db.path(), "SELECT max(version) FROM schema_migrations"), newest);
}

TEST(store_sqlite_backend, migrate_refuses_a_database_newer_than_the_build) {
  sqlite_test_database db;
  db.open_backend()->migrate();
  {
    SQLite::Database raw(db.path(), SQLite::OPEN_READWRITE);
    raw.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)");
  }
  EXPECT_THROW(db.open_backend()->migrate(), failure);
}

TEST(store_sqlite_backend, writer_refuses_a_database_that_was_never_migrated) {
  sqlite_test_database db;
  EXPECT_THROW(db.open_backend()->open_writer(), failure);
}

TEST(store_sqlite_backend, readers_refuse_to_write) {
  sqlite_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto reader = backend->open_reader();
  EXPECT_THROW(static_cast<void>(reader->insert_user(make_new_user("alice"))), failure);
}

TEST(store_sqlite_backend, connections_enforce_foreign_keys) {
  sqlite_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto writer = backend->open_writer();
  refresh_token_record orphan;
  orphan.user = 42;
  orphan.family = "f";
  orphan.token_hash = "h";
  EXPECT_THROW(writer->insert_refresh_token(orphan), failure);
}

}  // namespace
}  // namespace natter::store::sqlite
