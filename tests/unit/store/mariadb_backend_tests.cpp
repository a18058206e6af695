// What the MariaDB backend promises beyond the store interface: its URL, its
// migrations, its sessions (read-only readers, durable commits) and getting
// over sessions the server ended.

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "mariadb_test_database.hpp"
#include "store/mariadb/migrations.hpp"

namespace natter::store::mariadb {
namespace {

using conformance::make_new_user;
using conformance::mariadb_test_database;

std::string query_text(mariadb_test_database& db, const std::string& sql) {
  const rows r = db.run(sql);
  return r.empty() ? std::string() : r[0].text_at(0);
}

TEST(store_mariadb_url, reads_user_password_host_port_and_database) {
  const auto o = parse_mariadb_url("mariadb://natter:s%40cret@db.example.org:3307/chat");
  EXPECT_EQ(o.user, "natter");
  EXPECT_EQ(o.password, "s@cret");
  EXPECT_EQ(o.host, "db.example.org");
  EXPECT_EQ(o.port, 3307u);
  EXPECT_EQ(o.database, "chat");
}

TEST(store_mariadb_url, takes_mysql_urls_the_default_port_and_ipv6_hosts) {
  const auto o = parse_mariadb_url("mysql://natter@[::1]/chat");
  EXPECT_EQ(o.host, "::1");
  EXPECT_EQ(o.port, 3306u);
  EXPECT_EQ(o.password, "");
  EXPECT_TRUE(is_mariadb_url("mysql://x@y/z"));
  EXPECT_FALSE(is_mariadb_url("postgres://x@y/z"));
}

TEST(store_mariadb_url, refuses_what_it_cannot_honour_without_echoing_the_password) {
  for (const char* bad :
       {"", "mariadb://", "mariadb://natter:pw@host", "mariadb://natter:pw@host/", "mariadb://:pw@host/db",
        "mariadb://natter:pw@host:0/db", "mariadb://natter:pw@host:99999/db", "mariadb://natter:pw@host:x/db",
        "mariadb://natter:pw@host/db?ssl=1", "mariadb://natter:p%zzw@host/db", "postgres://natter:pw@host/db"}) {
    try {
      static_cast<void>(parse_mariadb_url(bad));
      ADD_FAILURE() << bad << " was taken";
    } catch (const failure& e) {
      EXPECT_EQ(std::string(e.what()).find("pw"), std::string::npos) << e.what();
    }
  }
}

TEST(store_mariadb_backend, refuses_a_connect_timeout_below_one_second) {
  EXPECT_THROW(mariadb_backend(mariadb_options{.url = "mariadb://a@localhost/x", .connect_timeout_seconds = 0}),
               failure);
}

TEST(store_mariadb_backend, opening_fails_when_the_server_cannot_be_reached) {
  mariadb_backend unreachable(mariadb_options{.url = "mariadb://natter:natter@127.0.0.1:1/natter"});
  EXPECT_THROW(unreachable.migrate(), failure);
  EXPECT_THROW(unreachable.open_writer(), failure);
  EXPECT_THROW(unreachable.open_reader(), failure);
}

TEST(store_mariadb_backend, migrate_records_each_version_once) {
  mariadb_test_database db;
  db.open_backend()->migrate();
  db.open_backend()->migrate();
  EXPECT_EQ(query_text(db, "SELECT COUNT(*) FROM " + db.name() + ".schema_migrations"),
            std::to_string(all_migrations().size()));
  EXPECT_EQ(query_text(db, "SELECT MAX(version) FROM " + db.name() + ".schema_migrations"),
            std::to_string(all_migrations().back().version));
}

TEST(store_mariadb_backend, migrate_refuses_a_database_newer_than_the_build) {
  mariadb_test_database db;
  db.open_backend()->migrate();
  db.run("INSERT INTO " + db.name() + ".schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
  EXPECT_THROW(db.open_backend()->migrate(), failure);
}

const std::vector<std::string>& first_table() {
  static const std::vector<std::string> s{"CREATE TABLE IF NOT EXISTS first (id bigint PRIMARY KEY)"};
  return s;
}
const std::vector<std::string>& second_table() {
  static const std::vector<std::string> s{"CREATE TABLE IF NOT EXISTS second (id bigint PRIMARY KEY)"};
  return s;
}
// Its second statement fails, after the first one changed the schema (DDL
// commits at once in MariaDB).
const std::vector<std::string>& broken_second_table() {
  static const std::vector<std::string> s{"CREATE TABLE IF NOT EXISTS second (id bigint PRIMARY KEY)",
                                          "INSERT INTO no_such_table VALUES (1)"};
  return s;
}

constexpr std::array two_tables{migration{1, "first table", &first_table}, migration{2, "second table", &second_table}};
constexpr std::array broken_second{migration{1, "first table", &first_table},
                                   migration{2, "second table, broken", &broken_second_table}};

connection session_on(const mariadb_test_database& db) {
  return connection(parse_mariadb_url(db.url()), {});
}

TEST(store_mariadb_migrations, applies_only_what_is_new_since_the_last_start) {
  mariadb_test_database db;
  connection session = session_on(db);
  EXPECT_EQ(schema_version(session), 0);
  ASSERT_EQ(apply_migrations(session, std::span(two_tables).first(1)), 1);
  EXPECT_EQ(apply_migrations(session, two_tables), 1);
  EXPECT_EQ(apply_migrations(session, two_tables), 0);
  EXPECT_EQ(schema_version(session), 2);
}

TEST(store_mariadb_migrations, a_migration_cut_short_is_not_recorded_and_completes_on_the_next_start) {
  mariadb_test_database db;
  connection session = session_on(db);
  EXPECT_THROW(apply_migrations(session, broken_second), failure);
  EXPECT_EQ(schema_version(session), 1) << "the first one was recorded, the broken one not";
  EXPECT_EQ(apply_migrations(session, two_tables), 1);  // the fixed build runs it again over what it left
  EXPECT_EQ(schema_version(session), 2);
  EXPECT_EQ(query_text(db, "SELECT GET_LOCK(CONCAT('natter.migrate.', '" + db.name() + "'), 0)"), "1")
      << "the migration lock was released";
}

TEST(store_mariadb_backend, writer_refuses_a_database_that_was_never_migrated) {
  mariadb_test_database db;
  EXPECT_THROW(db.open_backend()->open_writer(), failure);
  EXPECT_THROW(db.open_backend()->open_reader(), failure);
}

TEST(store_mariadb_backend, readers_refuse_to_write) {
  mariadb_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto reader = backend->open_reader();
  reader->begin_read();
  EXPECT_THROW(static_cast<void>(reader->insert_user(make_new_user("alice"))), failure);
  reader->end_read();
  EXPECT_TRUE(reader->ping());  // and the session lives on
  EXPECT_FALSE(reader->user_by_username("alice").has_value());
}

TEST(store_mariadb_backend, a_session_the_server_ended_is_opened_again_on_the_next_call) {
  mariadb_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto writer = backend->open_writer();
  const auto alice = writer->insert_user(make_new_user("alice"));
  ASSERT_TRUE(alice.ok());

  db.kill_sessions();
  EXPECT_THROW(static_cast<void>(writer->user_by_id(alice->id)), failure);  // the call under way is lost...
  EXPECT_TRUE(writer->user_by_id(alice->id).has_value());                   // ...the next one reconnects
  EXPECT_TRUE(writer->insert_user(make_new_user("bob")).ok());              // with its statements prepared again
}

TEST(store_mariadb_backend, ping_reconnects_a_session_the_server_ended) {
  mariadb_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto reader = backend->open_reader();
  ASSERT_TRUE(reader->ping());
  db.kill_sessions();
  EXPECT_FALSE(reader->ping());
  EXPECT_TRUE(reader->ping());
}

TEST(store_mariadb_backend, a_transaction_whose_session_was_lost_is_retryable_and_kept_nothing) {
  mariadb_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto writer = backend->open_writer();
  writer->begin_transaction();
  ASSERT_TRUE(writer->insert_user(make_new_user("alice")).ok());

  db.kill_sessions();
  EXPECT_THROW(static_cast<void>(writer->insert_user(make_new_user("bob"))), retryable_failure);
  EXPECT_THROW(writer->begin_savepoint(), retryable_failure);  // nothing runs in a lost transaction
  writer->rollback_transaction();

  EXPECT_FALSE(writer->user_by_username("alice").has_value());
  EXPECT_TRUE(writer->insert_user(make_new_user("alice")).ok());
}

TEST(store_mariadb_backend, a_failed_statement_leaves_the_rest_of_its_transaction_to_commit) {
  mariadb_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto writer = backend->open_writer();
  const auto alice = writer->insert_user(make_new_user("alice"));
  ASSERT_TRUE(alice.ok());

  writer->begin_transaction();
  ASSERT_TRUE(writer->insert_user(make_new_user("bob")).ok());
  refresh_token_record orphan = conformance::make_token(alice->id + 1000, "f", "h");
  EXPECT_THROW(writer->insert_refresh_token(orphan), failure);  // no such user: only this statement is undone
  writer->commit_transaction();

  EXPECT_TRUE(writer->user_by_username("bob").has_value());
}

TEST(store_mariadb_backend, usernames_sort_and_match_bytewise) {
  mariadb_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto writer = backend->open_writer();
  int n = 0;
  for (const char* name : {"b", "B", "a_b", "ab", "\xc3\xa9t\xc3\xa9", "zz"}) {
    ASSERT_TRUE(writer->insert_user(make_new_user(name, "u" + std::to_string(++n) + "@x.org")).ok()) << name;
  }
  std::vector<std::string> names;
  for (const auto& u : writer->users_with_prefix("", "", 10)) names.push_back(u.username);
  EXPECT_EQ(names, (std::vector<std::string>{"B", "a_b", "ab", "b", "zz", "\xc3\xa9t\xc3\xa9"}));
  EXPECT_EQ(writer->users_with_prefix("a_", "", 10).size(), 1u) << "_ is no wildcard";
}

// A server of its own (the fixture's script, another directory), started
// with InnoDB flushing its log once a second and a binary log that is never
// synced: each setting alone loses acknowledged commits in a crash.
class store_mariadb_durability : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* script = std::getenv("NATTER_TEST_MARIADB_SCRIPT");
    const char* fixture_dir = std::getenv("NATTER_TEST_MARIADB_DIR");
    if (script == nullptr || fixture_dir == nullptr) GTEST_SKIP() << "run with ctest (fixture mariadb)";
    script_ = script;
    dir_ = std::string(fixture_dir) + "-nondurable";
    const std::string start =
        "NATTER_MARIADB_SETTINGS='innodb_flush_log_at_trx_commit = 2\nlog_bin = natter-bin\n"
        "sync_binlog = 0' " +
        script_ + " start " + dir_ + " >/dev/null";
    ASSERT_EQ(std::system(start.c_str()), 0);
  }
  void TearDown() override {
    if (!dir_.empty()) static_cast<void>(std::system((script_ + " stop " + dir_ + " >/dev/null").c_str()));
  }

  std::string url() const {
    std::ifstream in(dir_ + "/url");
    std::string line;
    std::getline(in, line);
    return line;
  }

  std::string script_;
  std::string dir_;
};

TEST_F(store_mariadb_durability, writer_refuses_a_server_that_does_not_make_commits_durable) {
  mariadb_backend backend(mariadb_options{.url = url()});
  backend.migrate();
  EXPECT_THROW(backend.open_writer(), failure) << "innodb_flush_log_at_trx_commit = 2";
  EXPECT_NO_THROW(backend.open_reader());

  connection admin(parse_mariadb_url(url()), {});
  admin.exec_unprepared("SET GLOBAL innodb_flush_log_at_trx_commit = 1");
  EXPECT_THROW(backend.open_writer(), failure) << "binary log with sync_binlog = 0";
  admin.exec_unprepared("SET GLOBAL sync_binlog = 1");
  EXPECT_NO_THROW(backend.open_writer());
}

}  // namespace
}  // namespace natter::store::mariadb
