// sqlite_store: the end-to-end encryption key directory (key_store.hpp).
// Statements are prepared per call: none is on the path of sends. Every
// write runs on the one writer connection, so a claim's DELETE ... RETURNING
// cannot interleave with another claim.

#include <SQLiteCpp/VariadicBind.h>

#include <string>

#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

constexpr const char* device_columns =
    "user_id, device_id, session_family, curve25519, ed25519, signature, display_name, created_at";

// Creates the owner's row (version 0) when it is missing, then raises the
// version; returns the new one.
std::int64_t raise_list_version(SQLite::Database& db, user_id u) {
  SQLite::Statement q(db,
                      "INSERT INTO e2ee_key_owners (user_id, signing_key, list_version, signed_version, "
                      "list_signature, signed_devices) VALUES (?1, '', 1, 0, '', '') "
                      "ON CONFLICT (user_id) DO UPDATE SET list_version = list_version + 1 RETURNING list_version");
  q.bind(1, u);
  const std::int64_t version = q.executeStep() ? q.getColumn(0).getInt64() : 0;
  finish_steps(q);
  return version;
}

}  // namespace

std::vector<device_record> sqlite_store::devices_of(user_id u, int limit) {
  return guarded("devices_of", [&] {
    SQLite::Statement q(db_, std::string("SELECT ") + device_columns +
                                 " FROM e2ee_devices WHERE user_id = ? ORDER BY device_id LIMIT ?");
    SQLite::bind(q, u, limit);
    std::vector<device_record> out;
    while (q.executeStep()) out.push_back(read_device(q));
    return out;
  });
}

std::optional<device_record> sqlite_store::device_of(user_id u, std::string_view device_id) {
  return guarded("device_of", [&] {
    SQLite::Statement q(
        db_, std::string("SELECT ") + device_columns + " FROM e2ee_devices WHERE user_id = ? AND device_id = ?");
    SQLite::bind(q, u, std::string(device_id));
    if (!q.executeStep()) return std::optional<device_record>();
    return std::optional<device_record>(read_device(q));
  });
}

