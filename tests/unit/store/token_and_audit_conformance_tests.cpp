// Conformance: refresh tokens and the audit trail.

#include <string>
#include <vector>

#include "store_conformance.hpp"

namespace natter::store::conformance {
namespace {

std::vector<std::string> details(const std::vector<audit_event>& events) {
  std::vector<std::string> out;
  out.reserve(events.size());
  for (const auto& e : events) out.push_back(e.detail);
  return out;
}

TEST_P(store_conformance, refresh_token_round_trips_by_hash) {
  const auto alice = add_user("alice");
  const auto token = make_token(alice.id, "family-1", "hash-1");
  const auto id = writer().insert_refresh_token(token);
  EXPECT_GT(id, 0);

  auto found = writer().refresh_token_by_hash("hash-1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->user, alice.id);
  EXPECT_EQ(found->family, "family-1");
  EXPECT_EQ(found->token_hash, "hash-1");
  EXPECT_EQ(found->created_at, token.created_at);
  EXPECT_EQ(found->expires_at, token.expires_at);
  EXPECT_FALSE(found->rotated_at.has_value());
  EXPECT_FALSE(found->revoked_at.has_value());
}

TEST_P(store_conformance, refresh_token_by_hash_returns_nothing_for_an_unknown_hash) {
  const auto alice = add_user("alice");
  writer().insert_refresh_token(make_token(alice.id, "family-1", "hash-1"));
  EXPECT_FALSE(writer().refresh_token_by_hash("hash-2").has_value());
}

TEST_P(store_conformance, refresh_token_of_an_unknown_user_is_refused) {
  const auto alice = add_user("alice");
  EXPECT_THROW(writer().insert_refresh_token(make_token(alice.id + 1000, "family-1", "hash-1")), failure);
}

TEST_P(store_conformance, mark_refresh_token_rotated_sets_only_that_tokens_rotation_time) {
  const auto alice = add_user("alice");
  const auto first = writer().insert_refresh_token(make_token(alice.id, "family-1", "hash-1"));
  writer().insert_refresh_token(make_token(alice.id, "family-1", "hash-2"));
  writer().mark_refresh_token_rotated(first, t0 + 5);

  EXPECT_EQ(writer().refresh_token_by_hash("hash-1")->rotated_at, std::optional<unix_ms>(t0 + 5));
  EXPECT_FALSE(writer().refresh_token_by_hash("hash-1")->revoked_at.has_value());
  EXPECT_FALSE(writer().refresh_token_by_hash("hash-2")->rotated_at.has_value());
}

TEST_P(store_conformance, refresh_token_family_revocation_revokes_all_members) {
  const auto alice = add_user("alice");
  for (const char* hash : {"hash-1", "hash-2", "hash-3"}) {
    writer().insert_refresh_token(make_token(alice.id, "family-1", hash));
  }
  writer().insert_refresh_token(make_token(alice.id, "family-2", "hash-other"));

  writer().revoke_refresh_family("family-1", t0 + 9);

  for (const char* hash : {"hash-1", "hash-2", "hash-3"}) {
    EXPECT_EQ(writer().refresh_token_by_hash(hash)->revoked_at, std::optional<unix_ms>(t0 + 9)) << hash;
  }
  EXPECT_FALSE(writer().refresh_token_by_hash("hash-other")->revoked_at.has_value());
}

TEST_P(store_conformance, refresh_token_family_revocation_keeps_earlier_revocation_times) {
  const auto alice = add_user("alice");
  writer().insert_refresh_token(make_token(alice.id, "family-1", "hash-1"));
  writer().insert_refresh_token(make_token(alice.id, "family-1", "hash-2"));
  writer().revoke_refresh_family("family-1", t0 + 1);
  writer().insert_refresh_token(make_token(alice.id, "family-1", "hash-3"));

  writer().revoke_refresh_family("family-1", t0 + 2);

  EXPECT_EQ(writer().refresh_token_by_hash("hash-1")->revoked_at, std::optional<unix_ms>(t0 + 1));
  EXPECT_EQ(writer().refresh_token_by_hash("hash-3")->revoked_at, std::optional<unix_ms>(t0 + 2));
}

TEST_P(store_conformance, revoke_tokens_of_user_revokes_every_family_of_that_user_only) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().insert_refresh_token(make_token(alice.id, "family-a1", "hash-a1"));
  writer().insert_refresh_token(make_token(alice.id, "family-a2", "hash-a2"));
  writer().insert_refresh_token(make_token(bob.id, "family-b", "hash-b"));

  writer().insert_refresh_token(make_token(alice.id, "family-a1", "hash-a1-next"));

  const auto revoked = writer().revoke_refresh_tokens_of_user(alice.id, t0 + 3, std::nullopt);

  EXPECT_EQ(revoked, (std::vector<std::string>{"family-a1", "family-a2"}));  // each family once, sorted
  EXPECT_EQ(writer().refresh_token_by_hash("hash-a1")->revoked_at, std::optional<unix_ms>(t0 + 3));
  EXPECT_EQ(writer().refresh_token_by_hash("hash-a2")->revoked_at, std::optional<unix_ms>(t0 + 3));
  EXPECT_FALSE(writer().refresh_token_by_hash("hash-b")->revoked_at.has_value());
  EXPECT_TRUE(writer().revoke_refresh_tokens_of_user(alice.id, t0 + 4, std::nullopt).empty());
}

TEST_P(store_conformance, a_family_is_active_until_every_token_of_it_is_revoked) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().insert_refresh_token(make_token(alice.id, "family-1", "hash-1"));
  writer().mark_refresh_token_rotated(writer().refresh_token_by_hash("hash-1")->id, t0 + 1);
  writer().insert_refresh_token(make_token(alice.id, "family-1", "hash-2"));

