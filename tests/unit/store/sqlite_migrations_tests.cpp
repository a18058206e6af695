// The SQLite migration runner, on toy migrations.

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <array>

#include "store/sqlite/migrations.hpp"
#include "store/store.hpp"
#include "temp_directory.hpp"

namespace natter::store::sqlite {
namespace {

constexpr std::array two_tables{
    migration{1, "first table", "CREATE TABLE first (id INTEGER PRIMARY KEY)"},
    migration{2, "second table", "CREATE TABLE second (id INTEGER PRIMARY KEY)"},
};

// Its second statement fails, after the first one changed the schema.
constexpr std::array broken_second{
    migration{1, "first table", "CREATE TABLE first (id INTEGER PRIMARY KEY)"},
    migration{2, "second table, broken",
              "CREATE TABLE second (id INTEGER PRIMARY KEY); INSERT INTO no_such_table VALUES (1)"},
};

class store_sqlite_migrations : public ::testing::Test {
 protected:
  SQLite::Database open() {
    return SQLite::Database((directory_.path() / "m.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  }

 private:
  conformance::temp_directory directory_;
};

TEST_F(store_sqlite_migrations, empty_database_is_at_version_zero) {
  auto db = open();
  EXPECT_EQ(schema_version(db), 0);
}

TEST_F(store_sqlite_migrations, applies_every_pending_migration_in_order) {
  auto db = open();
  EXPECT_EQ(apply_migrations(db, two_tables), 2);
  EXPECT_EQ(schema_version(db), 2);
  EXPECT_TRUE(db.tableExists("first"));
  EXPECT_TRUE(db.tableExists("second"));
}

TEST_F(store_sqlite_migrations, applies_nothing_twice) {
  auto db = open();
  ASSERT_EQ(apply_migrations(db, two_tables), 2);
  EXPECT_EQ(apply_migrations(db, two_tables), 0);
  auto other_connection = open();
  EXPECT_EQ(apply_migrations(other_connection, two_tables), 0);
}

TEST_F(store_sqlite_migrations, applies_only_what_is_new_since_the_last_start) {
  auto db = open();
  ASSERT_EQ(apply_migrations(db, std::span(two_tables).first(1)), 1);
  EXPECT_EQ(apply_migrations(db, two_tables), 1);
  EXPECT_EQ(schema_version(db), 2);
}

TEST_F(store_sqlite_migrations, failed_migration_is_rolled_back_and_earlier_ones_stay) {
  auto db = open();
  EXPECT_THROW(apply_migrations(db, broken_second), failure);
  EXPECT_EQ(schema_version(db), 1);
  EXPECT_TRUE(db.tableExists("first"));
  EXPECT_FALSE(db.tableExists("second"));

  EXPECT_EQ(apply_migrations(db, two_tables), 1);  // the fixed build carries on
  EXPECT_TRUE(db.tableExists("second"));
}

TEST_F(store_sqlite_migrations, refuses_a_database_newer_than_the_list) {
  auto db = open();
  ASSERT_EQ(apply_migrations(db, two_tables), 2);
  EXPECT_THROW(apply_migrations(db, std::span(two_tables).first(1)), failure);
}

}  // namespace
}  // namespace natter::store::sqlite
