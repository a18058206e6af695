#include "store/mariadb/conversation_statements.hpp"

#include <string>

#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb::conversation_sql {
namespace {

std::string conversations_where(std::string_view rest) {
  return "SELECT " + conversation_columns("") + " FROM conversations " + std::string(rest);
}

std::string invitations_where(std::string_view rest) {
  return "SELECT i.conversation_id, i.user_id, i.invited_by, u.username, i.invited_at, i.declined_at "
         "FROM group_invitations i JOIN users u ON u.id = i.invited_by " +
         std::string(rest);
}

std::string members_where(std::string_view rest) {
  return "SELECT " + member_columns("m", "u") + " FROM conversation_members m JOIN users u ON u.id = m.user_id " +
         std::string(rest);
}

// Others' messages after the member's read_seq, not deleted: the unread
// count, from the counters (no count over the log).
constexpr const char* unread_of_me = "c.message_count - me.read_message_count - me.own_or_deleted_after_read";

// The member me's unread mentions: the messages above me.read_seq, not by
// me, that mention me or everyone.
constexpr const char* unread_mentions_of_me =
    "(SELECT COUNT(DISTINCT x.message_id) FROM message_mentions x WHERE x.user_id IN (me.user_id, 0) "
    "AND x.conversation_id = me.conversation_id AND x.seq > me.read_seq AND x.sender_id <> me.user_id)";

// Columns: conversation, the member, member count, unread count, last
// message, unread mentions. The latest message is found through the
// (conversation, kind, seq) index, once per row.
std::string summaries_where(std::string_view rest) {
  return "SELECT " + conversation_columns("c") + ", " + member_columns("me", "u") +
         ", (SELECT COUNT(*) FROM conversation_members WHERE conversation_id = c.id), " + unread_of_me + ", " +
         message_columns("lm", "lu") + ", " + unread_mentions_of_me +
         " FROM conversation_members me "
         "JOIN conversations c ON c.id = me.conversation_id "
         "JOIN users u ON u.id = me.user_id "
         "LEFT JOIN conversation_log lm ON lm.id = (SELECT x.id FROM conversation_log x "
         "WHERE x.conversation_id = c.id AND x.kind = 'message' ORDER BY x.seq DESC LIMIT 1) "
         "LEFT JOIN users lu ON lu.id = lm.actor_id " +
         std::string(rest);
}

// Latest activity: when the last log entry happened, or when the
// conversation was created if its log is empty.
constexpr const char* by_latest_activity =
    "ORDER BY COALESCE((SELECT occurred_at FROM conversation_log WHERE conversation_id = c.id AND seq = c.last_seq), "
    "c.created_at) DESC, c.id DESC";

// Whose presence is shared with whom (conversation_store.hpp): contacts in
// one direction (audience: the people u added; visible_to: the people who
// added v), and fellow members of groups and accepted direct chats, unless
// either blocked the other. The user is the one parameter, read once into p.
std::string presence_sql(bool audience) {
  const char* contacts = audience ? "SELECT contact_id AS id FROM contacts, p WHERE owner_id = p.me "
                                  : "SELECT owner_id AS id FROM contacts, p WHERE contact_id = p.me ";
  return std::string("WITH p AS (SELECT ? AS me) SELECT people.id FROM (") + contacts +
         "UNION SELECT other.user_id FROM p JOIN conversation_members mine ON mine.user_id = p.me "
         "JOIN conversations c ON c.id = mine.conversation_id "
         "AND (c.kind = 'group' OR (c.kind = 'direct' AND c.request_state = 'none')) "
         "JOIN conversation_members other ON other.conversation_id = mine.conversation_id) AS people, p "
         "WHERE people.id <> p.me AND NOT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = p.me AND "
         "blocked_id = people.id) OR (blocker_id = people.id AND blocked_id = p.me)) ORDER BY people.id";
}

// conversation, user, role, joined_at, joined_seq, then conversation,
// conversation, user, joined_seq, conversation. Delivered and read start
// just before joined_seq (at most last_seq), and the counters are set for
// that read_seq: only what the joining transaction appended lies beyond it.
constexpr const char* add_member_sql =
    "INSERT INTO conversation_members (conversation_id, user_id, role, joined_at, joined_seq, delivered_seq, "
    "read_seq, read_message_count, own_or_deleted_after_read) "
    "SELECT ?, ?, ?, ?, ?, s.start, s.start, "
    "COALESCE((SELECT message_count FROM conversation_log WHERE conversation_id = ? AND seq = s.start), 0), "
    "(SELECT COUNT(*) FROM conversation_log WHERE conversation_id = ? AND kind = 'message' AND seq > s.start "
    "AND (actor_id = ? OR deleted)) "
    "FROM (SELECT GREATEST(0, LEAST(? - 1, last_seq)) AS start FROM conversations WHERE id = ?) AS s";

}  // namespace

const statement insert_conversation{
    "insert_conversation",
    "INSERT INTO conversations (kind, name, topic, created_at, direct_key, request_state, requested_by, encrypted) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"};
