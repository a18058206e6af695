// postgres_store: the end-to-end encryption key directory (key_store.hpp).
// Nodes share the database, so a claim must be one statement that cannot
// hand a key out twice: the key is picked FOR UPDATE SKIP LOCKED and deleted
// by the same DELETE ... RETURNING, so two concurrent claims take two keys.
// When every key left is locked by claims not yet committed, the claim waits
// for one of them (a plain FOR UPDATE) and tries again, so that it does not
// fall back to the fallback key while keys may be left.

#include <algorithm>
#include <string>

#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

const std::string device_columns =
    "user_id, device_id, session_family, curve25519, ed25519, signature, display_name, created_at";

const statement devices_of_sql{"e2ee_devices_of", "SELECT " + device_columns +
                                                      " FROM e2ee_devices WHERE user_id = $1 "
                                                      "ORDER BY device_id COLLATE \"C\" LIMIT $2"};
const statement device_of_sql{"e2ee_device_of",
                              "SELECT " + device_columns + " FROM e2ee_devices WHERE user_id = $1 AND device_id = $2"};
const statement insert_device_sql{
    "e2ee_insert_device", "INSERT INTO e2ee_devices (" + device_columns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
const statement raise_version_sql{
    "e2ee_raise_version",
    "INSERT INTO e2ee_key_owners AS o (user_id, signing_key, list_version, signed_version, list_signature, "
    "signed_devices) VALUES ($1, '', 1, 0, '', '') "
    "ON CONFLICT (user_id) DO UPDATE SET list_version = o.list_version + 1 RETURNING list_version"};
const statement rename_device_sql{"e2ee_rename_device",
                                  "UPDATE e2ee_devices SET display_name = $3 WHERE user_id = $1 AND device_id = $2"};
const statement remove_devices_sql{"e2ee_remove_devices",
                                   "DELETE FROM e2ee_devices WHERE session_family = $1 RETURNING user_id"};
const statement add_key_sql{"e2ee_add_key",
                            "INSERT INTO e2ee_one_time_keys (user_id, device_id, key_id, curve25519, signature) "
                            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"};
const statement key_count_sql{"e2ee_key_count",
                              "SELECT count(*) FROM e2ee_one_time_keys WHERE user_id = $1 AND device_id = $2"};
const statement set_fallback_sql{
    "e2ee_set_fallback",
    "UPDATE e2ee_devices SET fallback_key_id = $3, fallback_key = $4, fallback_signature = $5 "
    "WHERE user_id = $1 AND device_id = $2"};
const statement claim_key_sql{
    "e2ee_claim_key",
    "DELETE FROM e2ee_one_time_keys WHERE (user_id, device_id, key_id) = "
    "(SELECT user_id, device_id, key_id FROM e2ee_one_time_keys WHERE user_id = $1 AND device_id = $2 "
    "ORDER BY key_id COLLATE \"C\" LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING key_id, curve25519, signature"};
const statement wait_for_key_sql{"e2ee_wait_for_key",
                                 "SELECT key_id FROM e2ee_one_time_keys WHERE user_id = $1 AND device_id = $2 "
                                 "LIMIT 1 FOR UPDATE"};
const statement fallback_sql{"e2ee_fallback",
                             "SELECT fallback_key_id, fallback_key, fallback_signature FROM e2ee_devices "
                             "WHERE user_id = $1 AND device_id = $2 AND fallback_key_id IS NOT NULL"};
const statement key_owner_sql{"e2ee_key_owner",
                              "SELECT signing_key, list_version, signed_version, list_signature, signed_devices "
                              "FROM e2ee_key_owners WHERE user_id = $1"};
const statement set_signing_key_sql{"e2ee_set_signing_key",
                                    "UPDATE e2ee_key_owners SET signing_key = $2, signed_version = 0, "
                                    "list_signature = '', signed_devices = '' WHERE user_id = $1"};
const statement sign_list_sql{"e2ee_sign_list",
                              "UPDATE e2ee_key_owners SET signed_version = list_version, list_signature = $3, "
                              "signed_devices = $4 WHERE user_id = $1 AND list_version = $2"};
const statement erase_devices_sql{"e2ee_erase_devices", "DELETE FROM e2ee_devices WHERE user_id = $1"};
const statement erase_owner_sql{"e2ee_erase_owner", "DELETE FROM e2ee_key_owners WHERE user_id = $1"};

}  // namespace

std::vector<device_record> postgres_store::devices_of(user_id u, int limit) {
  return guarded("devices_of", [&] {
    std::vector<device_record> out;
    for (const pqxx::row& r : db_->exec(devices_of_sql, u, limit)) out.push_back(read_device(r));
    return out;
  });
}

std::optional<device_record> postgres_store::device_of(user_id u, std::string_view device_id) {
  return guarded("device_of", [&] {
    const pqxx::result r = db_->exec(device_of_sql, u, device_id);
    if (r.empty()) return std::optional<device_record>();
    return std::optional<device_record>(read_device(r[0]));
  });
}

std::int64_t postgres_store::insert_device(const device_record& d) {
  return guarded("insert_device", [&] {
    db_->exec(insert_device_sql, d.user, d.device_id, d.session, d.curve25519, d.ed25519, d.signature, d.display_name,
              d.created_at);
    return int_at(db_->exec(raise_version_sql, d.user)[0], 0);
  });
}

void postgres_store::rename_device(user_id u, std::string_view device_id, std::string_view display_name) {
  guarded("rename_device", [&] { db_->exec(rename_device_sql, u, device_id, display_name); });
}

int postgres_store::remove_devices_of_session(std::string_view family) {
  return guarded("remove_devices_of_session", [&] {
    const pqxx::result gone = db_->exec(remove_devices_sql, family);
    std::vector<user_id> users;
    for (const pqxx::row& r : gone) users.push_back(int_at(r, 0));
    std::sort(users.begin(), users.end());
    users.erase(std::unique(users.begin(), users.end()), users.end());
    for (auto u : users) db_->exec(raise_version_sql, u);
    return static_cast<int>(gone.size());
  });
}

int postgres_store::add_one_time_keys(user_id u, std::string_view device_id, std::span<const device_key_record> keys) {
  return guarded("add_one_time_keys", [&] {
    for (const auto& k : keys) db_->exec(add_key_sql, u, device_id, k.key_id, k.curve25519, k.signature);
    return static_cast<int>(int_at(db_->exec(key_count_sql, u, device_id)[0], 0));
  });
}

int postgres_store::one_time_key_count(user_id u, std::string_view device_id) {
  return guarded("one_time_key_count",
                 [&] { return static_cast<int>(int_at(db_->exec(key_count_sql, u, device_id)[0], 0)); });
}

void postgres_store::set_fallback_key(user_id u, std::string_view device_id, const device_key_record& key) {
  guarded("set_fallback_key",
          [&] { db_->exec(set_fallback_sql, u, device_id, key.key_id, key.curve25519, key.signature); });
}

std::optional<claimed_key_record> postgres_store::claim_key(user_id u, std::string_view device_id) {
  return guarded("claim_key", [&] {
    constexpr int max_waits = 8;
    for (int attempt = 0; attempt <= max_waits; ++attempt) {
      const pqxx::result taken = db_->exec(claim_key_sql, u, device_id);
      if (!taken.empty()) {
        const auto& r = taken[0];
        return std::optional<claimed_key_record>(
            claimed_key_record{{text_at(r, 0), text_at(r, 1), text_at(r, 2)}, false});
      }
      // Nothing unlocked: wait for a locked key's claim to end; none at all
      // (or the one waited for was taken and no other is left): fall back.
      if (db_->exec(wait_for_key_sql, u, device_id).empty() &&
          int_at(db_->exec(key_count_sql, u, device_id)[0], 0) == 0) {
        break;
      }
    }
    const pqxx::result fallback = db_->exec(fallback_sql, u, device_id);
    if (fallback.empty()) return std::optional<claimed_key_record>();
    const auto& r = fallback[0];
    return std::optional<claimed_key_record>(claimed_key_record{{text_at(r, 0), text_at(r, 1), text_at(r, 2)}, true});
  });
}

key_owner_record postgres_store::key_owner(user_id u) {
  return guarded("key_owner", [&] {
    const pqxx::result r = db_->exec(key_owner_sql, u);
    if (r.empty()) return key_owner_record{};
    const auto& row = r[0];
    return key_owner_record{text_at(row, 0), int_at(row, 1), int_at(row, 2), text_at(row, 3), text_at(row, 4)};
  });
}

std::int64_t postgres_store::set_signing_key(user_id u, std::string_view ed25519) {
  return guarded("set_signing_key", [&] {
    const auto version = int_at(db_->exec(raise_version_sql, u)[0], 0);
    db_->exec(set_signing_key_sql, u, ed25519);
    return version;
  });
}

bool postgres_store::sign_device_list(user_id u, std::int64_t version, std::string_view signature,
                                      std::string_view devices) {
  return guarded("sign_device_list",
                 [&] { return db_->exec(sign_list_sql, u, version, signature, devices).affected_rows() > 0; });
}

void postgres_store::erase_keys_of(user_id u) {
  guarded("erase_keys_of", [&] {
    db_->exec(erase_devices_sql, u);
    db_->exec(erase_owner_sql, u);
  });
  erase_key_backup_of(u);
}

}  // namespace natter::store::postgres
