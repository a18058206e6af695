#pragma once
// The store conformance suite: every backend must pass the same tests.
//
// A backend joins by providing a backend_under_test (how to create one empty
// database per test) and instantiating the suites with it, e.g.
//
//   INSTANTIATE_TEST_SUITE_P(sqlite, store_conformance,
//                            ::testing::Values(sqlite_under_test()), backend_name);
//   INSTANTIATE_TEST_SUITE_P(sqlite, store_database_conformance,
//                            ::testing::Values(sqlite_under_test()), backend_name);
//
// Tests never depend on each other or on time: each gets a fresh database and
// passes explicit timestamps.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "store/database.hpp"
#include "store/store.hpp"

namespace natter::store::conformance {

// One empty database, owned by one test; the destructor removes it.
class test_database {
 public:
  virtual ~test_database() = default;
  // A new backend object on this database, not yet migrated. Calling it again
  // is how a test reopens the same data, as a restart would.
  virtual std::unique_ptr<backend> open_backend() = 0;
};

struct backend_under_test {
  std::string name;  // suffix of the test names, e.g. "sqlite"
  std::function<std::unique_ptr<test_database>()> create;
};

inline std::string backend_name(const ::testing::TestParamInfo<backend_under_test>& info) {
  return info.param.name;
}

// Lets test output name the backend instead of dumping the struct's bytes.
inline void PrintTo(const backend_under_test& b, std::ostream* os) {
  *os << b.name;
}

// Fixed instants, so that no test reads a clock.
inline constexpr unix_ms t0 = 1'700'000'000'000;
inline constexpr unix_ms one_day = 24 * 60 * 60 * 1000;

// Records are filled member by member, so that a field added to one later
// does not break the suite.
inline new_user make_new_user(std::string_view username, std::string email = {}) {
  new_user u;
  u.email = email.empty() ? std::string(username) + "@example.com" : std::move(email);
  u.username = std::string(username);
  u.display_name = "Display " + std::string(username);
  u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$" + std::string(username);
  u.created_at = t0;
  return u;
}

inline refresh_token_record make_token(user_id user, std::string family, std::string hash) {
  refresh_token_record t;
  t.user = user;
  t.family = std::move(family);
  t.token_hash = std::move(hash);
  t.created_at = t0;
  t.expires_at = t0 + 30 * one_day;
  return t;
}

inline audit_event make_event(std::optional<user_id> user, std::string kind, std::string detail,
                              std::string remote_addr = "192.0.2.7", unix_ms at = t0) {
  audit_event e;
  e.at = at;
  e.user = user;
  e.kind = std::move(kind);
  e.remote_addr = std::move(remote_addr);
  e.detail = std::move(detail);
  return e;
}

// Owns the per-test database.
class conformance_test : public ::testing::TestWithParam<backend_under_test> {
 protected:
  void SetUp() override { test_db_ = GetParam().create(); }

  // A backend on this test's database, migrated.
  std::unique_ptr<backend> migrated_backend() {
    auto b = test_db_->open_backend();
    b->migrate();
    return b;
  }

  std::unique_ptr<test_database> test_db_;
};

// Tests of the store interface on plain connections (statements autocommit
// unless a test opens a transaction).
class store_conformance : public conformance_test {
 protected:
  void SetUp() override {
    conformance_test::SetUp();
    backend_ = migrated_backend();
    writer_ = backend_->open_writer();
  }

  store& writer() { return *writer_; }

  // Closes every connection and opens the database again, migrating first, as
  // a restart does.
  void reopen() {
    writer_.reset();
    backend_.reset();
    backend_ = migrated_backend();
    writer_ = backend_->open_writer();
  }

  // Inserts a user that must be accepted.
  user_record add_user(std::string_view username, std::string email = {}) {
    auto inserted = writer().insert_user(make_new_user(username, std::move(email)));
    EXPECT_TRUE(inserted.ok()) << "inserting " << username;
    return inserted.ok() ? inserted.value() : user_record{};
  }

  std::unique_ptr<backend> backend_;
  std::unique_ptr<store> writer_;
};

}  // namespace natter::store::conformance
