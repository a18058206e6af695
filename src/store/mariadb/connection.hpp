#pragma once
// One session with MariaDB as the mariadb store uses it, over MariaDB
// Connector/C. Internal to the backend; used by one thread at a time, like
// the store that owns it.
//
// - Opened when first needed, and opened again on the first use after it
//   broke: a restarted server costs the calls that were under way, never the
//   process. Connector/C's own reconnect stays off, so that a statement can
//   never run on a fresh session as if it still belonged to the old one's
//   transaction.
// - Every statement with a value in it is a prepared statement (MYSQL_STMT),
//   prepared on the session the first time it runs there, then reused.
// - A transaction's START TRANSACTION is sent with its first statement, so
//   that a transaction with nothing in it costs nothing.
// - Server errors become the store's: unique_violation (1062 duplicate key),
//   retryable_failure (1213 deadlock, 1205 lock wait timeout, or the session
//   lost inside a transaction before COMMIT: nothing of it was kept), failure
//   for everything else (a session lost outside a transaction included: the
//   call reports store_unavailable, the next one opens a new session).

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "store/store.hpp"

struct st_mysql;
struct st_mysql_stmt;

namespace natter::store::mariadb {

// A statement with a name that is unique within the backend.
struct statement {
  std::string name;
  std::string sql;  // ? for parameters; never text from a user
};

// The unique violation behind an expected failure (a taken username), for
// the caller to turn into a result value. Uncaught, it is a failure like any.
class unique_violation : public failure {
 public:
  using failure::failure;
};

// Where and as whom to connect (mariadb_url.hpp parses a URL into it).
// Never logged: it holds a password.
struct connection_options {
  std::string host = "127.0.0.1";
  unsigned port = 3306;
  std::string user;
  std::string password;
  std::string database;
  unsigned connect_timeout_seconds = 5;
  // Seconds a read or write on the socket may take before the session counts
  // as lost: a server that stopped answering must not stall the writer.
  unsigned io_timeout_seconds = 60;
};

// One value of a result row; NULL is nullopt.
using field = std::optional<std::string>;

// The rows a statement returned, read into memory in full.
class rows {
 public:
  struct row {
    std::vector<field> fields;
    std::int64_t int_at(std::size_t i) const;  // throws failure on NULL or non-numbers
    std::optional<std::int64_t> optional_int_at(std::size_t i) const;
    std::string text_at(std::size_t i) const;  // NULL reads as ""
    bool bool_at(std::size_t i) const { return int_at(i) != 0; }
    bool is_null(std::size_t i) const { return !fields.at(i).has_value(); }
  };

  bool empty() const noexcept { return rows_.empty(); }
  std::size_t size() const noexcept { return rows_.size(); }
  const row& operator[](std::size_t i) const { return rows_.at(i); }
  auto begin() const noexcept { return rows_.begin(); }
  auto end() const noexcept { return rows_.end(); }

  // For statements without a result set.
  std::uint64_t affected_rows = 0;
  std::uint64_t insert_id = 0;  // the AUTO_INCREMENT value an INSERT took

  std::vector<row> rows_;
};

// One bound parameter: what exec turns each argument into.
struct parameter {
  enum class kind { null, integer, text, blob } type = kind::null;
  long long integer = 0;
  std::string_view text;  // text and blob: refers to the caller's argument
};

inline parameter to_parameter(std::nullopt_t) {
  return {};
}
inline parameter to_parameter(std::string_view v) {
  return {parameter::kind::text, 0, v};
}
inline parameter to_parameter(const std::string& v) {
  return {parameter::kind::text, 0, v};
}
inline parameter to_parameter(const char* v) {
  return {parameter::kind::text, 0, v};
}
template <class T>
requires std::is_integral_v<T> || std::is_enum_v<T> parameter to_parameter(T v) {
  return {parameter::kind::integer, static_cast<long long>(v), {}};
}
template <class T>
parameter to_parameter(const std::optional<T>& v) {
  if (!v) return {};
  return to_parameter(*v);
}

// Binary data (BLOB columns), as opposed to text.
struct blob {
  std::string_view bytes;
};
inline parameter to_parameter(blob v) {
  return {parameter::kind::blob, 0, v.bytes};
}

class connection {
 public:
  // setup: statements run on every new session, one per entry (SET ...).
  // Connects only when first used.
  connection(connection_options options, std::vector<std::string> setup);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Connects now unless connected. Throws failure.
  void open();

  // Runs s with the arguments (std::optional ones are NULL when empty) and
  // returns its rows. Throws as the header comment says.
  template <class... Args>
  rows exec(const statement& s, const Args&... args) {
    const parameter bound[] = {to_parameter(args)..., parameter{}};
    return exec_bound(s, std::span<const parameter>(bound, sizeof...(Args)));
  }
  rows exec_bound(const statement& s, std::span<const parameter> parameters);

  // Runs constant SQL that takes no parameters, unprepared (migrations, SET,
  // locks). One statement.
  rows exec_unprepared(const std::string& sql);

  // --- transactions ---
  // start: "START TRANSACTION" or a variant of it (the isolation level is
  // the session's, set up when it opens). Throws failure when a transaction
  // is open already.
  void begin(std::string_view start);
  // Throws failure when it did not commit: retryable_failure if it may be
  // run again, failure if it failed or (when the session broke during
  // COMMIT) nobody knows. Call rollback after a failure (it may still be
  // open).
  void commit();
  // Never leaves a transaction open: when ROLLBACK cannot be sent, the
  // session is closed, which rolls back on the server. Does nothing when no
  // transaction is open.
  void rollback();
  void savepoint(std::string_view name);
  void release_savepoint(std::string_view name);
  void rollback_to_savepoint(std::string_view name);
  bool in_transaction() const noexcept { return state_ != state::idle; }

  // For tests of reconnect: the server's id for this session (0 when none).
  std::uint64_t session_id() const noexcept;

 private:
  enum class state {
    idle,
    open,      // begun (maybe not sent yet); aborted_ tells whether it failed
    lost,      // the session broke inside it: the server rolled it back
    unopened,  // begun, but no session could be opened: not tried again in it
  };
  struct prepared;
  struct handle_closer {
    void operator()(st_mysql* m) const noexcept;
  };

  // Opens the session and sends a pending START TRANSACTION. Throws when
  // the transaction was lost, or when no session can be opened.
  void ready(std::string_view operation);
  prepared& prepared_for(const statement& s);
  void run_control(const std::string& sql, std::string_view operation);
  void require_transaction(std::string_view operation) const;
  void end_transaction() noexcept;
  void close() noexcept;
  // Turns the session's last error into the store's exception, after noting
  // what it did to the session and its transaction.
  [[noreturn]] void fail(std::string_view operation, unsigned error, const std::string& message,
                         bool committing = false);

  connection_options options_;
  std::vector<std::string> setup_;
  std::unique_ptr<st_mysql, handle_closer> session_;
  std::unordered_map<std::string, std::unique_ptr<prepared>> prepared_;  // on this session

  state state_ = state::idle;
  std::string pending_begin_;  // the START of the open transaction, not sent yet
  bool aborted_ = false;       // a statement failed in it, not yet undone
};

}  // namespace natter::store::mariadb