const statement conversation_by_id{"conversation_by_id", conversations_where("WHERE id = ?")};
const statement conversation_by_direct_key{"conversation_by_direct_key", conversations_where("WHERE direct_key = ?")};
const statement room_by_name{"room_by_name", conversations_where("WHERE room_name = ?")};
const statement rooms{
    "rooms",
    "SELECT c.id, c.name, c.topic, (SELECT COUNT(*) FROM conversation_members WHERE conversation_id = c.id) "
    "FROM conversations c WHERE c.room_name > ? ORDER BY c.room_name LIMIT ?"};
const statement set_request_state{"set_request_state", "UPDATE conversations SET request_state = ? WHERE id = ?"};
const statement encrypt_conversation{"encrypt_conversation",
                                     "UPDATE conversations SET encrypted = true WHERE id = ? AND NOT encrypted"};

const statement member{"member", members_where("WHERE m.conversation_id = ? AND m.user_id = ?")};
const statement members{"members", members_where("WHERE m.conversation_id = ? ORDER BY m.joined_at, m.user_id")};
const statement member_ids{
    "member_ids", "SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY joined_at, user_id"};
const statement add_member{"add_member", add_member_sql};
const statement remove_member{"remove_member",
                              "DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?"};
const statement set_member_role{"set_member_role",
                                "UPDATE conversation_members SET role = ? WHERE conversation_id = ? AND user_id = ?"};
const statement lock_member{"lock_member",
                            "SELECT 1 FROM conversation_members WHERE conversation_id = ? AND user_id = ? FOR UPDATE"};
const statement receipts_target{
    "receipts_target",
    "SELECT GREATEST(m.delivered_seq, LEAST(GREATEST(?, ?), c.last_seq)), GREATEST(m.read_seq, LEAST(?, c.last_seq)), "
    "m.read_seq, c.message_count, m.own_or_deleted_after_read "
    "FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
    "WHERE m.conversation_id = ? AND m.user_id = ?"};
const statement message_count_at{
    "message_count_at",
    "SELECT COALESCE((SELECT message_count FROM conversation_log WHERE conversation_id = ? AND seq = ?), 0)"};
const statement read_own_or_deleted{
    "read_own_or_deleted",
    "SELECT COALESCE(SUM(actor_id = ?), 0), COALESCE(SUM(deleted AND actor_id <> ?), 0) FROM conversation_log "
    "WHERE conversation_id = ? AND kind = 'message' AND seq > ? AND seq <= ?"};
const statement set_receipts{"set_receipts",
                             "UPDATE conversation_members SET delivered_seq = ?, read_seq = ?, read_message_count = ?, "
                             "own_or_deleted_after_read = ? WHERE conversation_id = ? AND user_id = ?"};
const statement unread_count{"unread_count", std::string("SELECT ") + unread_of_me +
                                                 " FROM conversation_members me JOIN conversations c "
                                                 "ON c.id = me.conversation_id "
                                                 "WHERE me.conversation_id = ? AND me.user_id = ?"};
const statement summaries_of_user{"summaries_of_user",
                                  summaries_where(std::string("WHERE me.user_id = ? ") + by_latest_activity)};
const statement summary_of{"summary_of", summaries_where("WHERE me.conversation_id = ? AND me.user_id = ?")};

const statement take_seq{"take_seq",
                         "UPDATE conversations SET last_seq = last_seq + 1, message_count = message_count + ?, "
                         "name = COALESCE(?, name), topic = COALESCE(?, topic), "
                         "avatar = CASE WHEN ? IS NULL THEN avatar ELSE NULLIF(?, '') END WHERE id = ?"};
const statement taken_seq{"taken_seq", "SELECT last_seq, message_count FROM conversations WHERE id = ?"};
const statement give_back_seq{
    "give_back_seq",
    "UPDATE conversations SET last_seq = last_seq - 1, message_count = message_count - 1 WHERE id = ?"};
const statement insert_entry{
    "insert_entry",
    "INSERT INTO conversation_log (conversation_id, seq, message_count, kind, actor_id, occurred_at, text, "
    "client_msg_id, reply_to, target_id, subject_id, role, new_name, new_topic, attachments, new_avatar, moderation, "
    "reason, forwarded_sender, forwarded_at, thread_id, envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?)"};
const statement add_media_ref{"add_media_ref",
                              "INSERT INTO media_refs (media_id, message_id, conversation_id) VALUES (?, ?, ?) "
                              "ON DUPLICATE KEY UPDATE media_id = media_id"};
const statement mark_media_used{"mark_media_used", "UPDATE media SET used = true WHERE id = ? AND NOT used"};
const statement count_own_message{
    "count_own_message",
    "UPDATE conversation_members SET own_or_deleted_after_read = own_or_deleted_after_read + 1 "
    "WHERE conversation_id = ? AND user_id = ?"};
const statement message_id_by_client_msg_id{"message_id_by_client_msg_id",
                                            "SELECT id FROM conversation_log WHERE actor_id = ? AND message_key = ?"};
