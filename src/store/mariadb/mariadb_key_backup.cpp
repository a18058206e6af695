// mariadb_store: key backup (key_store.hpp, migration 23). Nodes share the
// database: a put locks the user's backup row (FOR UPDATE) before it checks
// the version and counts against the cap, so a create or another put on
// another node waits for it and cannot slip entries past either check.

#include <optional>
#include <string>

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"
#include "store/sql/key_backup_puts.hpp"

namespace natter::store::mariadb {
namespace {

const statement backup_of_sql{"e2ee_backup_of",
                              "SELECT version, auth_data, entry_count, etag, created_at FROM e2ee_backups "
                              "WHERE user_id = ? AND auth_data IS NOT NULL"};
const statement create_backup_sql{
    "e2ee_backup_create",
    "INSERT INTO e2ee_backups (user_id, version, auth_data, entry_count, etag, created_at) "
    "VALUES (?, 1, ?, 0, 1, ?) ON DUPLICATE KEY UPDATE version = version + 1, "
    "auth_data = VALUES(auth_data), entry_count = 0, etag = etag + 1, created_at = VALUES(created_at)"};
const statement backup_version_sql{"e2ee_backup_version", "SELECT version FROM e2ee_backups WHERE user_id = ?"};
const statement drop_old_entries_sql{"e2ee_backup_drop_old",
                                     "DELETE FROM e2ee_backup_keys WHERE user_id = ? AND version <> ?"};
const statement delete_backup_sql{"e2ee_backup_delete",
                                  "UPDATE e2ee_backups SET auth_data = NULL, entry_count = 0, etag = etag + 1 "
                                  "WHERE user_id = ? AND version = ? AND auth_data IS NOT NULL"};
const statement drop_entries_sql{"e2ee_backup_drop_entries", "DELETE FROM e2ee_backup_keys WHERE user_id = ?"};
const statement lock_backup_sql{"e2ee_backup_lock",
                                "SELECT version, entry_count, etag FROM e2ee_backups "
                                "WHERE user_id = ? AND auth_data IS NOT NULL FOR UPDATE"};
const statement entry_held_sql{"e2ee_backup_held",
                               "SELECT 1 FROM e2ee_backup_keys WHERE user_id = ? AND session_id = ?"};
const statement put_entry_sql{"e2ee_backup_put",
                              "INSERT INTO e2ee_backup_keys (user_id, version, session_id, data) VALUES (?, ?, ?, ?) "
                              "ON DUPLICATE KEY UPDATE version = VALUES(version), data = VALUES(data)"};
const statement count_entries_sql{"e2ee_backup_count",
                                  "UPDATE e2ee_backups SET entry_count = entry_count + ?, etag = etag + 1 "
                                  "WHERE user_id = ?"};
const statement etag_sql{"e2ee_backup_etag", "SELECT etag FROM e2ee_backups WHERE user_id = ?"};
const statement entries_after_sql{
    "e2ee_backup_entries_after",
    "SELECT k.session_id, k.data FROM e2ee_backup_keys k JOIN e2ee_backups b "
    "ON b.user_id = k.user_id AND b.version = k.version AND b.auth_data IS NOT NULL "
    "WHERE k.user_id = ? AND k.version = ? AND k.session_id > ? ORDER BY k.session_id LIMIT ?"};
const statement erase_backup_sql{"e2ee_backup_erase", "DELETE FROM e2ee_backups WHERE user_id = ?"};

}  // namespace

std::optional<key_backup_record> mariadb_store::key_backup_of(user_id u) {
  const rows r = db_->exec(backup_of_sql, u);
  if (r.empty()) return std::nullopt;
  const auto& row = r[0];
  return key_backup_record{int_at(row, 0), text_at(row, 1), int_at(row, 2), int_at(row, 3), int_at(row, 4)};
}

std::int64_t mariadb_store::create_key_backup(user_id u, std::string_view auth_data, unix_ms now) {
  db_->exec(create_backup_sql, u, auth_data, now);
  const std::int64_t version = int_at(db_->exec(backup_version_sql, u)[0], 0);
  db_->exec(drop_old_entries_sql, u, version);
  return version;
}

bool mariadb_store::delete_key_backup(user_id u, std::int64_t version) {
  if (db_->exec(delete_backup_sql, u, version).affected_rows == 0) return false;
  db_->exec(drop_entries_sql, u);
  return true;
}

key_backup_stored mariadb_store::put_key_backup_entries(user_id u, std::int64_t version,
                                                        std::span<const key_backup_entry_record> entries,
                                                        std::int64_t max_entries) {
  const rows row = db_->exec(lock_backup_sql, u);
  std::optional<key_backup_stored> current;
  if (!row.empty()) {
    current = key_backup_stored{key_backup_outcome::stored, int_at(row[0], 0), int_at(row[0], 1), int_at(row[0], 2)};
  }
  return sql::put_backup_entries(
      current, version, entries, max_entries,
      [&](std::string_view id) { return !db_->exec(entry_held_sql, u, id).empty(); },
      [&](const key_backup_entry_record& e) { db_->exec(put_entry_sql, u, version, e.session_id, e.data); },
      [&](std::int64_t added) {
        db_->exec(count_entries_sql, added, u);
        return int_at(db_->exec(etag_sql, u)[0], 0);
      });
}

std::vector<key_backup_entry_record> mariadb_store::key_backup_entries_after(user_id u, std::int64_t version,
                                                                             std::string_view after, int limit) {
  std::vector<key_backup_entry_record> out;
  if (limit <= 0) return out;
  for (const rows::row& r : db_->exec(entries_after_sql, u, version, after, limit)) {
    out.push_back({text_at(r, 0), text_at(r, 1)});
  }
  return out;
}

void mariadb_store::erase_key_backup_of(user_id u) {
  db_->exec(drop_entries_sql, u);
  db_->exec(erase_backup_sql, u);
}

}  // namespace natter::store::mariadb
