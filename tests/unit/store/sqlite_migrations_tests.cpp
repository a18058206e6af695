// The SQLite migration runner, on toy migrations.

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <array>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_backend.hpp"
#include "store/store.hpp"
#include "temp_directory.hpp"
#include "unread_upgrade.hpp"

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
  std::string path() const { return (directory_.path() / "m.db").string(); }
  SQLite::Database open() { return SQLite::Database(path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE); }

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

TEST_F(store_sqlite_migrations, members_from_before_migration_4_get_the_seq_of_their_latest_join) {
  auto db = open();
  apply_migrations(db, all_migrations().first(2));
  db.exec(
      "INSERT INTO users (id, email, email_lower, username, password_hash, created_at) VALUES "
      "(1, 'a@x', 'a@x', 'alice', 'h', 0), (2, 'b@x', 'b@x', 'bob', 'h', 0), (3, 'c@x', 'c@x', 'carol', 'h', 0);"
      "INSERT INTO conversations (id, kind, created_at, last_seq) VALUES (1, 'group', 0, 5), (2, 'direct', 0, 1);"
      "INSERT INTO conversation_members (conversation_id, user_id, role, joined_at) VALUES "
      "(1, 1, 'owner', 0), (1, 2, 'member', 0), (2, 1, 'member', 0), (2, 3, 'member', 0);"
      "INSERT INTO conversation_log (conversation_id, seq, kind, actor_id, occurred_at, subject_id) VALUES "
      "(1, 1, 'member_joined', 1, 0, 1), (1, 2, 'member_joined', 1, 0, 2), (1, 3, 'member_left', 2, 0, 2), "
      "(1, 4, 'message', 1, 0, NULL), (1, 5, 'member_joined', 1, 0, 2), (2, 1, 'message', 1, 0, NULL);");
  apply_migrations(db, all_migrations());
  auto joined_seq = [&db](int conversation, int user) {
    SQLite::Statement q(db, "SELECT joined_seq FROM conversation_members WHERE conversation_id = ? AND user_id = ?");
    q.bind(1, conversation);
    q.bind(2, user);
    return q.executeStep() ? q.getColumn(0).getInt64() : -1;
  };
  EXPECT_EQ(joined_seq(1, 1), 1);
  EXPECT_EQ(joined_seq(1, 2), 5) << "the latest join";
  EXPECT_EQ(joined_seq(2, 3), 0) << "no join entry: from the start";
}

TEST_F(store_sqlite_migrations, a_database_from_before_migration_5_gets_exact_unread_counts) {
  {
    auto db = open();
    apply_migrations(db, all_migrations().first(4));
    for (const auto& sql : conformance::version_4_history("1", "0", "")) db.exec(sql);
  }
  sqlite_backend backend(sqlite_options{.path = path(), .synchronous = "NORMAL"});
  backend.migrate();
  auto s = backend.open_writer();
  conformance::expect_exact_unread_after_upgrade(*s);
}

TEST_F(store_sqlite_migrations, refuses_a_database_newer_than_the_list) {
  auto db = open();
  ASSERT_EQ(apply_migrations(db, two_tables), 2);
  EXPECT_THROW(apply_migrations(db, std::span(two_tables).first(1)), failure);
}

}  // namespace
}  // namespace natter::store::sqlite
