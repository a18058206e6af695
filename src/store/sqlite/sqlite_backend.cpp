#include "store/sqlite/sqlite_backend.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <array>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace natter::store::sqlite {
namespace {

constexpr int busy_timeout_ms = 5000;
constexpr std::array<std::string_view, 3> synchronous_levels{"NORMAL", "FULL", "EXTRA"};

enum class role { migrator, writer, reader };

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Runs a pragma and returns its answer, so callers can check that it took:
// SQLite ignores pragmas it does not support instead of failing.
std::string pragma(SQLite::Database& db, const std::string& statement) {
  SQLite::Statement query(db, statement);
  return query.executeStep() ? query.getColumn(0).getString() : std::string();
}

void configure(SQLite::Database& db, const sqlite_options& options, role r) {
  // Only the migrator may switch the journal mode: it needs the database to
  // itself, and WAL is then a property of the file for every later connection.
  const std::string journal = pragma(db, r == role::migrator ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode");
  if (journal != "wal") throw failure("sqlite: " + options.path + " is not in WAL mode (" + journal + ")");

  db.exec("PRAGMA foreign_keys = ON");
  if (pragma(db, "PRAGMA foreign_keys") != "1") throw failure("sqlite: foreign keys are not supported");

  // A pragma takes no bound parameters; the level was checked against
  // synchronous_levels when the backend was built.
  db.exec("PRAGMA synchronous = " + options.synchronous);
  if (r == role::reader) db.exec("PRAGMA query_only = ON");
}

// SQLITE_CORRUPT and SQLITE_NOTADB, primary codes.
bool is_damage(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xff;
  return code == 11 || code == 26;
}

[[noreturn]] void refuse_damaged(const std::string& path, const std::string& what) {
  throw failure("sqlite: " + path + " is damaged (" + what +
                "): restore it from a backup (docs/operations.md, \"Backups and restores\")");
}

// A damaged file is never served: writing into a broken b-tree could
// acknowledge a message and then lose it, and reads could return rows that
// are not there. quick_check reads every page once (seconds for a few GB).
void check_integrity(SQLite::Database& db, const std::string& path) {
  constexpr int problems_shown = 3;
  std::string problems;
  try {
    SQLite::Statement check(db, "PRAGMA quick_check");
    for (int n = 0; check.executeStep(); ++n) {
      const std::string line = check.getColumn(0).getString();
      if (line == "ok") return;
      if (n < problems_shown) problems += (problems.empty() ? "" : "; ") + line;
    }
  } catch (const SQLite::Exception& e) {
    refuse_damaged(path, e.what());
  }
  refuse_damaged(path, problems);
}

SQLite::Database open_connection(const sqlite_options& options, role r) {
  // Writer and readers never create the file: one that is missing means
  // migrate() was not run, and an empty new database would hide that.
  int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX;  // one thread at a time (store.hpp)
  if (r == role::migrator) flags |= SQLite::OPEN_CREATE;
  try {
    SQLite::Database db(options.path, flags, busy_timeout_ms);
    configure(db, options, r);
    return db;
  } catch (const SQLite::Exception& e) {
    if (is_damage(e)) refuse_damaged(options.path, e.what());
    throw failure("sqlite: cannot open " + options.path + ": " + e.what());
  }
}

void create_parent_directory(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) throw failure("sqlite: cannot create " + parent.string() + ": " + ec.message());
}

}  // namespace

sqlite_backend::sqlite_backend(sqlite_options options) : options_(std::move(options)) {
  if (options_.path.empty()) throw failure("sqlite: no database path configured");
  options_.synchronous = ascii_upper(options_.synchronous);
  bool known = false;
  for (std::string_view level : synchronous_levels) known = known || level == options_.synchronous;
  if (!known) {
    throw failure("sqlite: synchronous must be NORMAL, FULL or EXTRA, not '" + options_.synchronous + "'");
  }
}

void sqlite_backend::migrate() {
  create_parent_directory(options_.path);
  SQLite::Database db = open_connection(options_, role::migrator);
  check_integrity(db, options_.path);
  apply_migrations(db);
}

std::unique_ptr<store> sqlite_backend::open_writer() {
  return std::make_unique<sqlite_store>(open_connection(options_, role::writer));
}

std::unique_ptr<store> sqlite_backend::open_reader() {
  return std::make_unique<sqlite_store>(open_connection(options_, role::reader));
}

}  // namespace natter::store::sqlite
