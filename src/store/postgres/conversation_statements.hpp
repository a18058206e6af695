#pragma once
// The statements behind postgres_store's conversation_store methods:
// conversations, members, logs, contacts, blocks and presence. Kept apart from
// the account statements in postgres_store.cpp so that neither list grows
// past reading. Each is prepared on a session the first time it runs there.

#include "store/postgres/connection.hpp"
#include "store/sql/conversation_statements.hpp"

namespace natter::store::postgres::conversation_sql {

using ::natter::store::sql::unread_mentions_of_me;

// --- conversations ---
// Parameters: kind, name, topic, created_at, direct_key, request_state,
// requested_by, encrypted. No row when a unique key (direct pair, room name) is taken.
extern const statement insert_conversation;
extern const statement conversation_by_id;
extern const statement conversation_by_direct_key;
extern const statement room_by_name;
extern const statement rooms;
extern const statement set_request_state;
// A row when it turned encryption on (it was off).
extern const statement encrypt_conversation;

// --- members ---
extern const statement member;
extern const statement members;
extern const statement member_ids;
extern const statement add_member;
extern const statement remove_member;
extern const statement set_member_role;
// Locks the member's row (no row when not a member): what advance_receipts
// then reads was committed by whoever changed the row before.
extern const statement lock_member;
// Returns the member as it is afterwards (member columns), if a member.
extern const statement advance_receipts;
extern const statement unread_count;
extern const statement summaries_of_user;
extern const statement summary_of;

// --- the log ---
// Takes the next seq and inserts the entry in one statement (applying a
// rename or new topic to the conversation too); returns the new row's id.
// No row when the conversation does not exist or when the message's
// (sender, client_msg_id) is taken: then the seq was taken all the same.
extern const statement append_entry;
// Hands back the seq (and message count) of a message append that stored
// nothing; only while the appending transaction still holds the
// conversation's row lock.
extern const statement give_back_seq;
extern const statement message_id_by_client_msg_id;
extern const statement log_entry_by_id;
extern const statement message_by_id;
extern const statement edit_message;
extern const statement edit_envelope;
// Locks the conversation's row before delete_message touches member rows,
// so that deletions take their locks in the order appends do.
extern const statement lock_conversation_of_message;
// Marks the message deleted (unless it is already) and counts it for the
// members who had not read it.
extern const statement delete_message;
// Parameter: message id. Removes its mentions (deleted, or set anew).
extern const statement clear_mentions;
extern const statement log_after;
extern const statement membership_changed;
extern const statement membership_changes_after;
// The newest `limit` entries before the bound, newest first.
extern const statement log_before_newest_first;

// --- group invitations ---
// Columns of invitation and invitations_of: conversation_id, user_id,
// invited_by, the inviter's username, invited_at, declined_at.
extern const statement add_invitation;
extern const statement invitation;
extern const statement invitations_of;
extern const statement remove_invitation;
extern const statement decline_invitations_from;
extern const statement declined_invitation_from;

// --- contacts, blocks, presence ---
extern const statement add_contact;
extern const statement remove_contact;
extern const statement is_contact;
extern const statement contacts_of;
extern const statement add_block;
extern const statement remove_block;
extern const statement is_blocked;
extern const statement presence_audience;
extern const statement presence_visible_to;
extern const statement set_last_seen;
extern const statement last_seen;

}  // namespace natter::store::postgres::conversation_sql
