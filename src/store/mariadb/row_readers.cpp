#include "store/mariadb/row_readers.hpp"

#include <array>

#include "store/attachment_codec.hpp"
#include "store/store.hpp"

namespace natter::store::mariadb {
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

// The parsed value of a CHECKed text column, or failure.
template <class T>
T parsed(std::optional<T> value, std::string_view column, const std::string& text) {
  if (!value) throw failure("mariadb: unknown " + std::string(column) + " '" + text + "' in the database");
  return *value;
}

}  // namespace

std::string user_columns(std::string_view users) {
  return qualified<user_column_count>(
      users, {"id", "email", "username", "display_name", "bio", "created_at", "last_seen_at", "avatar"});
}

// The readers assign member by member rather than use designated
// initializers, so that a field added to a record does not break them.
user_record read_user(const rows::row& r, int first) {
  user_record u;
  u.id = int_at(r, first);
  u.email = text_at(r, first + 1);
  u.username = text_at(r, first + 2);
  u.display_name = text_at(r, first + 3);
  u.bio = text_at(r, first + 4);
  u.created_at = int_at(r, first + 5);
  u.last_seen = optional_int_at(r, first + 6);
  u.avatar = text_at(r, first + 7);
  return u;
}

std::string conversation_columns(std::string_view conversations) {
  return qualified<conversation_column_count>(conversations, {"id", "kind", "name", "topic", "last_seq", "created_at",
                                                              "request_state", "requested_by", "avatar", "encrypted"});
}

conversation_record read_conversation(const rows::row& r, int first) {
  conversation_record c;
  c.id = int_at(r, first);
  const std::string kind = text_at(r, first + 1);
  c.kind = parsed(conversation_kind_from(kind), "conversation kind", kind);
  c.name = text_at(r, first + 2);
  c.topic = text_at(r, first + 3);
  c.last_seq = int_at(r, first + 4);
  c.created_at = int_at(r, first + 5);
  const std::string request = text_at(r, first + 6);
  c.request = parsed(request_state_from(request), "request state", request);
  c.requested_by = optional_int_at(r, first + 7);
  c.avatar = text_at(r, first + 8);
  c.encrypted = bool_at(r, first + 9);
  return c;
}

std::string member_columns(std::string_view members, std::string_view users) {
  return qualified<2>(members, {"conversation_id", "user_id"}) + ", " + qualified<1>(users, {"username"}) + ", " +
         qualified<5>(members, {"role", "joined_at", "delivered_seq", "read_seq", "joined_seq"});
}

member_record read_member(const rows::row& r, int first) {
  member_record m;
  m.conversation = int_at(r, first);
  m.user = int_at(r, first + 1);
  m.username = text_at(r, first + 2);
  const std::string role = text_at(r, first + 3);
  m.role = parsed(member_role_from(role), "member role", role);
  m.joined_at = int_at(r, first + 4);
  m.delivered_seq = int_at(r, first + 5);
  m.read_seq = int_at(r, first + 6);
  m.joined_seq = int_at(r, first + 7);
  return m;
}

std::string message_columns(std::string_view log, std::string_view users) {
  return qualified<4>(log, {"id", "conversation_id", "seq", "actor_id"}) + ", " + qualified<1>(users, {"username"}) +
         ", " +
         qualified<9>(log, {"text", "client_msg_id", "reply_to", "occurred_at", "edited_at", "deleted", "attachments",
                            "forwarded_sender", "forwarded_at"}) +
         ", " + qualified<2>(log, {"thread_id", "envelope"});
}

std::optional<message_record> read_message(const rows::row& r, int first) {
  if (r.is_null(static_cast<std::size_t>(first))) return std::nullopt;
  message_record m;
  m.id = int_at(r, first);
  m.conversation = int_at(r, first + 1);
  m.seq = int_at(r, first + 2);
  m.sender = int_at(r, first + 3);
  m.sender_name = text_at(r, first + 4);
  m.text = text_at(r, first + 5);
  m.client_msg_id = text_at(r, first + 6);
  m.reply_to = optional_int_at(r, first + 7);
  m.created_at = int_at(r, first + 8);
  m.edited_at = optional_int_at(r, first + 9);
  m.deleted = bool_at(r, first + 10);
  m.attachments = decode_attachments(text_at(r, first + 11));
  m.forwarded_sender = text_at(r, first + 12);
  m.forwarded_at = optional_int_at(r, first + 13).value_or(0);
  m.thread_id = optional_int_at(r, first + 14);
  m.envelope = text_at(r, first + 15);
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

log_entry read_log_entry(const rows::row& r) {
  log_entry e;
  e.id = int_at(r, 0);
  e.conversation = int_at(r, 1);
  e.seq = int_at(r, 2);
  const std::string kind = text_at(r, 3);
  e.kind = parsed(entry_kind_from(kind), "log entry kind", kind);
  e.actor = int_at(r, 4);
  e.actor_name = text_at(r, 5);
  e.at = int_at(r, 6);
  e.target = optional_int_at(r, 7);
  e.subject = optional_int_at(r, 8);
  e.subject_name = text_at(r, 9);
  e.role = text_at(r, 10);
  e.name = text_at(r, 11);
  e.topic = text_at(r, 12);
  if (!r.is_null(13)) e.avatar = text_at(r, 13);
  e.message = read_message(r, 14);
  e.action = text_at(r, 14 + message_column_count);
  e.reason = text_at(r, 15 + message_column_count);
  e.emoji = text_at(r, 16 + message_column_count);
  return e;
}

}  // namespace natter::store::mariadb
