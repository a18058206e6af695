#include "store/mariadb/connection.hpp"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

#include <charconv>
#include <utility>

namespace natter::store::mariadb {

// A statement prepared on the current session, and what it was prepared from
// (two statements must not share a name).
struct connection::prepared {
  MYSQL_STMT* handle = nullptr;
  std::string sql;
  ~prepared() {
    if (handle != nullptr) mysql_stmt_close(handle);
  }
};

namespace {

// Error numbers the store reacts to (mysqld_error.h, errmsg.h).
bool session_broke(unsigned error) {
  switch (error) {
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_SERVER_LOST_EXTENDED:
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case ER_CONNECTION_KILLED:
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT: the server closed an idle session
      return true;
    default:
      return false;
  }
}

// Ended the whole transaction (deadlock) or its statement after waiting on a
// lock: running the transaction again may well succeed.
bool is_retryable(unsigned error) {
  return error == ER_LOCK_DEADLOCK || error == ER_LOCK_WAIT_TIMEOUT;
}

std::string one_line(std::string_view message) {
  std::string out;
  for (char c : message) out += c == '\n' ? ' ' : c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The result bind of one column: a small buffer that a longer value
// overflows, then read again with mysql_stmt_fetch_column.
struct column_buffer {
  static constexpr unsigned long initial_size = 64;
  char data[initial_size] = {};
  unsigned long length = 0;
  my_bool null = 0;
  my_bool truncated = 0;
};

void bind_parameters(std::span<const parameter> parameters, std::vector<MYSQL_BIND>& binds,
                     std::vector<unsigned long>& lengths) {
  binds.assign(parameters.size(), MYSQL_BIND{});
  lengths.assign(parameters.size(), 0);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const parameter& p = parameters[i];
    MYSQL_BIND& b = binds[i];
    switch (p.type) {
      case parameter::kind::null:
        b.buffer_type = MYSQL_TYPE_NULL;
        break;
      case parameter::kind::integer:
        b.buffer_type = MYSQL_TYPE_LONGLONG;
        b.buffer = const_cast<long long*>(&p.integer);  // NOLINT: the API takes void*, reads only
        break;
      case parameter::kind::text:
      case parameter::kind::blob:
        b.buffer_type = p.type == parameter::kind::text ? MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
        b.buffer = const_cast<char*>(p.text.data());  // NOLINT: the API takes void*, reads only
        lengths[i] = static_cast<unsigned long>(p.text.size());
        b.buffer_length = lengths[i];
        b.length = &lengths[i];
        break;
    }
  }
}

}  // namespace

// --- rows ---

std::int64_t rows::row::int_at(std::size_t i) const {
  const field& f = fields.at(i);
  if (!f) throw failure("mariadb: a number was expected in column " + std::to_string(i) + ", found NULL");
  std::int64_t value = 0;
  const char* end = f->data() + f->size();
  auto [ptr, ec] = std::from_chars(f->data(), end, value);
  if (ec != std::errc{} || ptr != end) {
    // DECIMAL results (SUM, FLOOR of a product) come as "12" or "12.000".
    if (ec == std::errc{} && *ptr == '.') return value;
    throw failure("mariadb: column " + std::to_string(i) + " is not an integer");
  }
  return value;
}

std::optional<std::int64_t> rows::row::optional_int_at(std::size_t i) const {
  if (!fields.at(i)) return std::nullopt;
  return int_at(i);
}

std::string rows::row::text_at(std::size_t i) const {
  const field& f = fields.at(i);
  return f ? *f : std::string();
}

// --- connection ---

void connection::handle_closer::operator()(st_mysql* m) const noexcept {
  mysql_close(m);
}

connection::connection(connection_options options, std::vector<std::string> setup)
    : options_(std::move(options)), setup_(std::move(setup)) {}

connection::~connection() {
  close();
}

std::uint64_t connection::session_id() const noexcept {
  return session_ ? mysql_thread_id(session_.get()) : 0;
}

void connection::open() {
  if (session_) return;
  std::unique_ptr<st_mysql, handle_closer> opened(mysql_init(nullptr));
  if (!opened) throw failure("mariadb: cannot open a session: out of memory");
  const unsigned connect_timeout = options_.connect_timeout_seconds;
  const unsigned io_timeout = options_.io_timeout_seconds;
  const my_bool no_reconnect = 0;
  mysql_options(opened.get(), MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
  mysql_options(opened.get(), MYSQL_OPT_READ_TIMEOUT, &io_timeout);
  mysql_options(opened.get(), MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
  mysql_options(opened.get(), MYSQL_OPT_RECONNECT, &no_reconnect);
  mysql_options(opened.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // CLIENT_FOUND_ROWS: an UPDATE reports the rows it matched, as PostgreSQL
  // and SQLite do, not only those whose values changed.
  if (mysql_real_connect(opened.get(), options_.host.c_str(), options_.user.c_str(), options_.password.c_str(),
                         options_.database.c_str(), options_.port, nullptr, CLIENT_FOUND_ROWS) == nullptr) {
    // A transaction waiting for this session fails at once from now on,
    // rather than wait for the server once per statement.
    if (state_ == state::open) state_ = state::unopened;
    // Never the password in the message.
    throw failure("mariadb: cannot open a session: " + one_line(mysql_error(opened.get())));
  }
  for (const std::string& sql : setup_) {
    if (mysql_real_query(opened.get(), sql.data(), sql.size()) != 0) {
      throw failure("mariadb: session setup failed: " + one_line(mysql_error(opened.get())));
    }
  }
  session_ = std::move(opened);
}

void connection::ready(std::string_view operation) {
  if (state_ != state::idle) require_transaction(operation);
  open();
  if (!pending_begin_.empty()) {
    const std::string start = std::exchange(pending_begin_, {});
    run_control(start, operation);
  }
}

void connection::run_control(const std::string& sql, std::string_view operation) {
  if (mysql_real_query(session_.get(), sql.data(), sql.size()) != 0) {
    fail(operation, mysql_errno(session_.get()), mysql_error(session_.get()));
  }
}

connection::prepared& connection::prepared_for(const statement& s) {
  auto known = prepared_.find(s.name);
  if (known != prepared_.end()) {
    if (known->second->sql != s.sql) {
      throw failure("mariadb: two statements are named " + s.name);
    }
    return *known->second;
  }
  auto p = std::make_unique<prepared>();
  p->sql = s.sql;
  p->handle = mysql_stmt_init(session_.get());
  if (p->handle == nullptr) fail(s.name, mysql_errno(session_.get()), mysql_error(session_.get()));
  if (mysql_stmt_prepare(p->handle, s.sql.data(), s.sql.size()) != 0) {
    const unsigned error = mysql_stmt_errno(p->handle);
    const std::string message = mysql_stmt_error(p->handle);
    fail(s.name, error, message);
  }
  return *prepared_.emplace(s.name, std::move(p)).first->second;
}

rows connection::exec_bound(const statement& s, std::span<const parameter> parameters) {
  ready(s.name);
  MYSQL_STMT* stmt = prepared_for(s).handle;
  const auto stmt_fail = [&]() {
    const unsigned error = mysql_stmt_errno(stmt);
    const std::string message = mysql_stmt_error(stmt);
    mysql_stmt_free_result(stmt);
    fail(s.name, error, message);
  };
  if (mysql_stmt_param_count(stmt) != parameters.size()) {
    throw failure("mariadb " + s.name + ": takes " + std::to_string(mysql_stmt_param_count(stmt)) +
                  " parameters, given " + std::to_string(parameters.size()));
  }
  std::vector<MYSQL_BIND> binds;
  std::vector<unsigned long> lengths;
  bind_parameters(parameters, binds, lengths);
  if (!binds.empty() && mysql_stmt_bind_param(stmt, binds.data()) != 0) stmt_fail();
  if (mysql_stmt_execute(stmt) != 0) stmt_fail();

  rows out;
  const unsigned columns = mysql_stmt_field_count(stmt);
  if (columns == 0) {
    out.affected_rows = mysql_stmt_affected_rows(stmt);
    out.insert_id = mysql_stmt_insert_id(stmt);
    return out;
  }
  std::vector<column_buffer> buffers(columns);
  std::vector<MYSQL_BIND> results(columns, MYSQL_BIND{});
  for (unsigned i = 0; i < columns; ++i) {
    results[i].buffer_type = MYSQL_TYPE_STRING;
    results[i].buffer = buffers[i].data;
    results[i].buffer_length = column_buffer::initial_size;
    results[i].length = &buffers[i].length;
    results[i].is_null = &buffers[i].null;
    results[i].error = &buffers[i].truncated;
  }
  if (mysql_stmt_bind_result(stmt, results.data()) != 0) stmt_fail();
  if (mysql_stmt_store_result(stmt) != 0) stmt_fail();
  for (;;) {
    const int fetched = mysql_stmt_fetch(stmt);
    if (fetched == MYSQL_NO_DATA) break;
    if (fetched == 1) stmt_fail();
    rows::row r;
    r.fields.reserve(columns);
    for (unsigned i = 0; i < columns; ++i) {
      const column_buffer& b = buffers[i];
      if (b.null != 0) {
        r.fields.emplace_back(std::nullopt);
      } else if (b.length <= column_buffer::initial_size) {
        r.fields.emplace_back(std::string(b.data, b.length));
      } else {
        std::string whole(b.length, '\0');
        MYSQL_BIND again{};
        again.buffer_type = MYSQL_TYPE_STRING;
        again.buffer = whole.data();
        again.buffer_length = b.length;
        if (mysql_stmt_fetch_column(stmt, &again, i, 0) != 0) stmt_fail();
        r.fields.emplace_back(std::move(whole));
      }
    }
    out.rows_.push_back(std::move(r));
  }
  out.affected_rows = out.rows_.size();
  mysql_stmt_free_result(stmt);
  return out;
}

rows connection::exec_unprepared(const std::string& sql) {
  ready("unprepared statement");
  MYSQL* m = session_.get();
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) fail("unprepared statement", mysql_errno(m), mysql_error(m));
  rows out;
  MYSQL_RES* result = mysql_store_result(m);
  if (result == nullptr) {
    if (mysql_field_count(m) != 0) fail("unprepared statement", mysql_errno(m), mysql_error(m));
    out.affected_rows = mysql_affected_rows(m);
    out.insert_id = mysql_insert_id(m);
    return out;
  }
  const unsigned columns = mysql_num_fields(result);
  while (MYSQL_ROW row = mysql_fetch_row(result)) {
    const unsigned long* sizes = mysql_fetch_lengths(result);
    rows::row r;
    for (unsigned i = 0; i < columns; ++i) {
      if (row[i] == nullptr) {
        r.fields.emplace_back(std::nullopt);
      } else {
        r.fields.emplace_back(std::string(row[i], sizes[i]));
      }
    }
    out.rows_.push_back(std::move(r));
  }
  mysql_free_result(result);
  out.affected_rows = out.rows_.size();
  return out;
}

// --- transactions ---

void connection::begin(std::string_view start) {
  if (state_ != state::idle) throw failure("mariadb begin: a transaction is open already");
  state_ = state::open;
  aborted_ = false;
  pending_begin_ = std::string(start);
}

void connection::commit() {
  require_transaction("commit");
  if (aborted_) {
    rollback();
    throw failure("mariadb commit: the transaction was lost to a failed statement; it was rolled back");
  }
  if (!pending_begin_.empty()) {  // nothing was sent: nothing to commit
    end_transaction();
    return;
  }
  open();
  MYSQL* m = session_.get();
  if (mysql_real_query(m, "COMMIT", 6) != 0) fail("commit", mysql_errno(m), mysql_error(m), true);
  end_transaction();
}

void connection::rollback() {
  const bool on_server = state_ == state::open && pending_begin_.empty() && session_;
  end_transaction();
  if (!on_server) return;
  if (mysql_real_query(session_.get(), "ROLLBACK", 8) != 0) {
    const std::string message = one_line(mysql_error(session_.get()));
    close();  // the server rolls back what a closed session leaves open
    throw failure("mariadb rollback: " + message);
  }
}

void connection::savepoint(std::string_view name) {
  require_transaction("savepoint");
  ready("savepoint");
  run_control("SAVEPOINT " + std::string(name), "savepoint");
}

void connection::release_savepoint(std::string_view name) {
  require_transaction("release savepoint");
  ready("release savepoint");
  run_control("RELEASE SAVEPOINT " + std::string(name), "release savepoint");
}

void connection::rollback_to_savepoint(std::string_view name) {
  require_transaction("rollback to savepoint");
  ready("rollback to savepoint");
  run_control("ROLLBACK TO SAVEPOINT " + std::string(name), "rollback to savepoint");
}

void connection::require_transaction(std::string_view operation) const {
  const std::string prefix = "mariadb " + std::string(operation) + ": ";
  switch (state_) {
    case state::open:
      if (aborted_) throw retryable_failure(prefix + "the transaction was rolled back by the server; roll it back");
      return;
    case state::lost:
      throw retryable_failure(prefix + "the session was lost inside the transaction; roll it back");
    case state::unopened:
      throw failure(prefix + "no session could be opened for the transaction; roll it back");
    case state::idle:
      break;
  }
  throw failure(prefix + "no transaction is open");
}

void connection::end_transaction() noexcept {
  state_ = state::idle;
  pending_begin_.clear();
  aborted_ = false;
}

void connection::close() noexcept {
  prepared_.clear();  // statements before their session
  session_.reset();
}

void connection::fail(std::string_view operation, unsigned error, const std::string& message, bool committing) {
  const bool broken = session_broke(error);
  const std::string what =
      "mariadb " + std::string(operation) + ": " + one_line(message) + " (" + std::to_string(error) + ")";
  if (committing) {
    // A failed COMMIT ends the transaction, or leaves it in doubt when the
    // session broke: either way, start the next one on a clean session.
    close();
    end_transaction();
    if (broken) throw failure(what + " (the session broke during COMMIT: whether it committed is unknown)");
    if (is_retryable(error)) throw retryable_failure(what);
    throw failure(what);
  }
  if (broken) {
    close();
    if (state_ == state::idle) throw failure(what);
    state_ = state::lost;
    throw retryable_failure(what);
  }
  // A deadlock rolls the whole transaction back; a lock wait timeout only
  // the statement, but the executor runs the transaction again either way.
  if (error == ER_LOCK_DEADLOCK && state_ == state::open) aborted_ = true;
  if (is_retryable(error)) throw retryable_failure(what);
  if (error == ER_DUP_ENTRY) throw unique_violation(what);
  throw failure(what);
}

}  // namespace natter::store::mariadb