const statement log_entry_by_id{"log_entry_by_id", select_log_entries() + "WHERE l.id = ?"};
const statement message_by_id{"message_by_id", "SELECT " + message_columns("m", "u") +
                                                   " FROM conversation_log m JOIN users u ON u.id = m.actor_id "
                                                   "WHERE m.id = ? AND m.kind = 'message'"};
const statement edit_message{"edit_message",
                             "UPDATE conversation_log SET text = ?, edited_at = ? WHERE id = ? AND kind = 'message'"};
const statement edit_envelope{
    "edit_envelope",
    "UPDATE conversation_log SET text = '', envelope = ?, edited_at = ? WHERE id = ? AND kind = 'message'"};
const statement lock_conversation_of_message{
    "lock_conversation_of_message",
    "SELECT 1 FROM conversations WHERE id = (SELECT conversation_id FROM conversation_log WHERE id = ?) FOR UPDATE"};
const statement live_message{"live_message",
                             "SELECT conversation_id, seq, actor_id FROM conversation_log "
                             "WHERE id = ? AND kind = 'message' AND NOT deleted FOR UPDATE"};
const statement mark_message_deleted{
    "mark_message_deleted",
    "UPDATE conversation_log SET text = '', deleted = true, attachments = NULL, envelope = NULL "
    "WHERE id = ?"};
const statement count_deleted_as_read{
    "count_deleted_as_read",
    "UPDATE conversation_members SET own_or_deleted_after_read = own_or_deleted_after_read + 1 "
    "WHERE conversation_id = ? AND user_id <> ? AND read_seq < ?"};
const statement drop_media_refs_of{"drop_media_refs_of", "DELETE FROM media_refs WHERE message_id = ?"};
const statement clear_mentions{"clear_mentions", "DELETE FROM message_mentions WHERE message_id = ?"};
const statement log_after{"log_after",
                          select_log_entries() + "WHERE l.conversation_id = ? AND l.seq > ? ORDER BY l.seq LIMIT ?"};
const statement membership_changed{"membership_changed",
                                   "SELECT EXISTS (SELECT 1 FROM conversation_log WHERE conversation_id = ? "
                                   "AND seq > ? AND seq < ? AND kind IN ('member_joined', 'member_left'))"};
const statement membership_changes_after{
    "membership_changes_after",
    "SELECT seq, subject_id, kind = 'member_joined' FROM conversation_log WHERE conversation_id = ? AND seq > ? "
    "AND kind IN ('member_joined', 'member_left') ORDER BY seq"};
const statement log_before_newest_first{
    "log_before_newest_first",
    select_log_entries() + "WHERE l.conversation_id = ? AND l.seq < ? ORDER BY l.seq DESC LIMIT ?"};

const statement add_invitation{"add_invitation",
                               "INSERT INTO group_invitations (conversation_id, user_id, invited_by, invited_at) "
                               "VALUES (?, ?, ?, ?)"};
const statement invitation{"invitation", invitations_where("WHERE i.conversation_id = ? AND i.user_id = ?")};
const statement invitations_of{"invitations_of",
                               invitations_where("WHERE i.user_id = ? AND i.declined_at IS NULL "
                                                 "ORDER BY i.invited_at DESC, i.conversation_id DESC")};
const statement remove_invitation{"remove_invitation",
                                  "DELETE FROM group_invitations WHERE conversation_id = ? AND user_id = ?"};
const statement decline_invitations_from{"decline_invitations_from",
                                         "UPDATE group_invitations SET declined_at = ? WHERE user_id = ? "
                                         "AND invited_by = ? AND declined_at IS NULL"};
const statement declined_invitation_from{"declined_invitation_from",
                                         "SELECT EXISTS (SELECT 1 FROM group_invitations WHERE user_id = ? "
                                         "AND invited_by = ? AND declined_at IS NOT NULL)"};

const statement add_contact{"add_contact", "INSERT INTO contacts (owner_id, contact_id) VALUES (?, ?)"};
const statement remove_contact{"remove_contact", "DELETE FROM contacts WHERE owner_id = ? AND contact_id = ?"};
const statement is_contact{"is_contact",
                           "SELECT EXISTS (SELECT 1 FROM contacts WHERE owner_id = ? AND contact_id = ?)"};
const statement contacts_of{"contacts_of", "SELECT " + user_columns("u") +
                                               " FROM contacts x JOIN users u ON u.id = x.contact_id "
                                               "WHERE x.owner_id = ? ORDER BY u.username"};
const statement add_block{"add_block", "INSERT INTO blocks (blocker_id, blocked_id) VALUES (?, ?)"};
const statement remove_block{"remove_block", "DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?"};
const statement is_blocked{"is_blocked",
                           "SELECT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?)"};
const statement presence_audience{"presence_audience", presence_sql(true)};
const statement presence_visible_to{"presence_visible_to", presence_sql(false)};
const statement set_last_seen{"set_last_seen", "UPDATE users SET last_seen_at = ? WHERE id = ?"};
const statement last_seen{"last_seen", "SELECT last_seen_at FROM users WHERE id = ?"};

}  // namespace natter::store::mariadb::conversation_sql
