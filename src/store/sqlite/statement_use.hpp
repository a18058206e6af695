#pragma once
// How the SQLite store runs its cached statements: one use at a time, reset
// afterwards, SQLite's exceptions turned into the store's. Internal to the
// backend.

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "store/store.hpp"

namespace natter::store::sqlite {

// Readies a cached statement for one use and resets it when the use ends, even
// when a step threw.
class statement_use {
 public:
  explicit statement_use(SQLite::Statement& statement) : statement_(statement) {
    statement_.reset();
    statement_.clearBindings();  // an unbound parameter must read as NULL, not as last time's value
  }
  ~statement_use() { statement_.tryReset(); }
  statement_use(const statement_use&) = delete;
  statement_use& operator=(const statement_use&) = delete;

  SQLite::Statement* operator->() noexcept { return &statement_; }
  SQLite::Statement& operator*() noexcept { return statement_; }

 private:
  SQLite::Statement& statement_;
};

// Runs fn, turning SQLite's exceptions into the store's, as store.hpp promises.
template <class Fn>
auto guarded(const char* operation, Fn&& fn) -> decltype(fn()) {
  try {
    return std::forward<Fn>(fn)();
  } catch (const SQLite::Exception& e) {
    throw failure(std::string("sqlite ") + operation + ": " + e.what());
  }
}

inline bool is_unique_violation(const SQLite::Exception& e) noexcept {
  return e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE;
}

inline void bind_text(SQLite::Statement& s, int index, std::string_view value) {
  s.bind(index, std::string(value));
}

// Binds the value, or NULL when there is none.
template <class T>
void bind_optional(SQLite::Statement& s, int index, const std::optional<T>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind(index);
  }
}

inline std::optional<std::int64_t> optional_int(const SQLite::Statement& s, int index) {
  if (s.isColumnNull(index)) return std::nullopt;
  return s.getColumn(index).getInt64();
}

// Runs a statement that answers with one integer (a count, EXISTS).
inline std::int64_t single_int(SQLite::Statement& s) {
  return s.executeStep() ? s.getColumn(0).getInt64() : 0;
}

// Steps an UPDATE ... RETURNING to its end, so that the change completes on
// the step rather than on the reset.
inline void finish_steps(SQLite::Statement& s) {
  while (s.executeStep()) {
  }
}

// ids as a JSON array, for a `json_each(?)` parameter: one statement for
// any number of ids.
inline std::string json_ids(std::span<const message_id> ids) {
  std::string out = "[";
  for (auto id : ids) {
    if (out.size() > 1) out += ',';
    out += std::to_string(id);
  }
  return out + "]";
}

}  // namespace natter::store::sqlite
