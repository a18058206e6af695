#include "store/postgres/conversation_statements.hpp"

#include <string>

#include "store/postgres/row_readers.hpp"
#include "store/sql/conversation_statements.hpp"
#include "store/sql/placeholders.hpp"

namespace natter::store::postgres::conversation_sql {
namespace {

namespace shared = ::natter::store::sql;

// The shared text with PostgreSQL's numbered placeholders.
std::string numbered(std::string_view text) {
  return shared::numbered_placeholders(text);
}

// The latest message, from the partial index on messages, once per row: no
// query per conversation from the caller.
constexpr const char* latest_message_join =
    "LEFT JOIN LATERAL (SELECT * FROM conversation_log "
    "WHERE conversation_id = c.id AND kind = 'message' ORDER BY seq DESC LIMIT 1) lm ON true ";

// Whose presence is shared with whom (conversation_store.hpp): contacts in
// one direction (audience: the people u added; visible_to: the people who
// added v), and fellow members of groups and accepted direct chats (rooms are
// public, and a chat request is not accepted yet), unless either blocked the
// other.
std::string presence_sql(bool audience) {
  const char* contacts = audience ? "SELECT contact_id AS id FROM contacts WHERE owner_id = $1 "
                                  : "SELECT owner_id AS id FROM contacts WHERE contact_id = $1 ";
  return std::string("SELECT id FROM (") + contacts +
         "UNION SELECT other.user_id FROM conversation_members mine "
         "JOIN conversations c ON c.id = mine.conversation_id "
         "AND (c.kind = 'group' OR (c.kind = 'direct' AND c.request_state = 'none')) "
         "JOIN conversation_members other ON other.conversation_id = mine.conversation_id "
         "WHERE mine.user_id = $1) AS people "
         "WHERE id <> $1 AND NOT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = $1 AND blocked_id = people.id) "
         "OR (blocker_id = people.id AND blocked_id = $1)) ORDER BY id";
}

// Both seqs only rise, read raises delivered, and neither passes the
// conversation's last_seq (a client cannot acknowledge what does not exist).
// The unread counters follow read_seq: read_message_count is the log's count
// at the new read_seq; own_or_deleted_after_read loses the own and deleted
// messages read now (none left to count when nothing follows read_seq), each
// found through its own index. Runs after lock_member
// (postgres_conversations.cpp says why).
std::string advance_receipts_sql() {
  return "WITH target AS (SELECT "
         "greatest(m.delivered_seq, least(greatest($3::bigint, $4::bigint), c.last_seq)) AS delivered_seq, "
         "greatest(m.read_seq, least($4::bigint, c.last_seq)) AS read_seq, c.message_count "
         "FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
         "WHERE m.conversation_id = $1 AND m.user_id = $2), "
         "counted AS (SELECT target.*, coalesce((SELECT l.message_count FROM conversation_log l "
         "WHERE l.conversation_id = $1 AND l.seq = target.read_seq), 0) AS read_message_count FROM target) "
         "UPDATE conversation_members m SET delivered_seq = t.delivered_seq, read_seq = t.read_seq, "
         "read_message_count = t.read_message_count, own_or_deleted_after_read = CASE "
         "WHEN t.read_seq = m.read_seq THEN m.own_or_deleted_after_read "
         "WHEN t.read_message_count = t.message_count THEN 0 "
         "ELSE m.own_or_deleted_after_read "
         "- (SELECT count(*) FROM conversation_log WHERE conversation_id = $1 AND kind = 'message' "
         "AND actor_id = $2 AND seq > m.read_seq AND seq <= t.read_seq) "
         "- (SELECT count(*) FROM conversation_log WHERE conversation_id = $1 AND kind = 'message' AND deleted "
         "AND actor_id <> $2 AND seq > m.read_seq AND seq <= t.read_seq) END "
         "FROM counted t, users u WHERE m.conversation_id = $1 AND m.user_id = $2 AND u.id = m.user_id "
         "RETURNING " +
         member_columns("m", "u");
}

// Delivered and read start just before joined_seq (at most last_seq), and
// the counters are set for that read_seq: only what the joining transaction
// appended lies beyond it.
constexpr const char* add_member_sql =
    "INSERT INTO conversation_members (conversation_id, user_id, role, joined_at, joined_seq, delivered_seq, "
    "read_seq, read_message_count, own_or_deleted_after_read) "
    "SELECT $1, $2, $3, $4, $5, s.start, s.start, "
    "coalesce((SELECT message_count FROM conversation_log WHERE conversation_id = $1 AND seq = s.start), 0), "
    "(SELECT count(*) FROM conversation_log WHERE conversation_id = $1 AND kind = 'message' AND seq > s.start "
    "AND (actor_id = $2 OR deleted)) "
    "FROM (SELECT greatest(0, least($5::bigint - 1, last_seq)) AS start FROM conversations WHERE id = $1) AS s";

// Parameters: conversation, kind, actor, occurred_at, text, client_msg_id,
// reply_to, target, subject, role, new_name, new_topic (as logged), then the
// name and topic to give the conversation (NULL: keep), then the message's
// attachments (store/attachment_codec.hpp) and their media ids (for
// media_refs), then new_avatar (NULL: unchanged; '': removed; logged and
// given to the conversation), then the moderation action and reason, the
// forward's sender and time, and the envelope (NULL: none). The UPDATE's row lock
// is held until the transaction ends, so the next appender to this
// conversation, on any node, waits and then reads this seq.
//
// A message also raises the conversation's message_count, under the same
// row lock, and the sender's own_or_deleted_after_read (their own message is
// never unread for them); a message that collided changes neither (its
// give_back_seq returns the count with the seq).
//
// It returns the new entry in the columns of select_log_entries(), its
// message part filled when the entry is a message (then the message is the
// row itself): a send needs no second round trip to read what it stored.
constexpr const char* append_entry_sql =
    "WITH next AS ("
    "UPDATE conversations SET last_seq = last_seq + 1, "
    "message_count = message_count + CASE WHEN $2::text = 'message' THEN 1 ELSE 0 END, "
    "name = coalesce($13::text, name), topic = coalesce($14::text, topic), "
    "avatar = CASE WHEN $17::text IS NULL THEN avatar ELSE nullif($17::text, '') END "
    "WHERE id = $1 RETURNING id, last_seq, message_count), "
    "entry AS (INSERT INTO conversation_log (conversation_id, seq, message_count, kind, actor_id, occurred_at, text, "
    "client_msg_id, reply_to, target_id, subject_id, role, new_name, new_topic, attachments, "
    "new_avatar, moderation, reason, forwarded_sender, forwarded_at, envelope) "
    "SELECT next.id, next.last_seq, next.message_count, $2::text, $3::bigint, $4::bigint, $5::text, $6::text, "
    "$7::bigint, $8::bigint, $9::bigint, $10::text, $11::text, $12::text, $15::text, $17::text, $18::text, "
    "$19::text, $20::text, $21::bigint, $22::text FROM next "
    "ON CONFLICT (actor_id, client_msg_id) WHERE kind = 'message' DO NOTHING RETURNING *), "
    "refs AS (INSERT INTO media_refs (media_id, message_id, conversation_id) "
    "SELECT r.media, entry.id, entry.conversation_id FROM entry, unnest($16::text[]) AS r(media) "
    "ON CONFLICT DO NOTHING), "
    "used AS (UPDATE media SET used = true WHERE id IN (SELECT r.media FROM entry, unnest($16::text[]) AS r(media)) "
    "AND NOT used), "
    "own AS (UPDATE conversation_members m SET own_or_deleted_after_read = m.own_or_deleted_after_read + 1 "
    "FROM entry WHERE entry.kind = 'message' AND m.conversation_id = entry.conversation_id "
    "AND m.user_id = entry.actor_id) "
    "SELECT id, conversation_id, seq, kind, actor_id, (SELECT username FROM users WHERE id = actor_id), "
    "occurred_at, target_id, subject_id, (SELECT username FROM users WHERE id = subject_id), role, new_name, "
    "new_topic, new_avatar, "
    "CASE kind WHEN 'message' THEN id END, conversation_id, seq, actor_id, "
    "(SELECT username FROM users WHERE id = actor_id), text, client_msg_id, reply_to, occurred_at, edited_at, deleted, "
    "attachments, forwarded_sender, forwarded_at, thread_id, envelope, moderation, reason, "
    "CASE kind WHEN 'updated' THEN text ELSE '' END FROM entry";

}  // namespace

const statement insert_conversation{
    "insert_conversation",
    "INSERT INTO conversations (kind, name, topic, created_at, direct_key, request_state, requested_by, encrypted) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING " +
        conversation_columns("")};
const statement conversation_by_id{"conversation_by_id", numbered(shared::conversation_by_id())};
const statement conversation_by_direct_key{"conversation_by_direct_key",
                                           numbered(shared::conversation_by_direct_key())};
const statement room_by_name{"room_by_name", numbered(shared::room_by_name())};
const statement rooms{"rooms", numbered(shared::rooms)};
const statement set_request_state{"set_request_state", "UPDATE conversations SET request_state = $2 WHERE id = $1"};
const statement encrypt_conversation{"encrypt_conversation",
                                     "UPDATE conversations SET encrypted = true WHERE id = $1 AND NOT encrypted "
                                     "RETURNING id"};

const statement member{"member", numbered(shared::member())};
const statement members{"members", numbered(shared::members())};
const statement member_ids{"member_ids", numbered(shared::member_ids)};
const statement add_member{"add_member", add_member_sql};
const statement remove_member{"remove_member", numbered(shared::remove_member)};
const statement set_member_role{
    "set_member_role", "UPDATE conversation_members SET role = $3 WHERE conversation_id = $1 AND user_id = $2"};
const statement lock_member{"lock_member",
                            "SELECT 1 FROM conversation_members WHERE conversation_id = $1 AND user_id = $2 "
                            "FOR NO KEY UPDATE"};
const statement advance_receipts{"advance_receipts", advance_receipts_sql()};
const statement unread_count{"unread_count", numbered(shared::unread_count())};
const statement summaries_of_user{"summaries_of_user", numbered(shared::summaries_of_user(latest_message_join))};
const statement summary_of{"summary_of", numbered(shared::summary_of(latest_message_join))};

const statement append_entry{"append_entry", append_entry_sql};
const statement give_back_seq{"give_back_seq", numbered(shared::give_back_seq)};
const statement message_id_by_client_msg_id{"message_id_by_client_msg_id",
                                            numbered(shared::message_id_by_client_msg_id)};
const statement log_entry_by_id{"log_entry_by_id", numbered(shared::log_entry_by_id())};
const statement message_by_id{"message_by_id", numbered(shared::message_by_id())};
const statement edit_message{
    "edit_message", "UPDATE conversation_log SET text = $2, edited_at = $3 WHERE id = $1 AND kind = 'message'"};
const statement edit_envelope{
    "edit_envelope",
    "UPDATE conversation_log SET text = '', envelope = $2, edited_at = $3 WHERE id = $1 AND kind = 'message'"};
const statement lock_conversation_of_message{
    "lock_conversation_of_message",
    "SELECT 1 FROM conversations WHERE id = (SELECT conversation_id FROM conversation_log WHERE id = $1) "
    "FOR NO KEY UPDATE"};
const statement delete_message{
    "delete_message",
    "WITH gone AS (UPDATE conversation_log SET text = '', deleted = true, attachments = NULL, envelope = NULL "
    "WHERE id = $1 AND kind = 'message' AND NOT deleted RETURNING conversation_id, seq, actor_id), "
    "refs AS (DELETE FROM media_refs WHERE message_id = $1) "
    "UPDATE conversation_members m SET own_or_deleted_after_read = m.own_or_deleted_after_read + 1 FROM gone "
    "WHERE m.conversation_id = gone.conversation_id AND m.user_id <> gone.actor_id AND m.read_seq < gone.seq"};
const statement clear_mentions{"clear_mentions", numbered(shared::clear_mentions)};
const statement log_after{"log_after", numbered(shared::log_after())};
const statement membership_changed{"membership_changed", numbered(shared::membership_changed)};
const statement membership_changes_after{"membership_changes_after", numbered(shared::membership_changes_after)};
const statement log_before_newest_first{"log_before_newest_first", numbered(shared::log_before_newest_first())};

const statement add_invitation{"add_invitation", numbered(shared::add_invitation) + " ON CONFLICT DO NOTHING"};
const statement invitation{"invitation", numbered(shared::invitation())};
const statement invitations_of{"invitations_of", numbered(shared::invitations_of())};
const statement remove_invitation{"remove_invitation", numbered(shared::remove_invitation)};
const statement decline_invitations_from{"decline_invitations_from",
                                         "UPDATE group_invitations SET declined_at = $3 WHERE user_id = $1 "
                                         "AND invited_by = $2 AND declined_at IS NULL"};
const statement declined_invitation_from{"declined_invitation_from", numbered(shared::declined_invitation_from)};

const statement add_contact{"add_contact", numbered(shared::add_contact) + " ON CONFLICT DO NOTHING"};
const statement remove_contact{"remove_contact", numbered(shared::remove_contact)};
const statement is_contact{"is_contact", numbered(shared::is_contact)};
const statement contacts_of{"contacts_of", numbered(shared::contacts_of())};
const statement add_block{"add_block", numbered(shared::add_block) + " ON CONFLICT DO NOTHING"};
const statement remove_block{"remove_block", numbered(shared::remove_block)};
const statement is_blocked{"is_blocked", numbered(shared::is_blocked)};
const statement presence_audience{"presence_audience", presence_sql(true)};
const statement presence_visible_to{"presence_visible_to", presence_sql(false)};
const statement set_last_seen{"set_last_seen", "UPDATE users SET last_seen_at = $2 WHERE id = $1"};
const statement last_seen{"last_seen", numbered(shared::last_seen)};

}  // namespace natter::store::postgres::conversation_sql
