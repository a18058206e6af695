#pragma once
// store over one PostgreSQL session (connection.hpp: opened lazily, opened
// again after it broke, statements prepared once per session).
//
// The writer's transactions are READ COMMITTED: append takes the next seq with
// UPDATE conversations SET last_seq = last_seq + 1 ... RETURNING, whose row
// lock makes every other writer of that conversation, on any node, wait until
// this transaction ends and then read the seq it left. A rollback hands the
// seq back with everything else, so seqs stay gapless. Readers run each job in
// one REPEATABLE READ READ ONLY transaction (one snapshot).
//
// Expected failures are values, found without spoiling the caller's
// transaction: inserts that may collide use ON CONFLICT DO NOTHING; a profile
// update that collides runs in a savepoint of its own. Like every store, one
// instance is used by one thread at a time; server errors other than the
// expected ones surface as store::failure (or retryable_failure).

#include <memory>
#include <optional>
#include <string>

#include "store/postgres/connection.hpp"
#include "store/store.hpp"

namespace natter::store::postgres {

class postgres_store final : public store {
 public:
  // Takes a session whose schema is migrated (postgres_backend checks).
  explicit postgres_store(std::unique_ptr<connection> session);
  ~postgres_store() override;

  // The Store overrides (store/sql/store_overrides.hpp). Here a read's
  // snapshot is taken by the job's first query and held until end_read;
  // end_read does nothing when no read is open. ping is SELECT 1 and never
  // throws: a session that cannot answer is simply not alive.
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

  // One round of append_messages: the messages at these indexes (no two with
  // the same sender and client_msg_id), their results into out.
  void append_round(std::span<const new_message> messages, std::span<const std::size_t> round,
                    std::vector<message_append>& out);

  std::unique_ptr<connection> db_;
};

}  // namespace natter::store::postgres
