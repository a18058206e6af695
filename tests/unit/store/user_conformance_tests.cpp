// Conformance: users, login lookup, prefix search and profile updates.

#include <algorithm>
#include <string>
#include <vector>

#include "store_conformance.hpp"

namespace natter::store::conformance {
namespace {

std::vector<std::string> usernames(const std::vector<user_record>& users) {
  std::vector<std::string> names;
  names.reserve(users.size());
  for (const auto& u : users) names.push_back(u.username);
  return names;
}

TEST_P(store_conformance, insert_user_returns_the_stored_record_with_a_new_id) {
  const new_user alice = make_new_user("alice", "Alice@Example.com");
  auto inserted = writer().insert_user(alice);
  ASSERT_TRUE(inserted.ok());
  EXPECT_GT(inserted->id, 0);

  auto found = writer().user_by_id(inserted->id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, inserted->id);
  EXPECT_EQ(found->email, "Alice@Example.com");
  EXPECT_EQ(found->username, "alice");
  EXPECT_EQ(found->display_name, alice.display_name);
  EXPECT_EQ(found->bio, "");
  EXPECT_EQ(found->created_at, t0);
  EXPECT_EQ(inserted->email, found->email);
  EXPECT_EQ(inserted->created_at, found->created_at);
}

TEST_P(store_conformance, insert_user_assigns_distinct_ids) {
  const auto a = add_user("alice");
  const auto b = add_user("bob");
  EXPECT_NE(a.id, b.id);
}

TEST_P(store_conformance, user_by_id_returns_nothing_for_an_unknown_id) {
  const auto a = add_user("alice");
  EXPECT_FALSE(writer().user_by_id(a.id + 1000).has_value());
}

TEST_P(store_conformance, insert_user_rejects_taken_email_case_insensitively) {
  add_user("alice", "alice@example.com");
  auto again = writer().insert_user(make_new_user("alice2", "ALICE@Example.COM"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.err().code, errc::email_taken);
}

TEST_P(store_conformance, insert_user_rejects_taken_username) {
  add_user("alice", "alice@example.com");
  auto again = writer().insert_user(make_new_user("alice", "other@example.com"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.err().code, errc::username_taken);
}

TEST_P(store_conformance, insert_user_reports_email_when_email_and_username_are_both_taken) {
  add_user("alice", "alice@example.com");
  auto again = writer().insert_user(make_new_user("alice", "alice@example.com"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.err().code, errc::email_taken);
}

TEST_P(store_conformance, rejected_insert_leaves_no_user_behind) {
  add_user("alice", "alice@example.com");
  ASSERT_FALSE(writer().insert_user(make_new_user("carol", "Alice@example.com")).ok());
  EXPECT_FALSE(writer().user_by_username("carol").has_value());
  EXPECT_TRUE(writer().insert_user(make_new_user("carol", "carol@example.com")).ok());
}

TEST_P(store_conformance, user_by_login_finds_by_email_or_username) {
  const auto alice = add_user("alice", "alice@example.com");
  add_user("bob", "bob@example.com");

  auto by_email = writer().user_by_login("alice@example.com");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, alice.id);

  auto by_username = writer().user_by_login("alice");
  ASSERT_TRUE(by_username.has_value());
  EXPECT_EQ(by_username->id, alice.id);
}

TEST_P(store_conformance, user_by_login_matches_email_case_insensitively) {
  const auto alice = add_user("alice", "Alice@Example.com");
  auto found = writer().user_by_login("aLICE@example.COM");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, alice.id);
  EXPECT_EQ(found->email, "Alice@Example.com");
}

TEST_P(store_conformance, user_by_login_matches_username_case_insensitively) {
  const auto alice = add_user("alice");
  auto found = writer().user_by_login("Alice");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, alice.id);
}

TEST_P(store_conformance, user_by_login_does_not_match_a_username_against_emails) {
  add_user("alice", "bob@example.com");
  EXPECT_FALSE(writer().user_by_login("bob").has_value());
  EXPECT_FALSE(writer().user_by_login("alice@example.com").has_value());
}

TEST_P(store_conformance, user_by_username_returns_nothing_for_an_unknown_name) {
  add_user("alice");
  EXPECT_FALSE(writer().user_by_username("alicia").has_value());
}

TEST_P(store_conformance, users_with_prefix_pages_in_order) {
  for (const char* name : {"anna", "al", "bert", "alma", "alex", "alba", "alf", "zed"}) add_user(name);

  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 10; ++page) {
    auto users = writer().users_with_prefix("al", after, 2);
    EXPECT_LE(users.size(), 2u);
    if (users.empty()) break;
    for (const auto& name : usernames(users)) seen.push_back(name);
    after = users.back().username;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"al", "alba", "alex", "alf", "alma"}));
}

