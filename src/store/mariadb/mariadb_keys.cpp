// mariadb_store: the end-to-end encryption key directory (key_store.hpp).
// Nodes share the database, so a claim must never hand a key out twice: the
// key is picked FOR UPDATE SKIP LOCKED and deleted in the same transaction,
// so two concurrent claims take two keys. When every key left is locked by
// claims not yet committed, the claim waits for one of them (a plain FOR
// UPDATE) and tries again, so that it does not fall back to the fallback key
// while keys may be left.

#include <algorithm>
#include <string>

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

const std::string device_columns =
    "user_id, device_id, session_family, curve25519, ed25519, signature, display_name, created_at";

const statement devices_of_sql{"e2ee_devices_of", "SELECT " + device_columns +
                                                      " FROM e2ee_devices WHERE user_id = ? "
                                                      "ORDER BY device_id LIMIT ?"};
const statement device_of_sql{"e2ee_device_of",
                              "SELECT " + device_columns + " FROM e2ee_devices WHERE user_id = ? AND device_id = ?"};
const statement insert_device_sql{"e2ee_insert_device",
                                  "INSERT INTO e2ee_devices (" + device_columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"};
const statement raise_version_sql{
    "e2ee_raise_version",
    "INSERT INTO e2ee_key_owners (user_id, signing_key, list_version, signed_version, list_signature, "
    "signed_devices) VALUES (?, '', 1, 0, '', '') ON DUPLICATE KEY UPDATE list_version = list_version + 1"};
const statement list_version_sql{"e2ee_list_version", "SELECT list_version FROM e2ee_key_owners WHERE user_id = ?"};
const statement rename_device_sql{"e2ee_rename_device",
                                  "UPDATE e2ee_devices SET display_name = ? WHERE user_id = ? AND device_id = ?"};
const statement devices_of_session_sql{"e2ee_devices_of_session",
                                       "SELECT user_id FROM e2ee_devices WHERE session_family = ? FOR UPDATE"};
const statement remove_devices_sql{"e2ee_remove_devices", "DELETE FROM e2ee_devices WHERE session_family = ?"};
const statement add_key_sql{"e2ee_add_key",
                            "INSERT INTO e2ee_one_time_keys (user_id, device_id, key_id, curve25519, signature) "
                            "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE key_id = key_id"};
const statement key_count_sql{"e2ee_key_count",
                              "SELECT COUNT(*) FROM e2ee_one_time_keys WHERE user_id = ? AND device_id = ?"};
const statement set_fallback_sql{
    "e2ee_set_fallback",
    "UPDATE e2ee_devices SET fallback_key_id = ?, fallback_key = ?, fallback_signature = ? "
    "WHERE user_id = ? AND device_id = ?"};
const statement pick_key_sql{"e2ee_pick_key",
                             "SELECT key_id, curve25519, signature FROM e2ee_one_time_keys WHERE user_id = ? "
                             "AND device_id = ? ORDER BY key_id LIMIT 1 FOR UPDATE SKIP LOCKED"};
const statement delete_key_sql{"e2ee_delete_key",
                               "DELETE FROM e2ee_one_time_keys WHERE user_id = ? AND device_id = ? AND key_id = ?"};
const statement wait_for_key_sql{"e2ee_wait_for_key",
                                 "SELECT key_id FROM e2ee_one_time_keys WHERE user_id = ? AND device_id = ? "
                                 "LIMIT 1 FOR UPDATE"};
const statement fallback_sql{"e2ee_fallback",
                             "SELECT fallback_key_id, fallback_key, fallback_signature FROM e2ee_devices "
                             "WHERE user_id = ? AND device_id = ? AND fallback_key_id IS NOT NULL"};
const statement key_owner_sql{"e2ee_key_owner",
                              "SELECT signing_key, list_version, signed_version, list_signature, signed_devices "
                              "FROM e2ee_key_owners WHERE user_id = ?"};
const statement set_signing_key_sql{"e2ee_set_signing_key",
                                    "UPDATE e2ee_key_owners SET signing_key = ?, signed_version = 0, "
                                    "list_signature = '', signed_devices = '' WHERE user_id = ?"};
const statement sign_list_sql{"e2ee_sign_list",
                              "UPDATE e2ee_key_owners SET signed_version = list_version, list_signature = ?, "
                              "signed_devices = ? WHERE user_id = ? AND list_version = ?"};
const statement erase_devices_sql{"e2ee_erase_devices", "DELETE FROM e2ee_devices WHERE user_id = ?"};
const statement erase_owner_sql{"e2ee_erase_owner", "DELETE FROM e2ee_key_owners WHERE user_id = ?"};

// Raises u's device list version (making the owner row if need be) and
// returns it; the row stays locked until the transaction ends.
std::int64_t raise_version(connection& db, user_id u) {
  db.exec(raise_version_sql, u);
  return int_at(db.exec(list_version_sql, u)[0], 0);
}

}  // namespace

