#pragma once
// The statement texts of the conversation_store that are the same in two or
// three dialects, written once: ? for each parameter, in the order the
// backends bind them (placeholders.hpp: PostgreSQL numbers them). A backend
// uses a text as it is, or adds its dialect's words where this says so;
// statements that differ in substance stay in each backend's
// conversation_statements.cpp.

#include <string>
#include <string_view>

namespace natter::store::sql {

// --- pieces of statements ---
// Others' messages after the member me's read_seq, not deleted: the unread
// count, from the counters (no count over the log). c is the conversation.
inline constexpr const char* unread_of_me = "c.message_count - me.read_message_count - me.own_or_deleted_after_read";
// The member me's unread mentions (conversation_store::unread_mentions), as
// a column: the messages above me.read_seq, not by me, that mention me or
// everyone; one range of message_mentions_unread per user id.
inline constexpr const char* unread_mentions_of_me =
    "(SELECT count(DISTINCT x.message_id) FROM message_mentions x WHERE x.user_id IN (me.user_id, 0) "
    "AND x.conversation_id = me.conversation_id AND x.seq > me.read_seq AND x.sender_id <> me.user_id)";
// Latest activity: when the last log entry happened, or when the
// conversation was created if its log is empty.
inline constexpr const char* by_latest_activity =
    "ORDER BY coalesce((SELECT occurred_at FROM conversation_log WHERE conversation_id = c.id AND seq = c.last_seq), "
    "c.created_at) DESC, c.id DESC";
// The join of summaries_where that finds a conversation's latest message
// (lm) through the (conversation, kind, seq) index, once per row, where the
// dialect has nothing better.
inline constexpr const char* latest_message_by_subquery =
    "LEFT JOIN conversation_log lm ON lm.id = (SELECT x.id FROM conversation_log x "
    "WHERE x.conversation_id = c.id AND x.kind = 'message' ORDER BY x.seq DESC LIMIT 1) ";

// SELECT of conversation columns (row_readers.hpp) FROM conversations, then rest.
std::string conversations_where(std::string_view rest);
// SELECT of member columns FROM conversation_members m JOIN users u, then rest.
std::string members_where(std::string_view rest);
// Columns: conversation_id, user_id, invited_by, the inviter's username,
// invited_at, declined_at; from group_invitations i, then rest.
std::string invitations_where(std::string_view rest);
// Columns: conversation, the member, member count, unread count, last
// message, unread mentions, for the member rows me. latest_message_join
// joins the latest message as lm (latest_message_by_subquery, or the
// dialect's own); then rest.
std::string summaries_where(std::string_view latest_message_join, std::string_view rest);

// --- conversations ---
std::string conversation_by_id();          // id
std::string conversation_by_direct_key();  // direct_key
std::string room_by_name();                // name (not PostgreSQL's: MariaDB keys rooms by room_name)
inline constexpr const char* rooms =       // after, limit
    "SELECT c.id, c.name, c.topic, (SELECT count(*) FROM conversation_members WHERE conversation_id = c.id) "
    "FROM conversations c WHERE c.kind = 'room' AND c.deleted_at IS NULL AND c.name > ? ORDER BY c.name LIMIT ?";

// --- members ---
std::string member();                      // conversation, user
std::string members();                     // conversation
inline constexpr const char* member_ids =  // conversation
    "SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY joined_at, user_id";
inline constexpr const char* remove_member =  // conversation, user
    "DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?";
std::string unread_count();                                           // conversation, user
std::string summaries_of_user(std::string_view latest_message_join);  // user
std::string summary_of(std::string_view latest_message_join);         // conversation, user

// --- the log ---
// Hands back the seq (and message count) of a message append that stored
// nothing: conversation.
inline constexpr const char* give_back_seq =
    "UPDATE conversations SET last_seq = last_seq - 1, message_count = message_count - 1 WHERE id = ?";
inline constexpr const char* message_id_by_client_msg_id =  // sender, client_msg_id
    "SELECT id FROM conversation_log WHERE actor_id = ? AND client_msg_id = ? AND kind = 'message'";
std::string log_entry_by_id();  // log row id
std::string message_by_id();    // message id
inline constexpr const char* clear_mentions = "DELETE FROM message_mentions WHERE message_id = ?";
std::string log_after();                           // conversation, after, limit
std::string log_before_newest_first();             // conversation, before, limit
inline constexpr const char* membership_changed =  // conversation, after, before
    "SELECT EXISTS (SELECT 1 FROM conversation_log WHERE conversation_id = ? "
    "AND seq > ? AND seq < ? AND kind IN ('member_joined', 'member_left'))";
inline constexpr const char* membership_changes_after =  // conversation, after
    "SELECT seq, subject_id, kind = 'member_joined' FROM conversation_log WHERE conversation_id = ? AND seq > ? "
    "AND kind IN ('member_joined', 'member_left') ORDER BY seq";

// --- invitations ---
// conversation, user, invited_by, invited_at. The dialect says what a
// duplicate does (PostgreSQL and SQLite add ON CONFLICT DO NOTHING).
inline constexpr const char* add_invitation =
    "INSERT INTO group_invitations (conversation_id, user_id, invited_by, invited_at) VALUES (?, ?, ?, ?)";
std::string invitation();                         // conversation, user
std::string invitations_of();                     // user
inline constexpr const char* remove_invitation =  // conversation, user
    "DELETE FROM group_invitations WHERE conversation_id = ? AND user_id = ?";
inline constexpr const char* declined_invitation_from =  // user, invited_by
    "SELECT EXISTS (SELECT 1 FROM group_invitations WHERE user_id = ? AND invited_by = ? AND declined_at IS NOT NULL)";

// --- room moderation ---
// conversation, user, kind, by, created_at, reason; a duplicate as for
// add_invitation.
inline constexpr const char* add_sanction =
    "INSERT INTO room_sanctions (conversation_id, user_id, kind, by_id, created_at, reason) "
    "VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr const char* remove_sanction =  // conversation, user, kind
    "DELETE FROM room_sanctions WHERE conversation_id = ? AND user_id = ? AND kind = ?";
// Columns for read_sanction (row_readers.hpp).
inline constexpr const char* sanction =  // conversation, user, kind
    "SELECT conversation_id, user_id, kind, by_id, created_at, reason FROM room_sanctions "
    "WHERE conversation_id = ? AND user_id = ? AND kind = ?";
inline constexpr const char* sanctions =  // conversation, kind, limit
    "SELECT conversation_id, user_id, kind, by_id, created_at, reason FROM room_sanctions "
    "WHERE conversation_id = ? AND kind = ? ORDER BY created_at, user_id LIMIT ?";

// --- contacts, blocks, presence ---
// owner, contact; a duplicate as for add_invitation.
inline constexpr const char* add_contact = "INSERT INTO contacts (owner_id, contact_id) VALUES (?, ?)";
inline constexpr const char* remove_contact = "DELETE FROM contacts WHERE owner_id = ? AND contact_id = ?";
inline constexpr const char* is_contact =
    "SELECT EXISTS (SELECT 1 FROM contacts WHERE owner_id = ? AND contact_id = ?)";
std::string contacts_of();  // owner
// blocker, blocked; a duplicate as for add_invitation.
inline constexpr const char* add_block = "INSERT INTO blocks (blocker_id, blocked_id) VALUES (?, ?)";
inline constexpr const char* remove_block = "DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?";
inline constexpr const char* is_blocked =
    "SELECT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?)";
inline constexpr const char* last_seen = "SELECT last_seen_at FROM users WHERE id = ?";  // user

}  // namespace natter::store::sql
