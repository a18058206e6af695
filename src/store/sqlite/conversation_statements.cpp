#include "store/sqlite/conversation_statements.hpp"

#include <string>

#include "store/sql/conversation_statements.hpp"
#include "store/sqlite/row_readers.hpp"

namespace natter::store::sqlite {
namespace {

namespace shared = ::natter::store::sql;

// Whose presence is shared with whom (conversation_store.hpp): contacts in
// one direction (audience: the people u added; visible_to: the people who
// added v), and fellow members of groups and accepted direct chats (rooms are
// public, and a chat request is not accepted yet), unless either blocked the
// other.
std::string presence_sql(bool audience) {
  const char* contacts = audience ? "SELECT contact_id AS id FROM contacts WHERE owner_id = ?1 "
                                  : "SELECT owner_id AS id FROM contacts WHERE contact_id = ?1 ";
  return std::string("SELECT id FROM (") + contacts +
         "UNION SELECT other.user_id FROM conversation_members mine "
         "JOIN conversations c ON c.id = mine.conversation_id "
         "AND (c.kind = 'group' OR (c.kind = 'direct' AND c.request_state = 'none')) "
         "JOIN conversation_members other ON other.conversation_id = mine.conversation_id "
         "WHERE mine.user_id = ?1) AS people "
         "WHERE id <> ?1 AND NOT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = ?1 AND blocked_id = people.id) "
         "OR (blocker_id = people.id AND blocked_id = ?1)) ORDER BY id";
}

// Both seqs only rise, read raises delivered, and neither passes the
// conversation's last_seq (a client cannot acknowledge what does not exist).
// The unread counters follow read_seq: read_message_count is the log's count
// at the new read_seq; own_or_deleted_after_read loses the own and deleted
// messages read now (none left to count when nothing follows read_seq), each
// found through its own index.
constexpr const char* advance_receipts_sql =
    "WITH target AS (SELECT max(m.delivered_seq, min(max(?3, ?4), c.last_seq)) AS delivered_seq, "
    "max(m.read_seq, min(?4, c.last_seq)) AS read_seq, c.message_count AS message_count "
    "FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
    "WHERE m.conversation_id = ?1 AND m.user_id = ?2), "
    "counted AS (SELECT target.*, coalesce((SELECT message_count FROM conversation_log "
    "WHERE conversation_id = ?1 AND seq = target.read_seq), 0) AS read_message_count FROM target) "
    "UPDATE conversation_members AS m SET delivered_seq = t.delivered_seq, read_seq = t.read_seq, "
    "read_message_count = t.read_message_count, own_or_deleted_after_read = CASE "
    "WHEN t.read_seq = m.read_seq THEN m.own_or_deleted_after_read "
    "WHEN t.read_message_count = t.message_count THEN 0 "
    "ELSE m.own_or_deleted_after_read "
    "- (SELECT count(*) FROM conversation_log WHERE conversation_id = ?1 AND kind = 'message' AND actor_id = ?2 "
    "AND seq > m.read_seq AND seq <= t.read_seq) "
    "- (SELECT count(*) FROM conversation_log WHERE conversation_id = ?1 AND kind = 'message' AND deleted = 1 "
    "AND actor_id <> ?2 AND seq > m.read_seq AND seq <= t.read_seq) END "
    "FROM counted AS t WHERE m.conversation_id = ?1 AND m.user_id = ?2";

// Delivered and read start just before joined_seq (at most last_seq), and
// the counters are set for that read_seq: only what the joining transaction
// appended lies beyond it.
constexpr const char* add_member_sql =
    "INSERT INTO conversation_members (conversation_id, user_id, role, joined_at, joined_seq, delivered_seq, "
    "read_seq, read_message_count, own_or_deleted_after_read) "
    "SELECT ?1, ?2, ?3, ?4, ?5, s.start, s.start, "
    "coalesce((SELECT message_count FROM conversation_log WHERE conversation_id = ?1 AND seq = s.start), 0), "
    "(SELECT count(*) FROM conversation_log WHERE conversation_id = ?1 AND kind = 'message' AND seq > s.start "
    "AND (actor_id = ?2 OR deleted = 1)) "
    "FROM (SELECT max(0, min(?5 - 1, last_seq)) AS start FROM conversations WHERE id = ?1) AS s";

constexpr const char* insert_log_entry_sql =
    "INSERT INTO conversation_log (conversation_id, seq, message_count, kind, actor_id, occurred_at, text, "
    "client_msg_id, reply_to, target_id, subject_id, role, new_name, new_topic, attachments, new_avatar, "
    "moderation, reason, forwarded_sender, forwarded_at, envelope) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// Parameters: conversation, sender, reply_to (or NULL). A row only when the
// sender is a member. Columns: the sender's username; blocked (a direct chat
// where another member blocked the sender); declined (a direct chat whose
// request, made by the sender, was declined); reply_ok; muted (a mute
// sanction of the sender in the conversation); encrypted (the conversation's
// flag).
constexpr const char* send_check_sql =
    "SELECT u.username, "
    "c.kind = 'direct' AND EXISTS (SELECT 1 FROM conversation_members o JOIN blocks b "
    "ON b.blocker_id = o.user_id AND b.blocked_id = ?2 WHERE o.conversation_id = ?1 AND o.user_id <> ?2), "
    "c.kind = 'direct' AND c.request_state = 'declined' AND c.requested_by = ?2, "
    "?3 IS NULL OR EXISTS (SELECT 1 FROM conversation_log r WHERE r.id = ?3 AND r.conversation_id = ?1 "
    "AND r.kind = 'message'), "
    "EXISTS (SELECT 1 FROM room_sanctions x WHERE x.conversation_id = ?1 AND x.user_id = ?2 AND x.kind = 'mute'), "
    "c.encrypted "
    "FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id JOIN users u ON u.id = m.user_id "
    "WHERE m.conversation_id = ?1 AND m.user_id = ?2";

// A message at a seq the caller took; nothing when the sender's
// client_msg_id is taken (then the caller does not advance its seq).
constexpr const char* insert_message_sql =
    "INSERT INTO conversation_log (conversation_id, seq, message_count, kind, actor_id, occurred_at, text, "
    "client_msg_id, reply_to, role, attachments, thread_id, envelope) "
    "VALUES (?1, ?2, ?3, 'message', ?4, ?5, ?6, ?7, ?8, '', ?9, ?10, ?11) "
    "ON CONFLICT (actor_id, client_msg_id) WHERE kind = 'message' DO NOTHING";

}  // namespace

conversation_statements::conversation_statements(SQLite::Database& db)
    : insert_conversation(
          db,
          "INSERT INTO conversations (kind, name, topic, created_at, direct_key, request_state, "
          "requested_by, encrypted) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (direct_key) DO NOTHING RETURNING " +
              conversation_columns("")),
      conversation_by_id(db, shared::conversation_by_id()),
      conversation_by_direct_key(db, shared::conversation_by_direct_key()),
      room_by_name(db, shared::room_by_name()),
      rooms(db, shared::rooms),
      set_request_state(db, "UPDATE conversations SET request_state = ?2 WHERE id = ?1"),
      next_seq(db,
               "UPDATE conversations SET last_seq = last_seq + 1, message_count = message_count + ?4, "
               "name = coalesce(?2, name), topic = coalesce(?3, topic), "
               "avatar = CASE WHEN ?5 IS NULL THEN avatar ELSE nullif(?5, '') END WHERE id = ?1 "
               "RETURNING last_seq, message_count"),
      member(db, shared::member()),
      members(db, shared::members()),
      member_ids(db, shared::member_ids),
      add_member(db, add_member_sql),
      remove_member(db, shared::remove_member),
      set_member_role(db, "UPDATE conversation_members SET role = ?3 WHERE conversation_id = ?1 AND user_id = ?2"),
      advance_receipts(db, advance_receipts_sql),
      unread_count(db, shared::unread_count()),
      summaries_of_user(db, shared::summaries_of_user(shared::latest_message_by_subquery)),
      summary_of(db, shared::summary_of(shared::latest_message_by_subquery)),
      message_id_by_client_msg_id(db, shared::message_id_by_client_msg_id),
      insert_log_entry(db, insert_log_entry_sql),
      count_own_message(db,
                        "UPDATE conversation_members SET own_or_deleted_after_read = own_or_deleted_after_read + 1 "
                        "WHERE conversation_id = ?1 AND user_id = ?2"),
      log_entry_by_id(db, shared::log_entry_by_id()),
      message_by_id(db, shared::message_by_id()),
      edit_message(db, "UPDATE conversation_log SET text = ?2, edited_at = ?3 WHERE id = ?1 AND kind = 'message'"),
      delete_message(db,
                     "UPDATE conversation_log SET text = '', deleted = 1, attachments = NULL, envelope = NULL WHERE id "
                     "= ?1 AND kind = 'message' "
                     "AND deleted = 0 RETURNING conversation_id, seq, actor_id"),
      count_deletion(db,
                     "UPDATE conversation_members SET own_or_deleted_after_read = own_or_deleted_after_read + 1 "
                     "WHERE conversation_id = ?1 AND user_id <> ?2 AND read_seq < ?3"),
      add_media_ref(db,
                    "INSERT INTO media_refs (media_id, message_id, conversation_id) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING"),
      drop_media_refs(db, "DELETE FROM media_refs WHERE message_id = ?"),
      mark_media_used(db, "UPDATE media SET used = 1 WHERE id = ? AND used = 0"),
      log_after(db, shared::log_after()),
      membership_changed(db, shared::membership_changed),
      membership_changes_after(db, shared::membership_changes_after),
      // The newest `limit` before the bound, turned back to ascending order.
      // By position: the inner select has two columns named seq.
      log_before(db, "SELECT * FROM (" + shared::log_before_newest_first() + ") ORDER BY 3"),
      send_check(db, send_check_sql),
      send_position(db, "SELECT last_seq, message_count FROM conversations WHERE id = ?"),
      insert_message(db, insert_message_sql),
      set_send_position(db, "UPDATE conversations SET last_seq = ?2, message_count = ?3 WHERE id = ?1"),
      count_own_messages(db,
                         "UPDATE conversation_members SET own_or_deleted_after_read = own_or_deleted_after_read + ?3 "
                         "WHERE conversation_id = ?1 AND user_id = ?2"),
      add_invitation(db, std::string(shared::add_invitation) + " ON CONFLICT DO NOTHING"),
      invitation(db, shared::invitation()),
      invitations_of(db, shared::invitations_of()),
      remove_invitation(db, shared::remove_invitation),
      decline_invitations_from(db,
                               "UPDATE group_invitations SET declined_at = ?3 WHERE user_id = ?1 AND invited_by = ?2 "
                               "AND declined_at IS NULL"),
      declined_invitation_from(db, shared::declined_invitation_from),
      add_sanction(db, std::string(shared::add_sanction) + " ON CONFLICT DO NOTHING"),
      remove_sanction(db, shared::remove_sanction),
      sanction(db, shared::sanction),
      sanctions(db, shared::sanctions),
      add_contact(db, std::string(shared::add_contact) + " ON CONFLICT DO NOTHING"),
      remove_contact(db, shared::remove_contact),
      is_contact(db, shared::is_contact),
      contacts_of(db, shared::contacts_of()),
      add_block(db, std::string(shared::add_block) + " ON CONFLICT DO NOTHING"),
      remove_block(db, shared::remove_block),
      is_blocked(db, shared::is_blocked),
      presence_audience(db, presence_sql(true)),
      presence_visible_to(db, presence_sql(false)),
      set_last_seen(db, "UPDATE users SET last_seen_at = ?2 WHERE id = ?1"),
      last_seen(db, shared::last_seen) {}

}  // namespace natter::store::sqlite
