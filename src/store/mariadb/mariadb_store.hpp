#pragma once
// store over one MariaDB session (connection.hpp: opened lazily, opened again
// after it broke, statements prepared once per session).
//
// The writer's transactions are READ COMMITTED (mariadb_backend.cpp says why):
// append takes the next seq with UPDATE conversations SET last_seq =
// last_seq + 1, whose row lock makes every other writer of that
// conversation, on any node, wait until this transaction ends; the SELECT
// that follows reads the seq it set. A rollback hands the seq back with
// everything else, so seqs stay gapless. Readers run each job in one
// REPEATABLE READ READ ONLY transaction with a consistent snapshot.
//
// Expected failures are values, found without spoiling the caller's
// transaction: MariaDB undoes only the statement that hit a duplicate key,
// so an insert that may collide simply runs and its unique_violation is
// caught. Like every store, one instance is used by one thread at a time;
// server errors other than the expected ones surface as store::failure (or
// retryable_failure).

#include <memory>
#include <optional>
#include <string>

#include "store/mariadb/connection.hpp"
#include "store/store.hpp"

namespace natter::store::mariadb {

// What take_next_seq took.
struct seq_taken {
  bool found = false;
  seq_t seq = 0;
  std::int64_t message_count = 0;  // the conversation's, the new message included
};

class mariadb_store final : public store {
 public:
  // Takes a session whose schema is migrated (postgres_backend checks).
  explicit mariadb_store(std::unique_ptr<connection> session);
  ~mariadb_store() override;

  // The Store overrides (store/sql/store_overrides.hpp). Here a read's
  // snapshot is taken by the job's first query and held until end_read;
  // end_read does nothing when no read is open. ping never throws: a session
  // that cannot answer is simply not alive.
#include "store/sql/store_overrides.hpp"  // IWYU pragma: keep

 private:
  // The user's key backup and its entries (erase_keys_of: account deletion).
  void erase_key_backup_of(user_id u);
  // After a unique violation on users: which of the given email and username
  // belongs to a row other than `self`. Email wins when both do.
  std::optional<errc> taken_by_other(const std::optional<std::string>& email_lower,
                                     const std::optional<std::string>& username, user_id self);
  // The UPDATE of update_profile; nothing when there is no such user.
  std::optional<user_record> apply_profile_update(user_id id, const profile_update& update,
                                                  const std::optional<std::string>& email_lower);
  // The entry with this log row id, read as log_after reads it.
  log_entry log_entry_by_id(std::int64_t id);

  // Takes c's next seq (and, for a message, raises its message count), with
  // the row lock that serialises c's appenders until COMMIT; renames, sets
  // the topic or the avatar when given. Not found when c does not exist.
  seq_taken take_next_seq(conversation_id c, bool message, const std::optional<std::string>& rename_to,
                          const std::optional<std::string>& new_topic, const std::optional<std::string>& avatar);
  // The message's media: referenced by it, and used.
  void note_media_refs(const std::vector<attachment_record>& attachments, message_id id, conversation_id c);
  // One message of append_messages, after its conversation was locked.
  message_append append_one(const new_message& m);

  std::unique_ptr<connection> db_;
};

}  // namespace natter::store::mariadb
