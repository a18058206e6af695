#pragma once
// store over one SQLite connection.
//
// Every statement is prepared once, when the connection opens, and reused:
// these run on the hot paths of the writer and reader threads. A statement is
// reset after each use, so that a half-read SELECT never holds a read snapshot
// open (which would show a reader stale data and stall WAL checkpoints).
// Between begin_read and end_read holding one snapshot is the point: the
// read transaction keeps it, not a statement.
//
// Like every store, one instance is used by one thread at a time. SQLite
// errors other than the expected ones surface as store::failure.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>

#include "store/store.hpp"

namespace natter::store::sqlite {

struct conversation_statements;
struct media_statements;
struct email_statements;
struct people_statements;

class sqlite_store final : public store {
 public:
  // Takes an open connection whose schema is migrated and whose pragmas are
  // set (sqlite_backend does both). Throws store::failure when a statement
  // cannot be prepared, e.g. because the schema is missing.
  explicit sqlite_store(SQLite::Database connection);
  ~sqlite_store() override;

  // The Store overrides (store/sql/store_overrides.hpp). Here a read is a
  // deferred transaction: the snapshot is taken by the job's first query and
  // held until end_read; end_read does nothing when no transaction is open
  // (begin_read failed, or the job ended it). ping never throws: a
  // connection that cannot answer is simply not alive.
#include "store/sql/store_overrides.hpp"  // IWYU pragma: keep

 private:
  // The user's key backup and its entries (erase_keys_of: account deletion).
  void erase_key_backup_of(user_id u);
  // After a UNIQUE violation on users: which of the given email and username
  // belongs to a row other than `self`. Email wins when both do, so the answer
  // does not depend on the order in which SQLite checks its indexes.
  std::optional<errc> taken_by_other(std::optional<std::string> email_lower, std::optional<std::string> username,
                                     user_id self);
  static std::optional<user_record> one_user(SQLite::Statement& query);
  static std::optional<user_credentials> one_credentials(SQLite::Statement& query);
  // Binds limit as parameter 2 and reads every row.
  static std::vector<audit_event> audit_events(SQLite::Statement& query, int limit);
  // The entry with this log row id, read as log_after reads it. May throw
  // SQLite::Exception, so call it inside guarded().
  log_entry log_entry_by_id(std::int64_t id);

  // Declared first: statements must be finalized before the connection closes.
  SQLite::Database db_;

  SQLite::Statement begin_;
  SQLite::Statement commit_;
  SQLite::Statement rollback_;
  SQLite::Statement savepoint_;
  SQLite::Statement release_;
  SQLite::Statement rollback_to_;
  SQLite::Statement ping_;
  SQLite::Statement probe_write_;

  SQLite::Statement insert_user_;
  SQLite::Statement user_by_id_;
  SQLite::Statement user_by_email_;
  SQLite::Statement user_by_username_;
  SQLite::Statement users_in_range_;
  SQLite::Statement update_profile_;
  SQLite::Statement credentials_by_email_;
  SQLite::Statement credentials_by_username_;
  SQLite::Statement credentials_of_;
  SQLite::Statement set_credentials_;
  SQLite::Statement email_taken_by_other_;
  SQLite::Statement username_taken_by_other_;

  SQLite::Statement insert_refresh_token_;
  SQLite::Statement refresh_token_by_hash_;
  SQLite::Statement mark_refresh_token_rotated_;
  SQLite::Statement revoke_refresh_family_;
  SQLite::Statement revoke_refresh_tokens_of_user_;
  SQLite::Statement sessions_of_;
  SQLite::Statement refresh_family_active_;

  SQLite::Statement reserve_username_;
  SQLite::Statement erase_user_;
  SQLite::Statement erase_contacts_;
  SQLite::Statement erase_blocks_;
  SQLite::Statement erase_invitations_;
  SQLite::Statement erase_password_resets_;
  SQLite::Statement username_reserved_;
  SQLite::Statement forget_password_resets_;
  SQLite::Statement insert_password_reset_;
  SQLite::Statement use_password_reset_;
  SQLite::Statement password_reset_user_;
  SQLite::Statement use_up_password_resets_;

  SQLite::Statement append_audit_event_;
  SQLite::Statement audit_events_of_user_;
  SQLite::Statement audit_events_of_kind_;

  SQLite::Statement begin_read_;
  SQLite::Statement end_read_;

  // After db_, so that its statements are finalized before the connection
  // closes.
  std::unique_ptr<conversation_statements> conversations_;
  std::unique_ptr<media_statements> media_;
  std::unique_ptr<email_statements> email_;
  std::unique_ptr<SQLite::Statement> search_;
  std::unique_ptr<people_statements> people_;
};

}  // namespace natter::store::sqlite