std::int64_t sqlite_store::insert_device(const device_record& d) {
  return guarded("insert_device", [&] {
    SQLite::Statement q(
        db_, std::string("INSERT INTO e2ee_devices (") + device_columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::bind(q, d.user, d.device_id, d.session, d.curve25519, d.ed25519, d.signature, d.display_name, d.created_at);
    q.exec();
    return raise_list_version(db_, d.user);
  });
}

void sqlite_store::rename_device(user_id u, std::string_view device_id, std::string_view display_name) {
  guarded("rename_device", [&] {
    SQLite::Statement q(db_, "UPDATE e2ee_devices SET display_name = ? WHERE user_id = ? AND device_id = ?");
    SQLite::bind(q, std::string(display_name), u, std::string(device_id));
    q.exec();
  });
}

int sqlite_store::remove_devices_of_session(std::string_view family) {
  return guarded("remove_devices_of_session", [&] {
    SQLite::Statement owners(db_, "SELECT DISTINCT user_id FROM e2ee_devices WHERE session_family = ?");
    bind_text(owners, 1, family);
    std::vector<user_id> users;
    while (owners.executeStep()) users.push_back(owners.getColumn(0).getInt64());
    if (users.empty()) return 0;
    SQLite::Statement gone(db_, "DELETE FROM e2ee_devices WHERE session_family = ?");
    bind_text(gone, 1, family);
    const int removed = gone.exec();
    for (auto u : users) raise_list_version(db_, u);
    return removed;
  });
}

int sqlite_store::add_one_time_keys(user_id u, std::string_view device_id, std::span<const device_key_record> keys) {
  return guarded("add_one_time_keys", [&] {
    SQLite::Statement q(db_,
                        "INSERT INTO e2ee_one_time_keys (user_id, device_id, key_id, curve25519, signature) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    for (const auto& k : keys) {
      SQLite::bind(q, u, std::string(device_id), k.key_id, k.curve25519, k.signature);
      q.exec();
      q.reset();
    }
    return one_time_key_count(u, device_id);
  });
}

int sqlite_store::one_time_key_count(user_id u, std::string_view device_id) {
  return guarded("one_time_key_count", [&] {
    SQLite::Statement q(db_, "SELECT count(*) FROM e2ee_one_time_keys WHERE user_id = ? AND device_id = ?");
    SQLite::bind(q, u, std::string(device_id));
    return static_cast<int>(single_int(q));
  });
}

void sqlite_store::set_fallback_key(user_id u, std::string_view device_id, const device_key_record& key) {
  guarded("set_fallback_key", [&] {
    SQLite::Statement q(db_,
                        "UPDATE e2ee_devices SET fallback_key_id = ?, fallback_key = ?, fallback_signature = ? "
                        "WHERE user_id = ? AND device_id = ?");
    SQLite::bind(q, key.key_id, key.curve25519, key.signature, u, std::string(device_id));
    q.exec();
  });
}

std::optional<claimed_key_record> sqlite_store::claim_key(user_id u, std::string_view device_id) {
  return guarded("claim_key", [&] {
    SQLite::Statement take(db_,
                           "DELETE FROM e2ee_one_time_keys WHERE user_id = ?1 AND device_id = ?2 AND key_id = "
                           "(SELECT key_id FROM e2ee_one_time_keys WHERE user_id = ?1 AND device_id = ?2 "
                           "ORDER BY key_id LIMIT 1) RETURNING key_id, curve25519, signature");
    SQLite::bind(take, u, std::string(device_id));
    if (take.executeStep()) {
      claimed_key_record out{
          {take.getColumn(0).getString(), take.getColumn(1).getString(), take.getColumn(2).getString()}, false};
      finish_steps(take);
      return std::optional<claimed_key_record>(std::move(out));
    }
    SQLite::Statement fallback(db_,
                               "SELECT fallback_key_id, fallback_key, fallback_signature FROM e2ee_devices "
                               "WHERE user_id = ? AND device_id = ? AND fallback_key_id IS NOT NULL");
    SQLite::bind(fallback, u, std::string(device_id));
    if (!fallback.executeStep()) return std::optional<claimed_key_record>();
    return std::optional<claimed_key_record>(claimed_key_record{
        {fallback.getColumn(0).getString(), fallback.getColumn(1).getString(), fallback.getColumn(2).getString()},
        true});
  });
}

key_owner_record sqlite_store::key_owner(user_id u) {
  return guarded("key_owner", [&] {
    SQLite::Statement q(db_,
                        "SELECT signing_key, list_version, signed_version, list_signature, signed_devices "
                        "FROM e2ee_key_owners WHERE user_id = ?");
    q.bind(1, u);
    if (!q.executeStep()) return key_owner_record{};
    return key_owner_record{q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
                            q.getColumn(3).getString(), q.getColumn(4).getString()};
  });
}

std::int64_t sqlite_store::set_signing_key(user_id u, std::string_view ed25519) {
  return guarded("set_signing_key", [&] {
    const auto version = raise_list_version(db_, u);
    SQLite::Statement q(db_,
                        "UPDATE e2ee_key_owners SET signing_key = ?, signed_version = 0, list_signature = '', "
                        "signed_devices = '' WHERE user_id = ?");
    SQLite::bind(q, std::string(ed25519), u);
    q.exec();
    return version;
  });
}

bool sqlite_store::sign_device_list(user_id u, std::int64_t version, std::string_view signature,
                                    std::string_view devices) {
  return guarded("sign_device_list", [&] {
    SQLite::Statement q(db_,
                        "UPDATE e2ee_key_owners SET signed_version = list_version, list_signature = ?, "
                        "signed_devices = ? WHERE user_id = ? AND list_version = ?");
    SQLite::bind(q, std::string(signature), std::string(devices), u, version);
    return q.exec() > 0;
  });
}

void sqlite_store::erase_keys_of(user_id u) {
  guarded("erase_keys_of", [&] {
    SQLite::Statement devices(db_, "DELETE FROM e2ee_devices WHERE user_id = ?");
    devices.bind(1, u);
    devices.exec();
    SQLite::Statement owner(db_, "DELETE FROM e2ee_key_owners WHERE user_id = ?");
    owner.bind(1, u);
    owner.exec();
  });
  erase_key_backup_of(u);
}

}  // namespace natter::store::sqlite
