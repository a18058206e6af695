#include "store/mariadb/conversation_statements.hpp"

#include <string>

#include "store/mariadb/row_readers.hpp"
#include "store/sql/conversation_statements.hpp"

namespace natter::store::mariadb::conversation_sql {
namespace {

namespace shared = ::natter::store::sql;

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
const statement conversation_by_id{"conversation_by_id", shared::conversation_by_id()};
const statement conversation_by_direct_key{"conversation_by_direct_key", shared::conversation_by_direct_key()};
const statement room_by_name{"room_by_name", shared::conversations_where("WHERE room_name = ?")};
const statement rooms{
    "rooms",
    "SELECT c.id, c.name, c.topic, (SELECT COUNT(*) FROM conversation_members WHERE conversation_id = c.id) "
    "FROM conversations c WHERE c.room_name > ? ORDER BY c.room_name LIMIT ?"};
const statement set_request_state{"set_request_state", "UPDATE conversations SET request_state = ? WHERE id = ?"};
const statement encrypt_conversation{"encrypt_conversation",
                                     "UPDATE conversations SET encrypted = true WHERE id = ? AND NOT encrypted"};

const statement member{"member", shared::member()};
const statement members{"members", shared::members()};
const statement member_ids{"member_ids", shared::member_ids};
const statement add_member{"add_member", add_member_sql};
const statement remove_member{"remove_member", shared::remove_member};
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
const statement unread_count{"unread_count", shared::unread_count()};
const statement summaries_of_user{"summaries_of_user", shared::summaries_of_user(shared::latest_message_by_subquery)};
const statement summary_of{"summary_of", shared::summary_of(shared::latest_message_by_subquery)};

const statement take_seq{"take_seq",
                         "UPDATE conversations SET last_seq = last_seq + 1, message_count = message_count + ?, "
                         "name = COALESCE(?, name), topic = COALESCE(?, topic), "
                         "avatar = CASE WHEN ? IS NULL THEN avatar ELSE NULLIF(?, '') END WHERE id = ?"};
const statement taken_seq{"taken_seq", "SELECT last_seq, message_count FROM conversations WHERE id = ?"};
const statement give_back_seq{"give_back_seq", shared::give_back_seq};
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
const statement log_entry_by_id{"log_entry_by_id", shared::log_entry_by_id()};
const statement message_by_id{"message_by_id", shared::message_by_id()};
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
const statement clear_mentions{"clear_mentions", shared::clear_mentions};
const statement log_after{"log_after", shared::log_after()};
const statement membership_changed{"membership_changed", shared::membership_changed};
const statement membership_changes_after{"membership_changes_after", shared::membership_changes_after};
const statement log_before_newest_first{"log_before_newest_first", shared::log_before_newest_first()};

const statement add_invitation{"add_invitation", shared::add_invitation};
const statement invitation{"invitation", shared::invitation()};
const statement invitations_of{"invitations_of", shared::invitations_of()};
const statement remove_invitation{"remove_invitation", shared::remove_invitation};
const statement decline_invitations_from{"decline_invitations_from",
                                         "UPDATE group_invitations SET declined_at = ? WHERE user_id = ? "
                                         "AND invited_by = ? AND declined_at IS NULL"};
const statement declined_invitation_from{"declined_invitation_from", shared::declined_invitation_from};

const statement add_contact{"add_contact", shared::add_contact};
const statement remove_contact{"remove_contact", shared::remove_contact};
const statement is_contact{"is_contact", shared::is_contact};
const statement contacts_of{"contacts_of", shared::contacts_of()};
const statement add_block{"add_block", shared::add_block};
const statement remove_block{"remove_block", shared::remove_block};
const statement is_blocked{"is_blocked", shared::is_blocked};
const statement presence_audience{"presence_audience", presence_sql(true)};
const statement presence_visible_to{"presence_visible_to", presence_sql(false)};
const statement set_last_seen{"set_last_seen", "UPDATE users SET last_seen_at = ? WHERE id = ?"};
const statement last_seen{"last_seen", shared::last_seen};

}  // namespace natter::store::mariadb::conversation_sql
