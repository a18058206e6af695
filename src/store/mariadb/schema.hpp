#pragma once
// The MariaDB schema's DDL (schema.cpp says what it is and why it looks so).
// Internal to the backend.

#include <string>
#include <vector>

namespace natter::store::mariadb {

// The statements of migration 20, in order; each one is idempotent (IF NOT
// EXISTS), since MariaDB commits DDL at once: a migration cut short is simply
// run again.
const std::vector<std::string>& schema_v20();
// Migration 21: device-to-device messages (e2ee_to_device), as in the other
// backends.
const std::vector<std::string>& schema_v21();
// Migration 22: end-to-end encrypted conversations (a conversation's flag,
// a message's envelope).
const std::vector<std::string>& schema_v22();
// Migration 23: key backup (e2ee_backups, e2ee_backup_keys).
const std::vector<std::string>& schema_v23();
// Migration 24 rebuilds SQLite's device message table so that its ids are
// never reused; InnoDB persists AUTO_INCREMENT (MariaDB 10.2.4 and later), so
// here it only records the version.
const std::vector<std::string>& schema_v24();

}  // namespace natter::store::mariadb
