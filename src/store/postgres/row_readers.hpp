#pragma once
// The shared column lists and row readers (store/sql/row_readers.hpp) over a
// pqxx::row, and field access for the store. Internal to the backend.

#include <pqxx/field>
#include <pqxx/row>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/sql/row_readers.hpp"

namespace natter::store::postgres {

// Field access for the readers and the store.
inline std::int64_t int_at(const pqxx::row& r, int index) {
  return r[index].as<std::int64_t>();
}
inline std::optional<std::int64_t> optional_int_at(const pqxx::row& r, int index) {
  if (r[index].is_null()) return std::nullopt;
  return r[index].as<std::int64_t>();
}
inline std::string text_at(const pqxx::row& r, int index) {  // NULL reads as ""
  const pqxx::field f = r[index];
  return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
}

}  // namespace natter::store::postgres

template <>
struct natter::store::sql::row_access<pqxx::row> {
  static constexpr std::string_view dialect = "postgres";
  static std::int64_t int_at(const pqxx::row& r, int i) { return postgres::int_at(r, i); }
  static std::optional<std::int64_t> optional_int_at(const pqxx::row& r, int i) {
    return postgres::optional_int_at(r, i);
  }
  static std::string text_at(const pqxx::row& r, int i) { return postgres::text_at(r, i); }
  static bool bool_at(const pqxx::row& r, int i) { return r[i].as<bool>(); }
  static bool is_null(const pqxx::row& r, int i) { return r[i].is_null(); }
};

namespace natter::store::postgres {

#include "store/sql/row_reader_names.hpp"  // IWYU pragma: keep

}  // namespace natter::store::postgres