TEST_P(store_conformance, users_with_prefix_starts_after_the_given_name) {
  for (const char* name : {"al", "alba", "alex"}) add_user(name);
  EXPECT_EQ(usernames(writer().users_with_prefix("al", "alba", 10)), (std::vector<std::string>{"alex"}));
}

TEST_P(store_conformance, users_with_empty_prefix_lists_everyone) {
  for (const char* name : {"carl", "anna", "bert"}) add_user(name);
  EXPECT_EQ(usernames(writer().users_with_prefix("", "", 10)), (std::vector<std::string>{"anna", "bert", "carl"}));
}

TEST_P(store_conformance, users_with_prefix_returns_nothing_for_a_non_positive_limit) {
  add_user("alice");
  EXPECT_TRUE(writer().users_with_prefix("a", "", 0).empty());
  EXPECT_TRUE(writer().users_with_prefix("a", "", -1).empty());
}

TEST_P(store_conformance, prefix_search_treats_like_metacharacters_literally) {
  for (const char* name : {"a_c", "abc", "a%c", "axc", "a\\c", "ab"})
    add_user(name, std::string("u") + name + "@x.org");
  EXPECT_EQ(usernames(writer().users_with_prefix("a_", "", 10)), (std::vector<std::string>{"a_c"}));
  EXPECT_EQ(usernames(writer().users_with_prefix("a%", "", 10)), (std::vector<std::string>{"a%c"}));
  EXPECT_EQ(usernames(writer().users_with_prefix("a\\", "", 10)), (std::vector<std::string>{"a\\c"}));
  EXPECT_TRUE(writer().users_with_prefix("%", "", 10).empty());
  EXPECT_TRUE(writer().users_with_prefix("_", "", 10).empty());
}

TEST_P(store_conformance, update_profile_changes_only_the_given_fields) {
  const auto alice = add_user("alice", "alice@example.com");
  profile_update update;
  update.bio = "likes tea";
  auto updated = writer().update_profile(alice.id, update);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->bio, "likes tea");
  EXPECT_EQ(updated->email, alice.email);
  EXPECT_EQ(updated->username, alice.username);
  EXPECT_EQ(updated->display_name, alice.display_name);

  auto stored = writer().user_by_id(alice.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->bio, "likes tea");
  EXPECT_EQ(stored->display_name, alice.display_name);
}

TEST_P(store_conformance, update_profile_with_no_fields_returns_the_current_record) {
  const auto alice = add_user("alice");
  auto updated = writer().update_profile(alice.id, profile_update{});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->username, "alice");
  EXPECT_EQ(updated->email, alice.email);
}

TEST_P(store_conformance, update_profile_moves_login_to_the_new_email_and_username) {
  const auto alice = add_user("alice", "alice@example.com");
  profile_update update;
  update.email = "Alice@New.example";
  update.username = "alicia";
  ASSERT_TRUE(writer().update_profile(alice.id, update).ok());

  EXPECT_FALSE(writer().user_by_login("alice@example.com").has_value());
  EXPECT_FALSE(writer().user_by_username("alice").has_value());
  auto by_email = writer().user_by_login("alice@new.example");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, alice.id);
  EXPECT_EQ(by_email->email, "Alice@New.example");
  EXPECT_TRUE(writer().user_by_username("alicia").has_value());
}

TEST_P(store_conformance, update_profile_reports_not_found_for_an_unknown_user) {
  const auto alice = add_user("alice");
  profile_update update;
  update.bio = "x";
  auto updated = writer().update_profile(alice.id + 1000, update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.err().code, errc::not_found);
}

