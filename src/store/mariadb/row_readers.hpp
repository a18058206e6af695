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

using ::natter::store::sql::audit_events_in;
using ::natter::store::sql::audit_select;
using ::natter::store::sql::conversation_column_count;
using ::natter::store::sql::conversation_columns;
using ::natter::store::sql::first_credentials;
using ::natter::store::sql::first_user;
using ::natter::store::sql::member_column_count;
using ::natter::store::sql::member_columns;
using ::natter::store::sql::message_column_count;
using ::natter::store::sql::message_columns;
using ::natter::store::sql::read_audit_event;
using ::natter::store::sql::read_conversation;
using ::natter::store::sql::read_credentials;
using ::natter::store::sql::read_device;
using ::natter::store::sql::read_invitation;
using ::natter::store::sql::read_invite;
using ::natter::store::sql::read_log_entry;
using ::natter::store::sql::read_media;
using ::natter::store::sql::read_member;
using ::natter::store::sql::read_message;
using ::natter::store::sql::read_refresh_token;
using ::natter::store::sql::read_sanction;
using ::natter::store::sql::read_summary;
using ::natter::store::sql::read_user;
using ::natter::store::sql::select_log_entries;
using ::natter::store::sql::user_column_count;
using ::natter::store::sql::user_columns;

}  // namespace natter::store::mariadb
