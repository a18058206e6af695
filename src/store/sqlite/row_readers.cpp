#include "store/sqlite/row_readers.hpp"

#include <SQLiteCpp/Column.h>

#include <array>
#include <utility>

#include "store/attachment_codec.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

// "a.x, a.y, ..." for the given column names; unqualified without an alias.
template <std::size_t N>
std::string qualified(std::string_view alias, const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    if (!alias.empty()) out.append(alias).append(".");
    out.append(name);
  }
  return out;
}

[[noreturn]] void unknown_value(std::string_view column, std::string_view value) {
  throw failure("sqlite: unknown " + std::string(column) + " '" + std::string(value) + "' in the database");
}

// A stored enum's text, parsed by the shared parser; anything else is a
// corrupt row.
template <class Enum>
Enum stored(std::optional<Enum> parsed, std::string_view column, std::string_view value) {
  if (!parsed) unknown_value(column, value);
  return *parsed;
}

std::string optional_text(const SQLite::Statement& s, int index) {
  return s.isColumnNull(index) ? std::string() : s.getColumn(index).getString();
}

}  // namespace

std::string user_columns(std::string_view users) {
  return qualified<user_column_count>(
      users, {"id", "email", "username", "display_name", "bio", "created_at", "last_seen_at", "avatar"});
}

// The readers assign member by member rather than use designated
// initializers, so that a field added to a record does not break them.
user_record read_user(const SQLite::Statement& s, int first) {
  user_record u;
  u.id = s.getColumn(first).getInt64();
  u.email = s.getColumn(first + 1).getString();
  u.username = s.getColumn(first + 2).getString();
  u.display_name = s.getColumn(first + 3).getString();
  u.bio = s.getColumn(first + 4).getString();
  u.created_at = s.getColumn(first + 5).getInt64();
  u.last_seen = optional_int(s, first + 6);
  u.avatar = optional_text(s, first + 7);
  return u;
}

std::string conversation_columns(std::string_view conversations) {
  return qualified<conversation_column_count>(conversations, {"id", "kind", "name", "topic", "last_seq", "created_at",
                                                              "request_state", "requested_by", "avatar", "encrypted"});
}

conversation_record read_conversation(const SQLite::Statement& s, int first) {
  conversation_record c;
  c.id = s.getColumn(first).getInt64();
  const auto kind = s.getColumn(first + 1).getString();
  c.kind = stored(conversation_kind_from(kind), "conversation kind", kind);
  c.name = s.getColumn(first + 2).getString();
  c.topic = s.getColumn(first + 3).getString();
  c.last_seq = s.getColumn(first + 4).getInt64();
  c.created_at = s.getColumn(first + 5).getInt64();
  const auto request = s.getColumn(first + 6).getString();
  c.request = stored(request_state_from(request), "request state", request);
  c.requested_by = optional_int(s, first + 7);
  c.avatar = optional_text(s, first + 8);
  c.encrypted = s.getColumn(first + 9).getInt() != 0;
  return c;
}

std::string member_columns(std::string_view members, std::string_view users) {
  return qualified<2>(members, {"conversation_id", "user_id"}) + ", " + qualified<1>(users, {"username"}) + ", " +
         qualified<5>(members, {"role", "joined_at", "delivered_seq", "read_seq", "joined_seq"});
}

member_record read_member(const SQLite::Statement& s, int first) {
  member_record m;
  m.conversation = s.getColumn(first).getInt64();
  m.user = s.getColumn(first + 1).getInt64();
  m.username = s.getColumn(first + 2).getString();
  const auto role = s.getColumn(first + 3).getString();
  m.role = stored(member_role_from(role), "member role", role);
  m.joined_at = s.getColumn(first + 4).getInt64();
  m.delivered_seq = s.getColumn(first + 5).getInt64();
  m.read_seq = s.getColumn(first + 6).getInt64();
  m.joined_seq = s.getColumn(first + 7).getInt64();
  return m;
}

std::string message_columns(std::string_view log, std::string_view users) {
  return qualified<4>(log, {"id", "conversation_id", "seq", "actor_id"}) + ", " + qualified<1>(users, {"username"}) +
         ", " +
         qualified<9>(log, {"text", "client_msg_id", "reply_to", "occurred_at", "edited_at", "deleted", "attachments",
                            "forwarded_sender", "forwarded_at"}) +
         ", " + qualified<2>(log, {"thread_id", "envelope"});
}

std::optional<message_record> read_message(const SQLite::Statement& s, int first) {
  if (s.isColumnNull(first)) return std::nullopt;
  message_record m;
  m.id = s.getColumn(first).getInt64();
  m.conversation = s.getColumn(first + 1).getInt64();
  m.seq = s.getColumn(first + 2).getInt64();
  m.sender = s.getColumn(first + 3).getInt64();
  m.sender_name = s.getColumn(first + 4).getString();
  m.text = s.getColumn(first + 5).getString();
  m.client_msg_id = optional_text(s, first + 6);
  m.reply_to = optional_int(s, first + 7);
  m.created_at = s.getColumn(first + 8).getInt64();
  m.edited_at = optional_int(s, first + 9);
  m.deleted = s.getColumn(first + 10).getInt() != 0;
  m.attachments = decode_attachments(optional_text(s, first + 11));
  m.forwarded_sender = optional_text(s, first + 12);
  m.forwarded_at = optional_int(s, first + 13).value_or(0);
  m.thread_id = optional_int(s, first + 14);
  m.envelope = optional_text(s, first + 15);
  return m;
}

// A message entry carries its own row as its message; an edit entry carries
// the row it edited, as that row stands now.
std::string select_log_entries() {
  return "SELECT l.id, l.conversation_id, l.seq, l.kind, l.actor_id, a.username, l.occurred_at, l.target_id, "
         "l.subject_id, s.username, l.role, l.new_name, l.new_topic, l.new_avatar, " +
         message_columns("m", "ma") +
         ", l.moderation, l.reason, CASE l.kind WHEN 'updated' THEN l.text ELSE '' END"
         " FROM conversation_log l "
         "JOIN users a ON a.id = l.actor_id "
         "LEFT JOIN users s ON s.id = l.subject_id "
         "LEFT JOIN conversation_log m "
         "ON m.id = CASE l.kind WHEN 'message' THEN l.id WHEN 'edit' THEN l.target_id END AND m.kind = 'message' "
         "LEFT JOIN users ma ON ma.id = m.actor_id ";
}

log_entry read_log_entry(const SQLite::Statement& s) {
  log_entry e;
  e.id = s.getColumn(0).getInt64();
  e.conversation = s.getColumn(1).getInt64();
  e.seq = s.getColumn(2).getInt64();
  const auto kind = s.getColumn(3).getString();
  e.kind = stored(entry_kind_from(kind), "log entry kind", kind);
  e.actor = s.getColumn(4).getInt64();
  e.actor_name = s.getColumn(5).getString();
  e.at = s.getColumn(6).getInt64();
  e.target = optional_int(s, 7);
  e.subject = optional_int(s, 8);
  e.subject_name = optional_text(s, 9);
  e.role = s.getColumn(10).getString();
  e.name = optional_text(s, 11);
  e.topic = optional_text(s, 12);
  if (!s.getColumn(13).isNull()) e.avatar = s.getColumn(13).getString();
  e.message = read_message(s, 14);
  e.action = s.getColumn(14 + message_column_count).getString();
  e.reason = s.getColumn(15 + message_column_count).getString();
  e.emoji = s.getColumn(16 + message_column_count).getString();
  return e;
}

}  // namespace natter::store::sqlite
