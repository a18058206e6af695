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

}  // namespace natter::store::sqlite
