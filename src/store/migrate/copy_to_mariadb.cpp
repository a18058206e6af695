// natterd migrate-store into MariaDB: from a single node's SQLite database or
// from PostgreSQL (copy_store.hpp says what a copy promises).
//
// The target's own column list leads: each table is read from the source in
// the target's non-generated columns (PostgreSQL's booleans as 0/1), and
// written in multi-row prepared INSERTs, so nothing read becomes SQL. The
// whole copy is one InnoDB transaction on the target, committed only when
// every row count matches; InnoDB moves each AUTO_INCREMENT past the copied
// ids by itself.

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <pqxx/pqxx>
#include <string_view>

#include "store/local_blob_store.hpp"
#include "store/mariadb/connection.hpp"
#include "store/mariadb/mariadb_backend.hpp"
#include "store/mariadb/mariadb_url.hpp"
#include "store/migrate/copy_store.hpp"
#include "store/postgres/postgres_backend.hpp"
#include "store/sql/blob_chunks.hpp"
#include "store/sqlite/sqlite_backend.hpp"

namespace natter::store::migrate {
namespace {

using value = std::optional<std::string>;

struct column {
  std::string name;
  bool boolean = false;  // tinyint(1): PostgreSQL's booleans read as 0/1
};

// Every source: the rows of a table in the given columns, one call each.
using row_reader = std::function<void(std::string_view table, const std::vector<column>& columns,
                                      const std::function<void(std::vector<value>&&)>& emit)>;

const mariadb::statement columns_sql{
    "copy_columns",
    "SELECT column_name, column_type = 'tinyint(1)' FROM information_schema.columns WHERE table_schema = DATABASE() "
    "AND table_name = ? AND extra NOT LIKE '%GENERATED%' ORDER BY ordinal_position"};

std::vector<column> target_columns(mariadb::connection& target, std::string_view table) {
  std::vector<column> out;
  for (const auto& r : target.exec(columns_sql, table)) out.push_back({r.text_at(0), r.bool_at(1)});
  if (out.empty()) throw failure("migrate-store: the target has no table " + std::string(table));
  return out;
}

std::string named(std::string_view name, char quote) {
  return quote + std::string(name) + quote;
}

std::string column_list(const std::vector<column>& columns, char quote) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + named(c.name, quote);
  return out;
}

mariadb::statement insert_of(std::string_view table, const std::vector<column>& columns, std::size_t rows) {
  std::string one = "(";
  for (std::size_t c = 0; c < columns.size(); ++c) one += c ? ", ?" : "?";
  one += ")";
  std::string sql = "INSERT INTO " + named(table, '`') + " (" + column_list(columns, '`') + ") VALUES ";
  for (std::size_t r = 0; r < rows; ++r) sql += (r ? ", " : "") + one;
  return {"copy_" + std::string(table) + "_" + std::to_string(rows), std::move(sql)};
}

// Values per INSERT: far below MariaDB's 65535 placeholders.
constexpr std::size_t values_per_insert = 30000;

std::int64_t rows_in(mariadb::connection& target, std::string_view table) {
  return target.exec_unprepared("SELECT COUNT(*) FROM " + named(table, '`'))[0].int_at(0);
}

std::int64_t copy_one_table(const row_reader& source, mariadb::connection& target, std::string_view table) {
  const auto columns = target_columns(target, table);
  const std::size_t batch = std::max<std::size_t>(1, values_per_insert / columns.size());
  std::vector<value> values;
  std::int64_t rows = 0;
  std::size_t batch_rows = 0;
  const auto flush = [&] {
    if (batch_rows == 0) return;
    std::vector<mariadb::parameter> parameters;
    parameters.reserve(values.size());
    for (const auto& v : values) parameters.push_back(mariadb::to_parameter(v));
    target.exec_bound(insert_of(table, columns, batch_rows), parameters);
    values.clear();
    batch_rows = 0;
  };
  source(table, columns, [&](std::vector<value>&& one_row) {
    for (auto& v : one_row) values.push_back(std::move(v));
    ++rows;
    if (++batch_rows == batch) flush();
  });
  flush();
  if (rows_in(target, table) != rows) {
    throw failure("migrate-store: row count of " + std::string(table) + " does not match after the copy");
  }
  return rows;
}

void require_no_rows(mariadb::connection& target) {
  for (auto table : copied_tables()) {
    if (rows_in(target, table) != 0) {
      throw failure("migrate-store: the target database is not empty (table " + std::string(table) +
                    " has rows); refusing to merge");
    }
  }
}

const mariadb::statement put_chunk_sql{"copy_blob_chunk", "INSERT INTO blob_chunks (hash, n, data) VALUES (?, ?, ?)"};

// The bytes of every live blob, from the SQLite deployment's directory of
// blobs (store/local_blob_store.hpp) into blob_chunks, as
// mariadb_blob_store keeps them. A blob whose file is missing fails the copy.
std::int64_t copy_blob_files(SQLite::Database& source, mariadb::connection& target,
                             const std::filesystem::path& media_dir) {
  SQLite::Statement select(source, "SELECT hash FROM blobs WHERE state = 'live'");
  std::int64_t chunks = 0;
  while (select.executeStep()) {
    const std::string hash = select.getColumn(0).getString();
    if (!valid_blob_name(hash)) throw failure("migrate-store: a blob with a malformed name");
    const auto path = media_dir / hash.substr(0, 2) / hash.substr(2, 2) / hash;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw failure("migrate-store: the bytes of blob " + hash + " are missing from " + media_dir.string());
    chunks += sql::write_blob_chunks(
        in, [&](int n, std::string_view bytes) { target.exec(put_chunk_sql, hash, n, mariadb::blob{bytes}); });
  }
  return chunks;
}

// Migrates the target, copies in one transaction, and commits when all is
// there. copy_rest copies what is not a table of copied_tables().
std::vector<copied_table> copy_into(const std::string& mariadb_url, const row_reader& source,
                                    const std::function<std::int64_t(mariadb::connection&)>& copy_rest) {
  mariadb::mariadb_backend(mariadb::mariadb_options{.url = mariadb_url}).migrate();
  mariadb::connection target(mariadb::parse_mariadb_url(mariadb_url),
                             {"SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'"});
  target.begin("START TRANSACTION");
  try {
    require_no_rows(target);
    std::vector<copied_table> copied;
    for (auto table : copied_tables()) copied.push_back({std::string(table), copy_one_table(source, target, table)});
    copied.push_back({"blob_chunks", copy_rest(target)});
    target.commit();
    return copied;
  } catch (...) {
    try {
      target.rollback();
    } catch (const std::exception&) {  // the first error says more
    }
    throw;
  }
}

}  // namespace

