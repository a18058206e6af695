#pragma once
// store over one SQLite connection.
//
// Every statement is prepared once, when the connection opens, and reused:
// these run on the hot paths of the writer and reader threads. A statement is
// reset after each use, so that a half-read SELECT never holds a read snapshot
// open (which would show a reader stale data and stall WAL checkpoints).
//
// Like every store, one instance is used by one thread at a time. SQLite
// errors other than the expected ones surface as store::failure.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "store/store.hpp"

namespace natter::store::sqlite {

class sqlite_store final : public store {
 public:
  // Takes an open connection whose schema is migrated and whose pragmas are
  // set (sqlite_backend does both). Throws store::failure when a statement
  // cannot be prepared, e.g. because the schema is missing.
  explicit sqlite_store(SQLite::Database connection);

  void begin_transaction() override;
  void commit_transaction() override;
  void rollback_transaction() override;
  void begin_savepoint() override;
  void release_savepoint() override;
  void rollback_to_savepoint() override;

  // Never throws: a connection that cannot answer is simply not alive.
  bool ping() override;

  result<user_record> insert_user(const new_user& user) override;
  std::optional<user_record> user_by_id(user_id id) override;
  std::optional<user_record> user_by_login(std::string_view login) override;
  std::optional<user_record> user_by_username(std::string_view username) override;
  std::vector<user_record> users_with_prefix(std::string_view prefix, std::string_view after, int limit) override;
  result<user_record> update_profile(user_id id, const profile_update& update) override;
  void set_password_hash(user_id id, std::string_view password_hash) override;

  std::int64_t insert_refresh_token(const refresh_token_record& token) override;
  std::optional<refresh_token_record> refresh_token_by_hash(std::string_view token_hash) override;
  void mark_refresh_token_rotated(std::int64_t token_id, unix_ms at) override;
  void revoke_refresh_family(std::string_view family, unix_ms at) override;
  void revoke_refresh_tokens_of_user(user_id user, unix_ms at, std::optional<std::string_view> except_family) override;

  void append_audit_event(const audit_event& event) override;
  std::vector<audit_event> audit_events_of_user(user_id user, int limit) override;
  std::vector<audit_event> audit_events_of_kind(std::string_view kind, int limit) override;

 private:
  // After a UNIQUE violation on users: which of the given email and username
  // belongs to a row other than `self`. Email wins when both do, so the answer
  // does not depend on the order in which SQLite checks its indexes.
  std::optional<errc> taken_by_other(std::optional<std::string> email_lower, std::optional<std::string> username,
                                     user_id self);
  static std::optional<user_record> one_user(SQLite::Statement& query);
  // Binds limit as parameter 2 and reads every row.
  static std::vector<audit_event> audit_events(SQLite::Statement& query, int limit);

  // Declared first: statements must be finalized before the connection closes.
  SQLite::Database db_;

  SQLite::Statement begin_;
  SQLite::Statement commit_;
  SQLite::Statement rollback_;
  SQLite::Statement savepoint_;
  SQLite::Statement release_;
  SQLite::Statement rollback_to_;
  SQLite::Statement ping_;

  SQLite::Statement insert_user_;
  SQLite::Statement user_by_id_;
  SQLite::Statement user_by_email_;
  SQLite::Statement user_by_username_;
  SQLite::Statement users_in_range_;
  SQLite::Statement update_profile_;
  SQLite::Statement set_password_hash_;
  SQLite::Statement email_taken_by_other_;
  SQLite::Statement username_taken_by_other_;

  SQLite::Statement insert_refresh_token_;
  SQLite::Statement refresh_token_by_hash_;
  SQLite::Statement mark_refresh_token_rotated_;
  SQLite::Statement revoke_refresh_family_;
  SQLite::Statement revoke_refresh_tokens_of_user_;

  SQLite::Statement append_audit_event_;
  SQLite::Statement audit_events_of_user_;
  SQLite::Statement audit_events_of_kind_;
};

}  // namespace natter::store::sqlite
