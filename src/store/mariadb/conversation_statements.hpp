#pragma once
// The statements behind mariadb_store's conversation_store methods:
// conversations, members, logs, invitations, contacts, blocks and presence.
// Kept apart from the account statements in mariadb_store.cpp so that neither
// list grows past reading. Each is prepared on a session the first time it
// runs there. The comment of each says its parameters, in order (MariaDB's
// placeholders are positional: a value used twice is passed twice).

#include "store/mariadb/connection.hpp"

namespace natter::store::mariadb::conversation_sql {

// --- conversations ---
// kind, name, topic, created_at, direct_key, request_state, requested_by.
// A taken unique key (direct pair, live room name) is a unique_violation.
extern const statement insert_conversation;
extern const statement conversation_by_id;          // id
extern const statement conversation_by_direct_key;  // key
extern const statement room_by_name;                // name
extern const statement rooms;                       // after, limit
extern const statement set_request_state;           // state, id
extern const statement encrypt_conversation;        // id: a row changed when it turned encryption on

// --- members ---
extern const statement member;           // conversation, user
extern const statement members;          // conversation
extern const statement member_ids;       // conversation
extern const statement add_member;       // see conversation_statements.cpp
extern const statement remove_member;    // conversation, user
extern const statement set_member_role;  // role, conversation, user
// conversation, user. Locks the member's row (no row when not a member):
// what advance_receipts then reads was committed by whoever changed the row
// before.
extern const statement lock_member;
// delivered, read, read, conversation, user: the new delivered and read seqs
// (neither lower than now nor above last_seq), the old read seq and the
// conversation's message count.
extern const statement receipts_target;
extern const statement message_count_at;  // conversation, seq
// user, user, conversation, old read seq, new read seq: the own and the
// others' deleted messages in (old, new].
extern const statement read_own_or_deleted;
// delivered, read, read_message_count, own_or_deleted_after_read,
// conversation, user.
extern const statement set_receipts;
extern const statement unread_count;       // conversation, user
extern const statement summaries_of_user;  // user
extern const statement summary_of;         // conversation, user

// --- the log ---
// is_message (0/1), name, topic, avatar, avatar, conversation. Takes the
// next seq: the row lock it takes is held until the transaction ends, so
// the next appender to this conversation, on any node, waits and then reads
// this seq. Renames and sets the topic or avatar of an updated entry.
extern const statement take_seq;
extern const statement taken_seq;  // conversation: last_seq, message_count (own row)
// Hands back the seq and message count of a message append that stored
// nothing; only while the transaction still holds the row lock.
extern const statement give_back_seq;  // conversation
// conversation, seq, message_count, kind, actor, occurred_at, text,
// client_msg_id, reply_to, target, subject, role, new_name, new_topic,
// attachments, new_avatar, moderation, reason, forwarded_sender,
// forwarded_at, thread_id. A taken (actor, client_msg_id) of a message is a
// unique_violation.
extern const statement insert_entry;
extern const statement add_media_ref;                // media, message, conversation (idempotent)
extern const statement mark_media_used;              // media
extern const statement count_own_message;            // conversation, user
extern const statement message_id_by_client_msg_id;  // actor, client_msg_id
extern const statement log_entry_by_id;              // id
extern const statement message_by_id;                // id
extern const statement edit_message;                 // text, edited_at, id
extern const statement edit_envelope;                // envelope, edited_at, id
// id. Locks the conversation's row before delete_message touches member
// rows, so that deletions take their locks in the order appends do.
extern const statement lock_conversation_of_message;
extern const statement live_message;              // id: conversation_id, seq, actor_id
extern const statement mark_message_deleted;      // id
extern const statement count_deleted_as_read;     // conversation, actor, seq
extern const statement drop_media_refs_of;        // message id
extern const statement clear_mentions;            // message id
extern const statement log_after;                 // conversation, after, limit
extern const statement membership_changed;        // conversation, after, before
extern const statement membership_changes_after;  // conversation, after
// conversation, before, limit: the newest `limit` entries, newest first.
extern const statement log_before_newest_first;

// --- group invitations ---
// Columns of invitation and invitations_of: conversation_id, user_id,
// invited_by, the inviter's username, invited_at, declined_at.
extern const statement add_invitation;            // conversation, user, by, at (a unique_violation when there)
extern const statement invitation;                // conversation, user
extern const statement invitations_of;            // user
extern const statement remove_invitation;         // conversation, user
extern const statement decline_invitations_from;  // at, user, by
extern const statement declined_invitation_from;  // user, by

// --- contacts, blocks, presence ---
extern const statement add_contact;          // owner, contact (a unique_violation when there)
extern const statement remove_contact;       // owner, contact
extern const statement is_contact;           // owner, contact
extern const statement contacts_of;          // owner
extern const statement add_block;            // blocker, blocked (a unique_violation when there)
extern const statement remove_block;         // blocker, blocked
extern const statement is_blocked;           // blocker, blocked
extern const statement presence_audience;    // user
extern const statement presence_visible_to;  // user
extern const statement set_last_seen;        // at, user
extern const statement last_seen;            // user

}  // namespace natter::store::mariadb::conversation_sql
