// What the PostgreSQL backend promises beyond the store interface: its
// options, its migrations, its sessions (read-only readers, durable commits)
// and getting over sessions the server ended.

#include <gtest/gtest.h>

#include <array>
#include <span>
#include <string>
#include <vector>

#include "postgres_test_database.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/postgres_backend.hpp"
#include "unread_upgrade.hpp"

namespace natter::store::postgres {
namespace {

using conformance::make_new_user;
using conformance::postgres_test_database;

std::string query_text(postgres_test_database& db, const std::string& sql) {
  const pqxx::result r = db.run(sql);
  return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].c_str();
}

TEST(store_postgres_backend, refuses_an_empty_url) {
  EXPECT_THROW(postgres_backend(postgres_options{}), failure);
}

TEST(store_postgres_backend, refuses_a_connect_timeout_below_one_second) {
  EXPECT_THROW(postgres_backend(postgres_options{.url = "postgresql://localhost/x", .connect_timeout_seconds = 0}),
               failure);
}

TEST(store_postgres_backend, opening_fails_when_the_server_cannot_be_reached) {
  postgres_backend unreachable(postgres_options{.url = "postgresql://natter@127.0.0.1:1/natter"});
  EXPECT_THROW(unreachable.migrate(), failure);
  EXPECT_THROW(unreachable.open_writer(), failure);
  EXPECT_THROW(unreachable.open_reader(), failure);
}

TEST(store_postgres_backend, migrate_records_each_version_once) {
  postgres_test_database db;
  db.open_backend()->migrate();
  db.open_backend()->migrate();
  EXPECT_EQ(query_text(db, "SELECT count(*) FROM schema_migrations"), std::to_string(all_migrations().size()));
  EXPECT_EQ(query_text(db, "SELECT max(version) FROM schema_migrations"),
            std::to_string(all_migrations().back().version));
}

TEST(store_postgres_backend, migrate_refuses_a_database_newer_than_the_build) {
  postgres_test_database db;
  db.open_backend()->migrate();
  db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)");
  EXPECT_THROW(db.open_backend()->migrate(), failure);
}

constexpr std::array two_tables{
    migration{1, "first table", "CREATE TABLE first (id bigint PRIMARY KEY)"},
    migration{2, "second table", "CREATE TABLE second (id bigint PRIMARY KEY)"},
};

// Its second statement fails, after the first one changed the schema.
constexpr std::array broken_second{
    migration{1, "first table", "CREATE TABLE first (id bigint PRIMARY KEY)"},
    migration{2, "second table, broken",
              "CREATE TABLE second (id bigint PRIMARY KEY); INSERT INTO no_such_table VALUES (1)"},
};

TEST(store_postgres_migrations, applies_only_what_is_new_since_the_last_start) {
  postgres_test_database db;
  connection session(db.url(), "SET client_min_messages = warning");
  EXPECT_EQ(schema_version(session), 0);
  ASSERT_EQ(apply_migrations(session, std::span(two_tables).first(1)), 1);
  EXPECT_EQ(apply_migrations(session, two_tables), 1);
  EXPECT_EQ(apply_migrations(session, two_tables), 0);
  EXPECT_EQ(schema_version(session), 2);
}

TEST(store_postgres_migrations, a_failed_migration_applies_none_of_those_pending) {
  postgres_test_database db;
  connection session(db.url(), "SET client_min_messages = warning");
  EXPECT_THROW(apply_migrations(session, broken_second), failure);
  EXPECT_EQ(schema_version(session), 0);
  EXPECT_EQ(query_text(db, "SELECT to_regclass('first') IS NULL"), "t");

  EXPECT_EQ(apply_migrations(session, two_tables), 2);  // the fixed build carries on
}

TEST(store_postgres_migrations, members_from_before_migration_4_get_the_seq_of_their_latest_join) {
  postgres_test_database db;
  connection session(db.url(), "SET client_min_messages = warning");
  apply_migrations(session, all_migrations().first(2));
  db.run(
      "INSERT INTO users (id, email, email_lower, username, password_hash, created_at) OVERRIDING SYSTEM VALUE "
      "VALUES (1, 'a@x', 'a@x', 'alice', 'h', 0), (2, 'b@x', 'b@x', 'bob', 'h', 0), (3, 'c@x', 'c@x', 'carol', 'h', "
      "0)");
  db.run(
      "INSERT INTO conversations (id, kind, created_at, last_seq) OVERRIDING SYSTEM VALUE "
      "VALUES (1, 'group', 0, 5), (2, 'direct', 0, 1)");
  db.run(
      "INSERT INTO conversation_members (conversation_id, user_id, role, joined_at) VALUES "
      "(1, 1, 'owner', 0), (1, 2, 'member', 0), (2, 1, 'member', 0), (2, 3, 'member', 0)");
  db.run(
      "INSERT INTO conversation_log (conversation_id, seq, kind, actor_id, occurred_at, subject_id) VALUES "
      "(1, 1, 'member_joined', 1, 0, 1), (1, 2, 'member_joined', 1, 0, 2), (1, 3, 'member_left', 2, 0, 2), "
      "(1, 4, 'message', 1, 0, NULL), (1, 5, 'member_joined', 1, 0, 2), (2, 1, 'message', 1, 0, NULL)");
  apply_migrations(session, all_migrations());
  auto joined_seq = [&db](int conversation, int user) {
    return query_text(db, "SELECT joined_seq FROM conversation_members WHERE conversation_id = " +
                              std::to_string(conversation) + " AND user_id = " + std::to_string(user));
  };
  EXPECT_EQ(joined_seq(1, 1), "1");
  EXPECT_EQ(joined_seq(1, 2), "5") << "the latest join";
  EXPECT_EQ(joined_seq(2, 3), "0") << "no join entry: from the start";
}

