// sqlite_store: key backup (key_store.hpp, migration 23). Every write is on
// the one writer, so a put's version check, its count against the cap and
// its inserts cannot interleave with a create or another put.

#include <SQLiteCpp/VariadicBind.h>

#include <optional>
#include <string>

#include "store/sql/key_backup_puts.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {

std::optional<key_backup_record> sqlite_store::key_backup_of(user_id u) {
  return guarded("key_backup_of", [&] {
    SQLite::Statement q(db_,
                        "SELECT version, auth_data, entry_count, etag, created_at FROM e2ee_backups "
                        "WHERE user_id = ? AND auth_data IS NOT NULL");
    q.bind(1, u);
    if (!q.executeStep()) return std::optional<key_backup_record>();
    return std::optional<key_backup_record>(key_backup_record{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                                                              q.getColumn(2).getInt64(), q.getColumn(3).getInt64(),
                                                              q.getColumn(4).getInt64()});
  });
}

std::int64_t sqlite_store::create_key_backup(user_id u, std::string_view auth_data, unix_ms now) {
  return guarded("create_key_backup", [&] {
    SQLite::Statement q(db_,
                        "INSERT INTO e2ee_backups AS b (user_id, version, auth_data, entry_count, etag, created_at) "
                        "VALUES (?1, 1, ?2, 0, 1, ?3) ON CONFLICT (user_id) DO UPDATE SET version = b.version + 1, "
                        "auth_data = ?2, entry_count = 0, etag = b.etag + 1, created_at = ?3 RETURNING version");
    SQLite::bind(q, u, std::string(auth_data), now);
    const std::int64_t version = single_int(q);
    q.reset();
    SQLite::Statement old(db_, "DELETE FROM e2ee_backup_keys WHERE user_id = ? AND version <> ?");
    SQLite::bind(old, u, version);
    old.exec();
    return version;
  });
}

bool sqlite_store::delete_key_backup(user_id u, std::int64_t version) {
  return guarded("delete_key_backup", [&] {
    SQLite::Statement q(db_,
                        "UPDATE e2ee_backups SET auth_data = NULL, entry_count = 0, etag = etag + 1 "
                        "WHERE user_id = ? AND version = ? AND auth_data IS NOT NULL");
    SQLite::bind(q, u, version);
    if (q.exec() == 0) return false;
    SQLite::Statement entries(db_, "DELETE FROM e2ee_backup_keys WHERE user_id = ?");
    entries.bind(1, u);
    entries.exec();
    return true;
  });
}

key_backup_stored sqlite_store::put_key_backup_entries(user_id u, std::int64_t version,
                                                       std::span<const key_backup_entry_record> entries,
                                                       std::int64_t max_entries) {
  return guarded("put_key_backup_entries", [&] {
    SQLite::Statement row(db_,
                          "SELECT version, entry_count, etag FROM e2ee_backups "
                          "WHERE user_id = ? AND auth_data IS NOT NULL");
    row.bind(1, u);
    std::optional<key_backup_stored> current;
    if (row.executeStep()) {
      current = key_backup_stored{key_backup_outcome::stored, row.getColumn(0).getInt64(), row.getColumn(1).getInt64(),
                                  row.getColumn(2).getInt64()};
    }
    SQLite::Statement held(db_, "SELECT 1 FROM e2ee_backup_keys WHERE user_id = ? AND session_id = ?");
    SQLite::Statement put(db_,
                          "INSERT INTO e2ee_backup_keys (user_id, version, session_id, data) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT (user_id, session_id) DO UPDATE SET version = excluded.version, "
                          "data = excluded.data");
    SQLite::Statement counted(db_,
                              "UPDATE e2ee_backups SET entry_count = entry_count + ?, etag = etag + 1 "
                              "WHERE user_id = ? RETURNING etag");
    return sql::put_backup_entries(
        current, version, entries, max_entries,
        [&](std::string_view id) {
          held.reset();
          held.bind(1, u);
          held.bind(2, std::string(id));
          return held.executeStep();
        },
        [&](const key_backup_entry_record& e) {
          put.reset();
          SQLite::bind(put, u, version, e.session_id, e.data);
          put.exec();
        },
        [&](std::int64_t added) {
          SQLite::bind(counted, added, u);
          return single_int(counted);
        });
  });
}

std::vector<key_backup_entry_record> sqlite_store::key_backup_entries_after(user_id u, std::int64_t version,
                                                                            std::string_view after, int limit) {
  return guarded("key_backup_entries_after", [&] {
    SQLite::Statement q(db_,
                        "SELECT k.session_id, k.data FROM e2ee_backup_keys k JOIN e2ee_backups b "
                        "ON b.user_id = k.user_id AND b.version = k.version AND b.auth_data IS NOT NULL "
                        "WHERE k.user_id = ? AND k.version = ? AND k.session_id > ? ORDER BY k.session_id LIMIT ?");
    SQLite::bind(q, u, version, std::string(after), limit);
    std::vector<key_backup_entry_record> out;
    while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
    return out;
  });
}

void sqlite_store::erase_key_backup_of(user_id u) {
  guarded("erase_key_backup_of", [&] {
    SQLite::Statement entries(db_, "DELETE FROM e2ee_backup_keys WHERE user_id = ?");
    entries.bind(1, u);
    entries.exec();
    SQLite::Statement backup(db_, "DELETE FROM e2ee_backups WHERE user_id = ?");
    backup.bind(1, u);
    backup.exec();
  });
}

}  // namespace natter::store::sqlite
