// Conformance: transactions, connections, persistence and hostile text.

#include <string>

#include "store_conformance.hpp"

namespace natter::store::conformance {
namespace {

TEST_P(store_conformance, ping_answers) {
  EXPECT_TRUE(writer().ping());
}

TEST_P(store_conformance, a_probe_write_commits_and_changes_nothing) {
  add_user("alice");
  writer().begin_transaction();
  writer().probe_write();
  writer().commit_transaction();
  EXPECT_TRUE(writer().user_by_username("alice").has_value());
  EXPECT_TRUE(writer().ping());
}

TEST_P(store_conformance, committed_transaction_is_kept) {
  writer().begin_transaction();
  add_user("alice");
  writer().commit_transaction();
  EXPECT_TRUE(writer().user_by_username("alice").has_value());
}

TEST_P(store_conformance, rolled_back_transaction_leaves_nothing) {
  writer().begin_transaction();
  add_user("alice");
  writer().rollback_transaction();
  EXPECT_FALSE(writer().user_by_username("alice").has_value());
}

TEST_P(store_conformance, rollback_to_savepoint_discards_only_what_followed_it) {
  writer().begin_transaction();
  add_user("alice");
  writer().begin_savepoint();
  add_user("bob");
  writer().rollback_to_savepoint();
  writer().release_savepoint();
  writer().begin_savepoint();
  add_user("carol");
  writer().release_savepoint();
  writer().commit_transaction();

  EXPECT_TRUE(writer().user_by_username("alice").has_value());
  EXPECT_FALSE(writer().user_by_username("bob").has_value());
  EXPECT_TRUE(writer().user_by_username("carol").has_value());
}

TEST_P(store_conformance, rejected_insert_inside_a_savepoint_does_not_spoil_the_transaction) {
  add_user("alice", "alice@example.com");
  writer().begin_transaction();
  writer().begin_savepoint();
  ASSERT_FALSE(writer().insert_user(make_new_user("alice", "x@example.com")).ok());
  writer().rollback_to_savepoint();
  writer().release_savepoint();
  writer().begin_savepoint();
  add_user("bob");
  writer().release_savepoint();
  writer().commit_transaction();
  EXPECT_TRUE(writer().user_by_username("bob").has_value());
}

TEST_P(store_conformance, rejected_update_inside_a_transaction_does_not_spoil_it) {
  add_user("alice", "alice@example.com");
  const auto bob = add_user("bob", "bob@example.com");
  writer().begin_transaction();
  profile_update taken;
  taken.username = "alice";
  auto updated = writer().update_profile(bob.id, taken);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.err().code, errc::username_taken);
  profile_update bio;
  bio.bio = "still here";
  EXPECT_TRUE(writer().update_profile(bob.id, bio).ok());
  add_user("carol");
  writer().commit_transaction();

  const auto stored = writer().user_by_id(bob.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->username, "bob");
  EXPECT_EQ(stored->bio, "still here");
  EXPECT_TRUE(writer().user_by_username("carol").has_value());
}

TEST_P(store_conformance, reader_sees_committed_writes) {
  auto reader = backend_->open_reader();
  const auto alice = add_user("alice");
  auto found = reader->user_by_id(alice.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->username, "alice");
}

TEST_P(store_conformance, reader_sees_writes_committed_after_its_previous_reads) {
  auto reader = backend_->open_reader();
  const auto alice = add_user("alice");
  // Reads that stop after one row must not pin the reader to an old snapshot.
  ASSERT_TRUE(reader->user_by_id(alice.id).has_value());
  ASSERT_TRUE(reader->user_by_login("alice@example.com").has_value());
  ASSERT_EQ(reader->users_with_prefix("a", "", 1).size(), 1u);

  const auto bob = add_user("bob");
  writer().append_audit_event(make_event(bob.id, "k", "", ""));

  EXPECT_TRUE(reader->user_by_id(bob.id).has_value());
  EXPECT_TRUE(reader->user_by_login("bob@example.com").has_value());
  EXPECT_EQ(reader->users_with_prefix("", "", 10).size(), 2u);
  EXPECT_EQ(reader->audit_events_of_user(bob.id, 10).size(), 1u);
}

TEST_P(store_conformance, reader_does_not_see_an_uncommitted_transaction) {
  auto reader = backend_->open_reader();
  writer().begin_transaction();
  const auto alice = add_user("alice");
  EXPECT_FALSE(reader->user_by_id(alice.id).has_value());
  writer().commit_transaction();
  EXPECT_TRUE(reader->user_by_id(alice.id).has_value());
}

TEST_P(store_conformance, sql_metacharacters_are_stored_verbatim) {
  const std::string hostile = "Robert'); DROP TABLE users;-- \"quoted\" %_\\ \n\t ünïcødé 😀";
  const auto alice = add_user("alice");
  profile_update update;
  update.display_name = hostile;
  update.bio = hostile + hostile;
  ASSERT_TRUE(writer().update_profile(alice.id, update).ok());
  writer().append_audit_event(make_event(alice.id, hostile, hostile, hostile));
  writer().insert_refresh_token(make_token(alice.id, hostile, hostile));

  const auto stored = writer().user_by_id(alice.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->display_name, hostile);
  EXPECT_EQ(stored->bio, hostile + hostile);
  const auto events = writer().audit_events_of_kind(hostile, 10);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].remote_addr, hostile);
  EXPECT_EQ(events[0].detail, hostile);
  const auto token = writer().refresh_token_by_hash(hostile);
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(token->family, hostile);
  EXPECT_TRUE(writer().user_by_username("alice").has_value());
}

TEST_P(store_conformance, data_survives_reopen) {
  const auto alice = add_user("alice", "alice@example.com");
  writer().insert_refresh_token(make_token(alice.id, "family-1", "hash-1"));
  writer().append_audit_event(make_event(alice.id, "login.ok", "kept", ""));
  reopen();

  auto found = writer().user_by_login("alice@example.com");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, alice.id);
  EXPECT_TRUE(writer().refresh_token_by_hash("hash-1").has_value());
  EXPECT_EQ(writer().audit_events_of_user(alice.id, 10).size(), 1u);
}

TEST_P(store_conformance, migrations_are_idempotent_across_reopen) {
  backend_->migrate();  // again, on the same backend object
  const auto alice = add_user("alice");
  reopen();
  backend_->migrate();
  reopen();

  EXPECT_TRUE(writer().user_by_id(alice.id).has_value());
  auto again = writer().insert_user(make_new_user("alice", "new@example.com"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.err().code, errc::username_taken);
  EXPECT_TRUE(writer().insert_user(make_new_user("bob")).ok());
}

}  // namespace
}  // namespace natter::store::conformance
