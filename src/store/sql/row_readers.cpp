#include "store/sql/row_readers.hpp"

#include <array>

namespace natter::store::sql {
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

}  // namespace

void unknown_value(std::string_view dialect, std::string_view column, std::string_view text) {
  throw failure(std::string(dialect) + ": unknown " + std::string(column) + " '" + std::string(text) +
                "' in the database");
}

std::string user_columns(std::string_view users) {
  return qualified<user_column_count>(
      users, {"id", "email", "username", "display_name", "bio", "created_at", "last_seen_at", "avatar"});
}

std::string conversation_columns(std::string_view conversations) {
  return qualified<conversation_column_count>(conversations, {"id", "kind", "name", "topic", "last_seq", "created_at",
                                                              "request_state", "requested_by", "avatar", "encrypted"});
}

std::string member_columns(std::string_view members, std::string_view users) {
  return qualified<2>(members, {"conversation_id", "user_id"}) + ", " + qualified<1>(users, {"username"}) + ", " +
         qualified<5>(members, {"role", "joined_at", "delivered_seq", "read_seq", "joined_seq"});
}

std::string message_columns(std::string_view log, std::string_view users) {
  return qualified<4>(log, {"id", "conversation_id", "seq", "actor_id"}) + ", " + qualified<1>(users, {"username"}) +
         ", " +
         qualified<9>(log, {"text", "client_msg_id", "reply_to", "occurred_at", "edited_at", "deleted", "attachments",
                            "forwarded_sender", "forwarded_at"}) +
         ", " + qualified<2>(log, {"thread_id", "envelope"});
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

}  // namespace natter::store::sql
