#include "store/postgres/connection.hpp"

#include <spdlog/spdlog.h>
#include <pqxx/errorhandler>
#include <pqxx/except>

#include <exception>
#include <utility>

namespace natter::store::postgres {
namespace {

// Server messages end in newlines and sometimes carry a DETAIL line.
std::string one_line(std::string_view message) {
  std::string out;
  for (char c : message) out += c == '\n' ? ' ' : c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string joined(const std::vector<std::string>& statements) {
  std::string out;
  for (const auto& s : statements) {
    if (!out.empty()) out += "; ";
    out += s;
  }
  return out;
}

struct error_facts {
  std::string message;
  std::string sqlstate;  // empty when unknown
  bool broken = false;   // the connection is gone
};

// What the exception being handled says; only inside a catch block.
error_facts current_error() {
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    return {e.what(), "", true};
  } catch (const pqxx::sql_error& e) {
    return {e.what(), e.sqlstate(), false};
  } catch (const pqxx::serialization_failure& e) {  // libpqxx 6 gives these no sqlstate
    return {e.what(), "40001", false};
  } catch (const pqxx::deadlock_detected& e) {
    return {e.what(), "40P01", false};
  } catch (const std::exception& e) {
    return {e.what(), "", false};
  }
}

bool is_retryable(const std::string& sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01";  // serialization failure, deadlock
}

}  // namespace

// Sends the server's warnings to the log rather than to stderr (the session
// setup keeps notices below WARNING away).
class notice_logger final : public pqxx::errorhandler {
 public:
  using pqxx::errorhandler::errorhandler;
  bool operator()(const char message[]) noexcept override {
    try {
      spdlog::warn("postgres: {}", one_line(message));
    } catch (...) {  // a lost log line must not take the session down
    }
    return false;
  }
};

connection::connection(std::string url, std::string setup) : url_(std::move(url)), setup_(std::move(setup)) {}

connection::~connection() {
  close();
}

void connection::open() {
  if (connection_) return;
  try {
    auto opened = std::make_unique<pqxx::connection>(url_);
    // libpqxx 6 quietly reconnects a broken connection on its next use. We
    // open a new one ourselves instead, so that a statement can never run on
    // a fresh session as if it still belonged to the old one's transaction.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    opened->inhibit_reactivation(true);
#pragma GCC diagnostic pop
    auto notices = std::make_unique<notice_logger>(*opened);
    auto session = std::make_unique<pqxx::nontransaction>(*opened);
    if (!setup_.empty()) session->exec(setup_);
    connection_ = std::move(opened);
    notices_ = std::move(notices);
    session_ = std::move(session);
  } catch (const std::exception& e) {
    // A transaction waiting for this session fails at once from now on,
    // rather than wait for the server once per statement.
    if (state_ == state::open) state_ = state::unopened;
    // Never the URL in the message: it may hold a password.
    throw failure("postgres: cannot open a session: " + one_line(e.what()));
  }
}

pqxx::result connection::exec_unprepared(const std::string& sql) {
  pqxx::nontransaction& session = ready("unprepared statement");
  try {
    return session.exec(sql);
  } catch (...) {
    fail("unprepared statement");
  }
}

pqxx::nontransaction& connection::ready_for(const statement& s) {
  pqxx::nontransaction& session = ready(s.name);
  const auto known = prepared_.find(s.name);
  if (known == prepared_.end()) {
    connection_->prepare(s.name, s.sql);  // sent to the server with its first use
    prepared_.emplace(s.name, &s);
  } else if (known->second != &s && known->second->sql != s.sql) {
    throw failure("postgres: two statements are named " + s.name);
  }
  return session;
}

pqxx::nontransaction& connection::ready(std::string_view operation) {
  if (state_ != state::idle) require_transaction(operation);
  open();
  send_queued(operation, false);
  return *session_;
}

void connection::send_queued(std::string_view operation, bool committing) {
  if (queued_.empty()) return;
  const std::string statements = joined(queued_);
  queued_.clear();
  begun_ = begun_ || state_ == state::open;  // the BEGIN, if queued, goes now
  try {
    session_->exec(statements);
  } catch (...) {
    fail(operation, committing);
  }
}

// --- transactions ---

void connection::begin(std::string_view begin_statement) {
  if (state_ != state::idle) throw failure("postgres begin: a transaction is open already");
  state_ = state::open;
  begun_ = false;
  aborted_ = false;
  queued_.assign(1, std::string(begin_statement));
}

void connection::commit() {
  require_transaction("commit");
  if (aborted_) {
    rollback();
    throw failure("postgres commit: a statement failed and was not rolled back; the transaction was rolled back");
  }
  if (!begun_ && queued_.size() == 1) {  // only the BEGIN: nothing to commit
    end_transaction();
    return;
  }
  open();
  queued_.emplace_back("COMMIT");
  send_queued("commit", true);
  end_transaction();
}

void connection::rollback() {
  const bool on_server = state_ == state::open && begun_ && connection_;
  end_transaction();
  if (!on_server) return;
  try {
    session_->exec("ROLLBACK");
  } catch (const std::exception& e) {
    close();  // the server rolls back what a closed session leaves open
    throw failure("postgres rollback: " + one_line(e.what()));
  }
}

void connection::savepoint(std::string_view name) {
  require_transaction("savepoint");
  queued_.push_back("SAVEPOINT " + std::string(name));
}

void connection::release_savepoint(std::string_view name) {
  require_transaction("release savepoint");
  const std::string opening = "SAVEPOINT " + std::string(name);
  if (!queued_.empty() && queued_.back() == opening) {
    queued_.pop_back();  // nothing happened inside it
  } else {
    queued_.push_back("RELEASE " + opening);
  }
}

void connection::rollback_to_savepoint(std::string_view name) {
  require_transaction("rollback to savepoint");
  const std::string opening = "SAVEPOINT " + std::string(name);
  if (!queued_.empty() && queued_.back() == opening) return;  // nothing to undo
  queued_.push_back("ROLLBACK TO " + opening);
  aborted_ = false;  // sent before anything else
}

void connection::require_transaction(std::string_view operation) const {
  const std::string prefix = "postgres " + std::string(operation) + ": ";
  switch (state_) {
    case state::open:
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
  queued_.clear();
  begun_ = false;
  aborted_ = false;
}

void connection::close() noexcept {
  session_.reset();
  notices_.reset();
  connection_.reset();
  prepared_.clear();
}

void connection::fail(std::string_view operation, bool committing) {
  auto [message, sqlstate, broken] = current_error();
  broken = broken || !connection_ || !connection_->is_open();
  const std::string what = "postgres " + std::string(operation) + ": " + one_line(message);
  if (committing) {
    // A failed COMMIT ends the transaction, or leaves it in doubt when the
    // session broke: either way, start the next one on a clean session.
    close();
    end_transaction();
    if (broken) throw failure(what + " (the session broke during COMMIT: whether it committed is unknown)");
    if (is_retryable(sqlstate)) throw retryable_failure(what);
    throw failure(what);
  }
  if (broken) {
    close();
    if (state_ == state::idle) throw failure(what);
    state_ = state::lost;
    throw retryable_failure(what);
  }
  if (state_ == state::open) aborted_ = true;
  if (is_retryable(sqlstate)) throw retryable_failure(what);
  if (sqlstate == "23505") throw unique_violation(what);
  throw failure(what);
}

}  // namespace natter::store::postgres
