#pragma once
// One session with PostgreSQL as the postgres store uses it. Internal to the
// backend; used by one thread at a time, like the store that owns it.
//
// - Opened when first needed, and opened again on the first use after it
//   broke: a restarted server costs the calls that were under way, never the
//   process.
// - Statements are prepared on the session the first time they run there,
//   then run by name.
// - Transaction control is queued and sent with the next control statement or
//   just before the next query, so that a group commit costs one round trip
//   per savepoint rather than two (RELEASE and the next SAVEPOINT travel
//   together; a savepoint with nothing in it is never sent).
// - libpqxx's errors become the store's: unique_violation (23505),
//   retryable_failure (40001 serialization failure, 40P01 deadlock, or the
//   session lost inside a transaction before COMMIT: nothing of it was kept),
//   failure for everything else.

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/postgres/parameter_traits.hpp"
#include "store/store.hpp"

namespace natter::store::postgres {

// A statement with a name that is unique within the backend.
struct statement {
  std::string name;
  std::string sql;  // $1, $2, ... for parameters; never text from a user
};

// The unique violation behind an expected failure (a taken username), for
// the caller to turn into a result value. Uncaught, it is a failure like any.
class unique_violation : public failure {
 public:
  using failure::failure;
};

class notice_logger;

class connection {
 public:
  // url: a libpq connection URI or keyword string. setup: statements run on
  // every new session (SET ...). Connects only when first used.
  connection(std::string url, std::string setup);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Connects now unless connected. Throws failure.
  void open();

  // Runs s with the parameters (std::optional ones are NULL when empty) and
  // returns its rows. Throws as the header comment says.
  template <class... Args>
  pqxx::result exec(const statement& s, const Args&... args);

  // Runs constant SQL that takes no parameters, unprepared (migrations, SET).
  pqxx::result exec_unprepared(const std::string& sql);

  // --- transactions ---
  // begin_statement: "BEGIN" or a variant of it. Throws failure when a
  // transaction is open already.
  void begin(std::string_view begin_statement);
  // Throws failure when it did not commit: retryable_failure if it may be
  // run again, failure if it failed or (when the session broke during COMMIT)
  // nobody knows. Call rollback after a failure (it may still be open).
  void commit();
  // Never leaves a transaction open: when ROLLBACK cannot be sent, the
  // session is closed, which rolls back on the server. Does nothing when no
  // transaction is open.
  void rollback();
  void savepoint(std::string_view name);
  void release_savepoint(std::string_view name);
  void rollback_to_savepoint(std::string_view name);
  bool in_transaction() const noexcept { return state_ != state::idle; }

 private:
  enum class state {
    idle,
    open,      // begun (maybe only queued); aborted_ tells whether it failed
    lost,      // the session broke inside it: the server rolled it back
    unopened,  // begun, but no session could be opened: not tried again in it
  };

  pqxx::nontransaction& ready_for(const statement& s);
  // Opens the session and sends the queued control statements. Throws when
  // the transaction was lost, or when no session can be opened.
  pqxx::nontransaction& ready(std::string_view operation);
  void send_queued(std::string_view operation, bool committing);
  // Throws unless the transaction is open and usable.
  void require_transaction(std::string_view operation) const;
  void end_transaction() noexcept;
  void close() noexcept;
  // Turns the exception being handled into the store's, after noting what it
  // did to the session and its transaction.
  [[noreturn]] void fail(std::string_view operation, bool committing = false);

  std::string url_;
  std::string setup_;
  // Destroyed in reverse: the session before its notice logger before the
  // connection.
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<notice_logger> notices_;
  std::unique_ptr<pqxx::nontransaction> session_;
  std::unordered_map<std::string, const statement*> prepared_;  // on this session

  state state_ = state::idle;
  std::vector<std::string> queued_;  // transaction control not sent yet
  bool begun_ = false;               // the open transaction's BEGIN was sent
  bool aborted_ = false;             // a statement failed in it, not yet undone
};

template <class... Args>
pqxx::result connection::exec(const statement& s, const Args&... args) {
  pqxx::nontransaction& session = ready_for(s);
  try {
    return session.exec_prepared(s.name, args...);
  } catch (...) {
    fail(s.name);
  }
}

}  // namespace natter::store::postgres
