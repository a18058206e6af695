#pragma once
// Key backup for end-to-end encryption (docs/protocol.md, "End-to-end
// encryption: key backup"): a user's group session keys, sealed by their
// client under a key derived from a recovery passphrase, kept by the server
// so that a new device of the user can read old history. The server stores
// auth_data and each entry's data as the client gave them and reads neither.
//
// A user has at most one current backup version; a new one replaces it and
// its entries. Every request acts on the caller's own backup: no one else's
// can be named.

#include <boost/asio/awaitable.hpp>
#include <cstdint>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/rate_limiter.hpp"
#include "core/views.hpp"
#include "protocol/frames.hpp"
#include "store/database.hpp"

namespace natter::core {

struct key_backup_limits {
  int max_entries_per_put = 100;                            // entries in one keys.backup.put
  std::size_t max_entry_chars = std::size_t{8} * 1024;      // an entry's data (base64)
  std::size_t max_auth_data_chars = std::size_t{4} * 1024;  // auth_data as compact JSON
  std::int64_t max_entries = 100'000;                       // per backup; over: LIMIT_REACHED, nothing stored
  int max_page = 500;                                       // keys.backup.get's limit, at most
  rate_limit puts{200, 200};                                // keys.backup.put per user: 200 at once, then 200 a minute
  rate_limit changes{10, 10.0 / 60};                        // create and delete per user: 10 at once, then 10 an hour
};

class e2ee_backup {
 public:
  e2ee_backup(store::database& db, const clock& clock, key_backup_limits limits = {});

  // A new current version (audited). Errors: validation_failed (auth_data
  // too long), rate_limited.
  boost::asio::awaitable<result<protocol::keys_backup_create_reply>> create(caller who,
                                                                            protocol::keys_backup_create_request r);
  // The current version. Errors: not_found (none).
  boost::asio::awaitable<result<protocol::keys_backup_info_reply>> info(caller who);
  // Deletes r.version with its entries (audited). Errors: not_found (no
  // backup), backup_version_mismatch (another version is current),
  // rate_limited.
  boost::asio::awaitable<status> remove(caller who, protocol::keys_backup_delete_request r);
  // Stores entries, last write wins per session_id. Errors: validation_failed
  // (field named), not_found, backup_version_mismatch, limit_reached (the
  // backup would pass max_entries), rate_limited.
  boost::asio::awaitable<result<protocol::keys_backup_put_reply>> put(caller who, protocol::keys_backup_put_request r);
  // A page of r.version's entries after r.after, bounded by r.limit and by
  // the reply's size. Errors: validation_failed (limit, after), not_found,
  // backup_version_mismatch.
  boost::asio::awaitable<result<protocol::keys_backup_get_reply>> get(caller who, protocol::keys_backup_get_request r);

 private:
  store::database& db_;
  const clock& clock_;
  key_backup_limits limits_;
  rate_limiter puts_;
  rate_limiter changes_;
};

}  // namespace natter::core