std::vector<device_record> mariadb_store::devices_of(user_id u, int limit) {
  if (limit <= 0) return {};
  std::vector<device_record> out;
  for (const rows::row& r : db_->exec(devices_of_sql, u, limit)) out.push_back(read_device(r));
  return out;
}

std::optional<device_record> mariadb_store::device_of(user_id u, std::string_view device_id) {
  const rows r = db_->exec(device_of_sql, u, device_id);
  if (r.empty()) return std::nullopt;
  return read_device(r[0]);
}

std::int64_t mariadb_store::insert_device(const device_record& d) {
  db_->exec(insert_device_sql, d.user, d.device_id, d.session, d.curve25519, d.ed25519, d.signature, d.display_name,
            d.created_at);
  return raise_version(*db_, d.user);
}

void mariadb_store::rename_device(user_id u, std::string_view device_id, std::string_view display_name) {
  db_->exec(rename_device_sql, display_name, u, device_id);
}

int mariadb_store::remove_devices_of_session(std::string_view family) {
  std::vector<user_id> users;
  for (const rows::row& r : db_->exec(devices_of_session_sql, family)) users.push_back(int_at(r, 0));
  if (users.empty()) return 0;
  const auto gone = db_->exec(remove_devices_sql, family).affected_rows;
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  for (auto u : users) raise_version(*db_, u);
  return static_cast<int>(gone);
}

int mariadb_store::add_one_time_keys(user_id u, std::string_view device_id, std::span<const device_key_record> keys) {
  for (const auto& k : keys) db_->exec(add_key_sql, u, device_id, k.key_id, k.curve25519, k.signature);
  return one_time_key_count(u, device_id);
}

int mariadb_store::one_time_key_count(user_id u, std::string_view device_id) {
  return static_cast<int>(int_at(db_->exec(key_count_sql, u, device_id)[0], 0));
}

void mariadb_store::set_fallback_key(user_id u, std::string_view device_id, const device_key_record& key) {
  db_->exec(set_fallback_sql, key.key_id, key.curve25519, key.signature, u, device_id);
}

std::optional<claimed_key_record> mariadb_store::claim_key(user_id u, std::string_view device_id) {
  constexpr int max_waits = 8;
  for (int attempt = 0; attempt <= max_waits; ++attempt) {
    const rows picked = db_->exec(pick_key_sql, u, device_id);
    if (!picked.empty()) {
      const auto& r = picked[0];
      db_->exec(delete_key_sql, u, device_id, text_at(r, 0));
      return claimed_key_record{{text_at(r, 0), text_at(r, 1), text_at(r, 2)}, false};
    }
    // Nothing unlocked: wait for a locked key's claim to end; none at all
    // (or the one waited for was taken and no other is left): fall back.
    if (db_->exec(wait_for_key_sql, u, device_id).empty() && one_time_key_count(u, device_id) == 0) break;
  }
  const rows fallback = db_->exec(fallback_sql, u, device_id);
  if (fallback.empty()) return std::nullopt;
  const auto& r = fallback[0];
  return claimed_key_record{{text_at(r, 0), text_at(r, 1), text_at(r, 2)}, true};
}

key_owner_record mariadb_store::key_owner(user_id u) {
  const rows r = db_->exec(key_owner_sql, u);
  if (r.empty()) return key_owner_record{};
  const auto& row = r[0];
  return key_owner_record{text_at(row, 0), int_at(row, 1), int_at(row, 2), text_at(row, 3), text_at(row, 4)};
}

std::int64_t mariadb_store::set_signing_key(user_id u, std::string_view ed25519) {
  const auto version = raise_version(*db_, u);
  db_->exec(set_signing_key_sql, ed25519, u);
  return version;
}

bool mariadb_store::sign_device_list(user_id u, std::int64_t version, std::string_view signature,
                                     std::string_view devices) {
  return db_->exec(sign_list_sql, signature, devices, u, version).affected_rows > 0;
}

void mariadb_store::erase_keys_of(user_id u) {
  db_->exec(erase_devices_sql, u);
  db_->exec(erase_owner_sql, u);
  erase_key_backup_of(u);
}

}  // namespace natter::store::mariadb
