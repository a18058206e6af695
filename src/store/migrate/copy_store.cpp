#include "store/migrate/copy_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <pqxx/pqxx>
#include <string_view>

#include "store/local_blob_store.hpp"
#include "store/postgres/postgres_backend.hpp"
#include "store/sql/blob_chunks.hpp"
#include "store/sqlite/sqlite_backend.hpp"
#include "store/store.hpp"

namespace natter::store::migrate {
namespace {

// Parents before children, so that foreign keys hold at every row.
constexpr std::array<std::string_view, 28> tables{"users",
                                                  "reserved_usernames",
                                                  "refresh_tokens",
                                                  "password_resets",
                                                  "email_confirmations",
                                                  "audit_events",
                                                  "conversations",
                                                  "conversation_members",
                                                  "conversation_log",
                                                  "message_reactions",
                                                  "pinned_messages",
                                                  "message_threads",
                                                  "thread_reads",
                                                  "message_mentions",
                                                  "contacts",
                                                  "blocks",
                                                  "group_invitations",
                                                  "room_sanctions",
                                                  "media",
                                                  "media_refs",
                                                  "blobs",
                                                  "invites",
                                                  "e2ee_key_owners",
                                                  "e2ee_devices",
                                                  "e2ee_one_time_keys",
                                                  "e2ee_to_device",
                                                  "e2ee_backups",
                                                  "e2ee_backup_keys"};
// Tables whose id is an identity column in PostgreSQL.
constexpr std::array<std::string_view, 5> identity_tables{"users", "refresh_tokens", "audit_events", "conversation_log",
                                                          "e2ee_to_device"};

using row = std::vector<std::optional<std::string>>;

std::vector<std::string> column_names(SQLite::Statement& select) {
  std::vector<std::string> names;
  for (int i = 0; i < select.getColumnCount(); ++i) names.emplace_back(select.getColumnName(i));
  return names;
}

row read_row(SQLite::Statement& select) {
  row r;
  r.reserve(static_cast<std::size_t>(select.getColumnCount()));
  for (int i = 0; i < select.getColumnCount(); ++i) {
    auto column = select.getColumn(i);
    if (column.isNull()) {
      r.emplace_back(std::nullopt);
    } else {
      r.emplace_back(column.getString());
    }
  }
  return r;
}

std::string insert_statement(std::string_view table, const std::vector<std::string>& columns, std::size_t rows,
                             pqxx::work& target) {
  std::string sql = "INSERT INTO " + target.quote_name(std::string(table)) + " (";
  for (std::size_t c = 0; c < columns.size(); ++c) sql += (c ? ", " : "") + target.quote_name(columns[c]);
  sql += ") OVERRIDING SYSTEM VALUE VALUES ";
  std::size_t parameter = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (std::size_t c = 0; c < columns.size(); ++c) sql += (c ? ", $" : "$") + std::to_string(++parameter);
    sql += ")";
  }
  return sql;
}

// Rows go in multi-row INSERTs of at most max_parameters values each; the
// values are parameters, so nothing read from the source becomes SQL.
constexpr std::size_t max_parameters = 30000;

std::int64_t copy_table(SQLite::Database& source, pqxx::work& target, std::string_view table) {
  SQLite::Statement select(source, "SELECT * FROM " + std::string(table));
  std::vector<std::string> columns;
  std::vector<std::optional<std::string>> values;
  std::int64_t rows = 0;
  std::size_t batch_rows = 0;
  auto flush = [&] {
    if (batch_rows == 0) return;
    target.exec_params(insert_statement(table, columns, batch_rows, target),
                       pqxx::prepare::make_dynamic_params(values));
    values.clear();
    batch_rows = 0;
  };
  while (select.executeStep()) {
    if (columns.empty()) columns = column_names(select);
    for (auto& value : read_row(select)) values.push_back(std::move(value));
    ++rows;
    if (++batch_rows * columns.size() + columns.size() > max_parameters) flush();
  }
  flush();
  return rows;
}

std::int64_t count_rows(pqxx::work& target, std::string_view table) {
  return target.exec1("SELECT count(*) FROM " + target.quote_name(std::string(table)))[0].as<std::int64_t>();
}

void require_empty(pqxx::work& target) {
  for (auto table : tables) {
    if (count_rows(target, table) != 0) {
      throw failure("migrate-store: the target database is not empty (table " + std::string(table) +
                    " has rows); refusing to merge");
    }
  }
}

void move_identities_past_copied_ids(pqxx::work& target) {
  for (auto table : identity_tables) {
    const std::string name(table);
    target.exec("SELECT setval(pg_get_serial_sequence(" + target.quote(name) +
                ", 'id'), COALESCE((SELECT max(id) FROM " + target.quote_name(name) + "), 0) + 1, false)");
  }
}

// The bytes of every blob, from the SQLite deployment's directory of blobs
// (store/local_blob_store.hpp) into blob_chunks, as postgres_blob_store
// keeps them. A blob whose file is missing fails the copy.
std::int64_t copy_blobs(SQLite::Database& source, pqxx::work& target, const std::filesystem::path& media_dir) {
  SQLite::Statement select(source, "SELECT hash FROM blobs WHERE state = 'live'");
  std::int64_t chunks = 0;
  while (select.executeStep()) {
    const std::string hash = select.getColumn(0).getString();
    if (!valid_blob_name(hash)) throw failure("migrate-store: a blob with a malformed name");
    const auto path = media_dir / hash.substr(0, 2) / hash.substr(2, 2) / hash;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw failure("migrate-store: the bytes of blob " + hash + " are missing from " + media_dir.string());
    chunks += sql::write_blob_chunks(in, [&](int n, std::string_view bytes) {
      target.exec_params("INSERT INTO blob_chunks (hash, n, data) VALUES ($1, $2, $3)", hash, n,
                         pqxx::binarystring(bytes.data(), bytes.size()));
    });
  }
  return chunks;
}

}  // namespace

std::span<const std::string_view> copied_tables() noexcept {
  return tables;
}

std::vector<copied_table> copy_sqlite_to_postgres(const std::string& sqlite_path, const std::string& postgres_url) {
  if (!std::filesystem::is_regular_file(sqlite_path)) {
    throw failure("migrate-store: no SQLite database at " + sqlite_path);
  }
  sqlite::sqlite_backend(sqlite::sqlite_options{.path = sqlite_path, .synchronous = "FULL"}).migrate();
  postgres::postgres_backend(postgres::postgres_options{.url = postgres_url}).migrate();
  try {
    SQLite::Database source(sqlite_path, SQLite::OPEN_READONLY);
    SQLite::Transaction snapshot(source);  // one consistent view of every table
    pqxx::connection connection(postgres_url);
    pqxx::work target(connection);
    require_empty(target);
    std::vector<copied_table> copied;
    for (auto table : tables) {
      const auto rows = copy_table(source, target, table);
      if (count_rows(target, table) != rows) {
        throw failure("migrate-store: row count of " + std::string(table) + " does not match after the copy");
      }
      copied.push_back({std::string(table), rows});
    }
    const auto media_dir = std::filesystem::path(sqlite_path).parent_path() / "media";
    copied.push_back({"blob_chunks", copy_blobs(source, target, media_dir)});
    move_identities_past_copied_ids(target);
    target.commit();
    return copied;
  } catch (const failure&) {
    throw;
  } catch (const std::exception& e) {
    throw failure(std::string("migrate-store: ") + e.what());
  }
}

}  // namespace natter::store::migrate
