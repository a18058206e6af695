#pragma once
// Moves a single node's data from SQLite to PostgreSQL or MariaDB, or from
// PostgreSQL to MariaDB (natterd migrate-store).
//
// Both schemas are migrated to the newest version first; then every row of
// every table is copied with its id kept (so clients' conversation ids and
// seqs stay valid), in one PostgreSQL transaction that commits only when every
// table's row count matches, and the id sequences are moved past the copied
// ids. The target must be empty: the copy never merges into existing data.
// The bytes of media go along: from the directory `media` beside the SQLite
// file (where natterd keeps them) into the table blob_chunks.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace natter::store::migrate {

struct copied_table {
  std::string name;
  std::int64_t rows = 0;
};

// Throws store::failure (with the reason) when either database cannot be
// opened, the target is not empty, or a count does not match; nothing is
// written to the target then.
std::vector<copied_table> copy_sqlite_to_postgres(const std::string& sqlite_path, const std::string& postgres_url);

// The same, into an empty MariaDB database (copy_to_mariadb.cpp): the bytes
// of media from the directory beside the SQLite file, or from PostgreSQL's
// blob_chunks.
std::vector<copied_table> copy_sqlite_to_mariadb(const std::string& sqlite_path, const std::string& mariadb_url);
std::vector<copied_table> copy_postgres_to_mariadb(const std::string& postgres_url, const std::string& mariadb_url);

// Every table a copy moves, parents before children (so that foreign keys
// hold at every row).
std::span<const std::string_view> copied_tables() noexcept;

}  // namespace natter::store::migrate