  EXPECT_TRUE(writer().refresh_family_active("family-1", alice.id));
  EXPECT_FALSE(writer().refresh_family_active("family-1", bob.id));  // not bob's
  EXPECT_FALSE(writer().refresh_family_active("no-such-family", alice.id));
  writer().revoke_refresh_family("family-1", t0 + 2);
  EXPECT_FALSE(writer().refresh_family_active("family-1", alice.id));
}

TEST_P(store_conformance, revoke_tokens_of_user_keeps_excepted_family) {
  const auto alice = add_user("alice");
  writer().insert_refresh_token(make_token(alice.id, "family-keep", "hash-keep"));
  writer().insert_refresh_token(make_token(alice.id, "family-drop", "hash-drop"));

  EXPECT_EQ(writer().revoke_refresh_tokens_of_user(alice.id, t0 + 3, std::string_view("family-keep")),
            std::vector<std::string>{"family-drop"});

  EXPECT_FALSE(writer().refresh_token_by_hash("hash-keep")->revoked_at.has_value());
  EXPECT_EQ(writer().refresh_token_by_hash("hash-drop")->revoked_at, std::optional<unix_ms>(t0 + 3));
}

TEST_P(store_conformance, sessions_of_lists_open_families_with_their_login_and_last_use) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  auto first = make_token(alice.id, "f-1", "h-1");
  first.user_agent = "Firefox";
  first.remote_addr = "192.0.2.1";
  const auto first_id = writer().insert_refresh_token(first);
  writer().mark_refresh_token_rotated(first_id, t0 + 50);
  auto rotated = make_token(alice.id, "f-1", "h-2");
  rotated.created_at = t0 + 50;
  rotated.user_agent = "Firefox 2";
  writer().insert_refresh_token(rotated);
  auto second = make_token(alice.id, "f-2", "h-3");
  second.created_at = t0 + 10;
  writer().insert_refresh_token(second);
  auto ended = make_token(alice.id, "f-3", "h-4");
  writer().insert_refresh_token(ended);
  writer().revoke_refresh_family("f-3", t0 + 1);
  auto expired = make_token(alice.id, "f-4", "h-5");
  expired.expires_at = t0 + 5;
  writer().insert_refresh_token(expired);
  writer().insert_refresh_token(make_token(bob.id, "f-5", "h-6"));

