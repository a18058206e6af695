#pragma once
// The shared column lists and row readers (store/sql/row_readers.hpp) over a
// statement positioned on a row. Internal to the backend.

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/sql/row_readers.hpp"

template <>
struct natter::store::sql::row_access<SQLite::Statement> {
  static constexpr std::string_view dialect = "sqlite";
  static std::int64_t int_at(const SQLite::Statement& s, int i) { return s.getColumn(i).getInt64(); }
  static std::optional<std::int64_t> optional_int_at(const SQLite::Statement& s, int i) {
    if (s.isColumnNull(i)) return std::nullopt;
    return s.getColumn(i).getInt64();
  }
  static std::string text_at(const SQLite::Statement& s, int i) {
    return s.isColumnNull(i) ? std::string() : s.getColumn(i).getString();
  }
  static bool bool_at(const SQLite::Statement& s, int i) { return s.getColumn(i).getInt() != 0; }
  static bool is_null(const SQLite::Statement& s, int i) { return s.isColumnNull(i); }
};

namespace natter::store::sqlite {

#include "store/sql/row_reader_names.hpp"  // IWYU pragma: keep

}  // namespace natter::store::sqlite
