#include "store/sql/conversation_statements.hpp"

#include "store/sql/row_readers.hpp"

namespace natter::store::sql {

std::string conversations_where(std::string_view rest) {
  return "SELECT " + conversation_columns("") + " FROM conversations " + std::string(rest);
}

std::string members_where(std::string_view rest) {
  return "SELECT " + member_columns("m", "u") + " FROM conversation_members m JOIN users u ON u.id = m.user_id " +
         std::string(rest);
}

std::string invitations_where(std::string_view rest) {
  return "SELECT i.conversation_id, i.user_id, i.invited_by, u.username, i.invited_at, i.declined_at "
         "FROM group_invitations i JOIN users u ON u.id = i.invited_by " +
         std::string(rest);
}

std::string summaries_where(std::string_view latest_message_join, std::string_view rest) {
  return "SELECT " + conversation_columns("c") + ", " + member_columns("me", "u") +
         ", (SELECT count(*) FROM conversation_members WHERE conversation_id = c.id), " + unread_of_me + ", " +
         message_columns("lm", "lu") + ", " + unread_mentions_of_me +
         " FROM conversation_members me "
         "JOIN conversations c ON c.id = me.conversation_id "
         "JOIN users u ON u.id = me.user_id " +
         std::string(latest_message_join) + "LEFT JOIN users lu ON lu.id = lm.actor_id " + std::string(rest);
}

std::string conversation_by_id() {
  return conversations_where("WHERE id = ?");
}

std::string conversation_by_direct_key() {
  return conversations_where("WHERE direct_key = ?");
}

std::string room_by_name() {
  return conversations_where("WHERE kind = 'room' AND name = ? AND deleted_at IS NULL");
}

std::string member() {
  return members_where("WHERE m.conversation_id = ? AND m.user_id = ?");
}

std::string members() {
  return members_where("WHERE m.conversation_id = ? ORDER BY m.joined_at, m.user_id");
}

std::string unread_count() {
  return std::string("SELECT ") + unread_of_me +
         " FROM conversation_members me JOIN conversations c ON c.id = me.conversation_id "
         "WHERE me.conversation_id = ? AND me.user_id = ?";
}

std::string summaries_of_user(std::string_view latest_message_join) {
  return summaries_where(latest_message_join, std::string("WHERE me.user_id = ? ") + by_latest_activity);
}

std::string summary_of(std::string_view latest_message_join) {
  return summaries_where(latest_message_join, "WHERE me.conversation_id = ? AND me.user_id = ?");
}

std::string log_entry_by_id() {
  return select_log_entries() + "WHERE l.id = ?";
}

std::string message_by_id() {
  return "SELECT " + message_columns("m", "u") +
         " FROM conversation_log m JOIN users u ON u.id = m.actor_id WHERE m.id = ? AND m.kind = 'message'";
}

std::string log_after() {
  return select_log_entries() + "WHERE l.conversation_id = ? AND l.seq > ? ORDER BY l.seq LIMIT ?";
}

std::string log_before_newest_first() {
  return select_log_entries() + "WHERE l.conversation_id = ? AND l.seq < ? ORDER BY l.seq DESC LIMIT ?";
}

std::string invitation() {
  return invitations_where("WHERE i.conversation_id = ? AND i.user_id = ?");
}

std::string invitations_of() {
  return invitations_where(
      "WHERE i.user_id = ? AND i.declined_at IS NULL ORDER BY i.invited_at DESC, i.conversation_id DESC");
}

std::string contacts_of() {
  return "SELECT " + user_columns("u") +
         " FROM contacts x JOIN users u ON u.id = x.contact_id WHERE x.owner_id = ? ORDER BY u.username";
}

}  // namespace natter::store::sql