  const auto sessions = writer().sessions_of(alice.id, t0 + 100, 10);
  ASSERT_EQ(sessions.size(), 2U);
  EXPECT_EQ(sessions[0].family, "f-1");  // most recently used first
  EXPECT_EQ(sessions[0].created_at, t0);
  EXPECT_EQ(sessions[0].last_used_at, t0 + 50);
  EXPECT_EQ(sessions[0].user_agent, "Firefox 2");
  EXPECT_EQ(sessions[1].family, "f-2");
  EXPECT_EQ(writer().sessions_of(alice.id, t0 + 100, 1).size(), 1U);
}

TEST_P(store_conformance, audit_events_are_returned_newest_first) {
  const auto alice = add_user("alice");
  // Equal timestamps on purpose: "newest" is the order of appending.
  writer().append_audit_event(make_event(alice.id, "login.ok", "first"));
  writer().append_audit_event(make_event(alice.id, "login.ok", "second"));
  writer().append_audit_event(make_event(alice.id, "login.ok", "third"));

  EXPECT_EQ(details(writer().audit_events_of_user(alice.id, 10)),
            (std::vector<std::string>{"third", "second", "first"}));
  EXPECT_EQ(details(writer().audit_events_of_kind("login.ok", 10)),
            (std::vector<std::string>{"third", "second", "first"}));
}

TEST_P(store_conformance, audit_events_honour_the_limit_keeping_the_newest) {
  const auto alice = add_user("alice");
  for (const char* detail : {"1", "2", "3", "4"}) writer().append_audit_event(make_event(alice.id, "k", detail));
  EXPECT_EQ(details(writer().audit_events_of_user(alice.id, 2)), (std::vector<std::string>{"4", "3"}));
  EXPECT_EQ(details(writer().audit_events_of_kind("k", 3)), (std::vector<std::string>{"4", "3", "2"}));
  EXPECT_TRUE(writer().audit_events_of_user(alice.id, 0).empty());
}

TEST_P(store_conformance, audit_events_of_user_excludes_other_users_and_anonymous_events) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().append_audit_event(make_event(alice.id, "login.ok", "alice"));
  writer().append_audit_event(make_event(bob.id, "login.ok", "bob"));
  writer().append_audit_event(make_event(std::nullopt, "login.failed", "anonymous"));
  EXPECT_EQ(details(writer().audit_events_of_user(alice.id, 10)), (std::vector<std::string>{"alice"}));
}

TEST_P(store_conformance, audit_events_of_kind_excludes_other_kinds) {
  writer().append_audit_event(make_event(std::nullopt, "login.failed", "a"));
  writer().append_audit_event(make_event(std::nullopt, "login.ok", "b"));
  writer().append_audit_event(make_event(std::nullopt, "login.failed", "c"));
  EXPECT_EQ(details(writer().audit_events_of_kind("login.failed", 10)), (std::vector<std::string>{"c", "a"}));
}

TEST_P(store_conformance, audit_event_round_trips_every_field) {
  const auto alice = add_user("alice");
  writer().append_audit_event(make_event(alice.id, "refresh.reuse_detected", "family f1", "192.0.2.7", t0 + 42));
  writer().append_audit_event(make_event(std::nullopt, "anon", "", ""));

  const auto events = writer().audit_events_of_user(alice.id, 10);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_GT(events[0].id, 0);
  EXPECT_EQ(events[0].at, t0 + 42);
  EXPECT_EQ(events[0].user, std::optional<user_id>(alice.id));
  EXPECT_EQ(events[0].kind, "refresh.reuse_detected");
  EXPECT_EQ(events[0].remote_addr, "192.0.2.7");
  EXPECT_EQ(events[0].detail, "family f1");

  const auto anonymous = writer().audit_events_of_kind("anon", 10);
  ASSERT_EQ(anonymous.size(), 1u);
  EXPECT_FALSE(anonymous[0].user.has_value());
  EXPECT_EQ(anonymous[0].remote_addr, "");
}

}  // namespace
}  // namespace natter::store::conformance
