#pragma once
// The shared column lists and row readers (store/sql/row_readers.hpp) over a
// rows::row, and field access for the store. Internal to the backend.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/mariadb/connection.hpp"
#include "store/sql/row_readers.hpp"

namespace natter::store::mariadb {

// Field access for the readers and the store.
inline std::int64_t int_at(const rows::row& r, int index) {
  return r.int_at(static_cast<std::size_t>(index));
}
inline std::optional<std::int64_t> optional_int_at(const rows::row& r, int index) {
  return r.optional_int_at(static_cast<std::size_t>(index));
}
inline std::string text_at(const rows::row& r, int index) {  // NULL reads as ""
  return r.text_at(static_cast<std::size_t>(index));
}
inline bool bool_at(const rows::row& r, int index) {
  return r.bool_at(static_cast<std::size_t>(index));
}

}  // namespace natter::store::mariadb

template <>
struct natter::store::sql::row_access<natter::store::mariadb::rows::row> {
  using row = mariadb::rows::row;
  static constexpr std::string_view dialect = "mariadb";
  static std::int64_t int_at(const row& r, int i) { return mariadb::int_at(r, i); }
  static std::optional<std::int64_t> optional_int_at(const row& r, int i) { return mariadb::optional_int_at(r, i); }
  static std::string text_at(const row& r, int i) { return mariadb::text_at(r, i); }
  static bool bool_at(const row& r, int i) { return mariadb::bool_at(r, i); }
  static bool is_null(const row& r, int i) { return r.is_null(static_cast<std::size_t>(i)); }
};

namespace natter::store::mariadb {

#include "store/sql/row_reader_names.hpp"  // IWYU pragma: keep

}  // namespace natter::store::mariadb