TEST(store_postgres_migrations, a_database_from_before_migration_5_gets_exact_unread_counts) {
  postgres_test_database db;
  {
    connection session(db.url(), "SET client_min_messages = warning");
    apply_migrations(session, all_migrations().first(4));
  }
  for (const auto& sql : conformance::version_4_history("true", "false", "OVERRIDING SYSTEM VALUE ")) db.run(sql);
  auto backend = db.open_backend();
  backend->migrate();
  auto s = backend->open_writer();
  conformance::expect_exact_unread_after_upgrade(*s);
}

TEST(store_postgres_backend, writer_refuses_a_database_that_was_never_migrated) {
  postgres_test_database db;
  EXPECT_THROW(db.open_backend()->open_writer(), failure);
  EXPECT_THROW(db.open_backend()->open_reader(), failure);
}

TEST(store_postgres_backend, writer_refuses_a_server_that_does_not_make_commits_durable) {
  postgres_test_database db;
  db.open_backend()->migrate();
  EXPECT_THROW(db.backend_with("-csynchronous_commit=off")->open_writer(), failure);
  EXPECT_NO_THROW(db.backend_with("-csynchronous_commit=off")->open_reader());
}

TEST(store_postgres_backend, readers_refuse_to_write) {
  postgres_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto reader = backend->open_reader();
  EXPECT_THROW(static_cast<void>(reader->insert_user(make_new_user("alice"))), failure);
  EXPECT_TRUE(reader->ping());  // and the session lives on
}

TEST(store_postgres_backend, a_session_the_server_ended_is_opened_again_on_the_next_call) {
  postgres_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto writer = backend->open_writer();
  const auto alice = writer->insert_user(make_new_user("alice"));
  ASSERT_TRUE(alice.ok());

  db.terminate_sessions();
  EXPECT_THROW(static_cast<void>(writer->user_by_id(alice->id)), failure);  // the call under way is lost...
  EXPECT_TRUE(writer->user_by_id(alice->id).has_value());                   // ...the next one reconnects
  EXPECT_TRUE(writer->insert_user(make_new_user("bob")).ok());              // with its statements prepared again
}

TEST(store_postgres_backend, ping_reconnects_a_session_the_server_ended) {
  postgres_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto reader = backend->open_reader();
  ASSERT_TRUE(reader->ping());
  db.terminate_sessions();
  EXPECT_FALSE(reader->ping());
  EXPECT_TRUE(reader->ping());
}

TEST(store_postgres_backend, a_transaction_whose_session_was_lost_is_retryable_and_kept_nothing) {
  postgres_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto writer = backend->open_writer();
  writer->begin_transaction();
  ASSERT_TRUE(writer->insert_user(make_new_user("alice")).ok());

  db.terminate_sessions();
  EXPECT_THROW(static_cast<void>(writer->insert_user(make_new_user("bob"))), retryable_failure);
  EXPECT_THROW(writer->begin_savepoint(), retryable_failure);  // nothing runs in a lost transaction
  writer->rollback_transaction();

  EXPECT_FALSE(writer->user_by_username("alice").has_value());
  EXPECT_TRUE(writer->insert_user(make_new_user("alice")).ok());
}

TEST(store_postgres_backend, commit_after_a_failed_statement_rolls_back_and_says_so) {
  postgres_test_database db;
  auto backend = db.open_backend();
  backend->migrate();
  auto writer = backend->open_writer();
  const auto alice = writer->insert_user(make_new_user("alice"));
  ASSERT_TRUE(alice.ok());

  writer->begin_transaction();
  ASSERT_TRUE(writer->insert_user(make_new_user("bob")).ok());
  refresh_token_record orphan = conformance::make_token(alice->id + 1000, "f", "h");
  EXPECT_THROW(writer->insert_refresh_token(orphan), failure);  // no such user: the transaction is spoilt
  EXPECT_THROW(writer->commit_transaction(), failure);
  writer->rollback_transaction();  // nothing open any more: does nothing

  EXPECT_FALSE(writer->user_by_username("bob").has_value());
}

TEST(store_postgres_backend, usernames_sort_and_match_bytewise_whatever_the_server_locale) {
  postgres_test_database db;
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
}

}  // namespace
}  // namespace natter::store::postgres