TEST_P(store_conformance, update_profile_reports_email_taken_case_insensitively) {
  add_user("alice", "alice@example.com");
  const auto bob = add_user("bob", "bob@example.com");
  profile_update update;
  update.email = "ALICE@example.com";
  auto updated = writer().update_profile(bob.id, update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.err().code, errc::email_taken);
  EXPECT_EQ(writer().user_by_id(bob.id)->email, "bob@example.com");
}

TEST_P(store_conformance, update_profile_reports_username_taken) {
  add_user("alice");
  const auto bob = add_user("bob");
  profile_update update;
  update.username = "alice";
  update.bio = "not applied either";
  auto updated = writer().update_profile(bob.id, update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.err().code, errc::username_taken);
  EXPECT_EQ(writer().user_by_id(bob.id)->bio, "");
}

TEST_P(store_conformance, update_profile_accepts_the_users_own_email_in_another_case) {
  const auto alice = add_user("alice", "alice@example.com");
  profile_update update;
  update.email = "Alice@Example.com";
  update.username = "alice";
  auto updated = writer().update_profile(alice.id, update);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->email, "Alice@Example.com");
}

TEST_P(store_conformance, update_profile_does_not_count_the_users_own_email_as_taken) {
  const auto alice = add_user("alice", "alice@example.com");
  add_user("bob", "bob@example.com");
  profile_update update;
  update.email = "Alice@example.com";
  update.username = "bob";
  auto updated = writer().update_profile(alice.id, update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.err().code, errc::username_taken);
}

TEST_P(store_conformance, credentials_of_returns_the_hash_the_user_was_inserted_with) {
  const new_user alice = make_new_user("alice");
  auto inserted = writer().insert_user(alice);
  ASSERT_TRUE(inserted.ok());
  add_user("bob");

  auto credentials = writer().credentials_of(inserted->id);
  ASSERT_TRUE(credentials.has_value());
  EXPECT_EQ(credentials->user, inserted->id);
  EXPECT_EQ(credentials->password_hash, alice.password_hash);
}

TEST_P(store_conformance, credentials_of_returns_nothing_for_an_unknown_id) {
  const auto alice = add_user("alice");
  EXPECT_FALSE(writer().credentials_of(alice.id + 1000).has_value());
}

TEST_P(store_conformance, credentials_by_login_finds_by_email_or_username_in_any_case) {
  const auto alice = add_user("alice", "Alice@Example.com");
  const auto bob = add_user("bob", "bob@example.com");
  for (std::string login : {"alice", "ALICE", "alice@example.com", "aLICE@example.COM"}) {
    auto credentials = writer().credentials_by_login(login);
    ASSERT_TRUE(credentials.has_value()) << login;
    EXPECT_EQ(credentials->user, alice.id) << login;
    EXPECT_EQ(credentials->password_hash, make_new_user("alice").password_hash) << login;
  }
  EXPECT_EQ(writer().credentials_by_login("bob")->user, bob.id);
}

TEST_P(store_conformance, credentials_by_login_matches_what_user_by_login_matches) {
  add_user("alice", "bob@example.com");
  add_user("carol");
  for (std::string login : {"bob", "alice@example.com", "nobody", "", "carol@"}) {
    EXPECT_EQ(writer().credentials_by_login(login).has_value(), writer().user_by_login(login).has_value()) << login;
  }
}

TEST_P(store_conformance, set_credentials_replaces_only_that_users_hash) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().set_credentials(user_credentials{alice.id, "$argon2id$new"});
  EXPECT_EQ(writer().credentials_of(alice.id)->password_hash, "$argon2id$new");
  EXPECT_EQ(writer().credentials_of(bob.id)->password_hash, make_new_user("bob").password_hash);
}

TEST_P(store_conformance, a_profile_update_leaves_the_credentials_alone) {
  const auto alice = add_user("alice");
  profile_update update;
  update.username = "alicia";
  update.bio = "new";
  ASSERT_TRUE(writer().update_profile(alice.id, update).ok());
  EXPECT_EQ(writer().credentials_of(alice.id)->password_hash, make_new_user("alice").password_hash);
}

}  // namespace
}  // namespace natter::store::conformance
