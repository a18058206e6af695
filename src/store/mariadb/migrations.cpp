#include "store/mariadb/migrations.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <cstdint>

#include "store/mariadb/schema.hpp"

namespace natter::store::mariadb {
namespace {

constexpr std::array migrations{
    migration{20, "schema as of migration 20 (end-to-end encryption keys)", &schema_v20},
    migration{21, "device-to-device messages", &schema_v21},
    migration{22, "end-to-end encrypted conversations", &schema_v22},
    migration{23, "key backup", &schema_v23},
    migration{24, "device message ids never reused", &schema_v24},
};

constexpr bool numbered_without_gaps() {
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version != migrations[i - 1].version + 1) return false;
  }
  return true;
}
static_assert(numbered_without_gaps(), "migration versions must follow each other without gaps");

const std::string create_version_table =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, "
    "name varchar(255) NOT NULL, applied_at bigint NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
    "COLLATE=utf8mb4_bin";

const statement take_lock{"take_migration_lock", "SELECT GET_LOCK(CONCAT('natter.migrate.', DATABASE()), ?)"};
const statement release_lock{"release_migration_lock", "SELECT RELEASE_LOCK(CONCAT('natter.migrate.', DATABASE()))"};
const statement record_version{"record_migration",
                               "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"};

std::int64_t now_ms() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
}

// Applies what list has beyond the database's version; the caller holds the lock.
int apply_pending(connection& c, std::span<const migration> list) {
  const int newest_known = list.empty() ? 0 : list.back().version;
  const int found = schema_version(c);
  if (found > newest_known) {
    throw failure("mariadb: database schema version " + std::to_string(found) + " is newer than this build supports (" +
                  std::to_string(newest_known) + ")");
  }
  int applied = 0;
  for (const migration& m : list) {
    if (m.version <= found) continue;
    try {
      for (const std::string& sql : m.statements()) c.exec_unprepared(sql);
      c.exec(record_version, m.version, m.name, now_ms());
    } catch (const failure& e) {
      throw failure("mariadb: migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                    ") failed: " + e.what());
    }
    ++applied;
  }
  return applied;
}

}  // namespace

std::span<const migration> all_migrations() noexcept {
  return migrations;
}

int schema_version(connection& c) {
  const rows table = c.exec_unprepared(
      "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
      "AND table_name = 'schema_migrations'");
  if (table[0].int_at(0) == 0) return 0;
  const rows newest = c.exec_unprepared("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return static_cast<int>(newest[0].int_at(0));
}

int apply_migrations(connection& c, std::span<const migration> list, int lock_timeout_seconds) {
  const rows locked = c.exec(take_lock, lock_timeout_seconds);
  if (locked[0].is_null(0) || locked[0].int_at(0) != 1) {
    throw failure("mariadb: another node held the migration lock for more than " +
                  std::to_string(lock_timeout_seconds) + " s");
  }
  int applied = 0;
  try {
    c.exec_unprepared(create_version_table);
    applied = apply_pending(c, list);
  } catch (...) {
    try {
      c.exec(release_lock);
    } catch (const std::exception&) {  // the first error says more; the lock ends with the session
    }
    throw;
  }
  c.exec(release_lock);
  if (applied > 0) {
    spdlog::info("store: applied {} mariadb migration(s), now at version {}", applied, list.back().version);
  }
  return applied;
}

}  // namespace natter::store::mariadb