std::vector<copied_table> copy_sqlite_to_mariadb(const std::string& sqlite_path, const std::string& mariadb_url) {
  if (!std::filesystem::is_regular_file(sqlite_path)) {
    throw failure("migrate-store: no SQLite database at " + sqlite_path);
  }
  static_cast<void>(mariadb::parse_mariadb_url(mariadb_url));  // a bad URL fails before anything is written
  sqlite::sqlite_backend(sqlite::sqlite_options{.path = sqlite_path, .synchronous = "FULL"}).migrate();
  try {
    SQLite::Database source(sqlite_path, SQLite::OPEN_READONLY);
    SQLite::Transaction snapshot(source);  // one consistent view of every table
    const row_reader rows = [&](std::string_view table, const std::vector<column>& columns, const auto& emit) {
      SQLite::Statement select(source, "SELECT " + column_list(columns, '"') + " FROM " + named(table, '"'));
      while (select.executeStep()) {
        std::vector<value> r;
        for (int i = 0; i < select.getColumnCount(); ++i) {
          auto c = select.getColumn(i);
          r.push_back(c.isNull() ? value() : value(c.getString()));
        }
        emit(std::move(r));
      }
    };
    const auto media_dir = std::filesystem::path(sqlite_path).parent_path() / "media";
    return copy_into(mariadb_url, rows,
                     [&](mariadb::connection& target) { return copy_blob_files(source, target, media_dir); });
  } catch (const failure&) {
    throw;
  } catch (const std::exception& e) {
    throw failure(std::string("migrate-store: ") + e.what());
  }
}

std::vector<copied_table> copy_postgres_to_mariadb(const std::string& postgres_url, const std::string& mariadb_url) {
  static_cast<void>(mariadb::parse_mariadb_url(mariadb_url));
  postgres::postgres_backend(postgres::postgres_options{.url = postgres_url}).migrate();
  try {
    pqxx::connection connection(postgres_url);
    pqxx::work source(connection, "copy");  // REPEATABLE READ below: one view of every table
    source.exec0("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const row_reader rows = [&](std::string_view table, const std::vector<column>& columns, const auto& emit) {
      std::string list;
      for (const auto& c : columns) {
        list += (list.empty() ? "" : ", ") + source.quote_name(c.name) + (c.boolean ? "::int" : "");
      }
      for (const auto& r : source.exec("SELECT " + list + " FROM " + source.quote_name(std::string(table)))) {
        std::vector<value> out;
        for (const auto& f : r) out.push_back(f.is_null() ? value() : value(std::string(f.c_str(), f.size())));
        emit(std::move(out));
      }
    };
    const auto copy_chunks = [&](mariadb::connection& target) {
      std::int64_t chunks = 0;
      for (const auto& r : source.exec("SELECT hash, n, data FROM blob_chunks")) {
        const pqxx::binarystring data(r[2]);
        target.exec(put_chunk_sql, r[0].as<std::string>(), r[1].as<std::int64_t>(),
                    mariadb::blob{std::string_view(data.get(), data.size())});
        ++chunks;
      }
      return chunks;
    };
    return copy_into(mariadb_url, rows, copy_chunks);
  } catch (const failure&) {
    throw;
  } catch (const std::exception& e) {
    throw failure(std::string("migrate-store: ") + e.what());
  }
}

}  // namespace natter::store::migrate
