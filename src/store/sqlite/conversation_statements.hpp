#pragma once
// The prepared statements behind sqlite_store's conversation_store methods:
// conversations, members, logs, contacts, blocks and presence.
//
// Prepared once per connection, like the account statements in sqlite_store,
// and kept apart from them so that neither list grows past reading. Each is
// used through statement_use (reset after every use).

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <string>

#include "store/conversation_records.hpp"
#include "store/sql/conversation_statements.hpp"

namespace natter::store::sqlite {

using ::natter::store::sql::unread_mentions_of_me;

struct conversation_statements {
  // Throws SQLite::Exception when a statement cannot be prepared (e.g. the
  // schema is older than migration 2); sqlite_store turns that into failure.
  explicit conversation_statements(SQLite::Database& db);

  // --- conversations ---
  SQLite::Statement insert_conversation;
  SQLite::Statement conversation_by_id;
  SQLite::Statement conversation_by_direct_key;
  SQLite::Statement room_by_name;
  SQLite::Statement rooms;
  SQLite::Statement set_request_state;
  // Takes the next seq, counts a message, and applies a rename or new topic
  // in the same step.
  SQLite::Statement next_seq;

  // --- members ---
  SQLite::Statement member;
  SQLite::Statement members;
  SQLite::Statement member_ids;
  SQLite::Statement add_member;
  SQLite::Statement remove_member;
  SQLite::Statement set_member_role;
  SQLite::Statement advance_receipts;
  SQLite::Statement unread_count;
  SQLite::Statement summaries_of_user;
  SQLite::Statement summary_of;

  // --- the log ---
  SQLite::Statement message_id_by_client_msg_id;
  SQLite::Statement insert_log_entry;
  SQLite::Statement count_own_message;  // after the sender's message
  SQLite::Statement log_entry_by_id;
  SQLite::Statement message_by_id;
  SQLite::Statement edit_message;
  SQLite::Statement delete_message;   // returns the message, unless deleted already
  SQLite::Statement count_deletion;   // for the members who had not read it
  SQLite::Statement add_media_ref;    // media id, message id, conversation id
  SQLite::Statement drop_media_refs;  // of a message
  SQLite::Statement mark_media_used;
  SQLite::Statement log_after;
  SQLite::Statement membership_changed;
  SQLite::Statement membership_changes_after;
  SQLite::Statement log_before;

  // --- groups of sends (sqlite_sends.cpp) ---
  // The sender's membership, the conversation's kind and request, whether a
  // member blocked the sender, whether reply_to is a message there.
  SQLite::Statement send_check;
  SQLite::Statement send_position;       // last_seq and message_count
  SQLite::Statement insert_message;      // nothing when (sender, client_msg_id) is taken
  SQLite::Statement set_send_position;   // once per conversation and group
  SQLite::Statement count_own_messages;  // once per sender and conversation and group

  // --- group invitations ---
  SQLite::Statement add_invitation;
  SQLite::Statement invitation;
  SQLite::Statement invitations_of;
  SQLite::Statement remove_invitation;
  SQLite::Statement decline_invitations_from;
  SQLite::Statement declined_invitation_from;

  // --- room moderation (sqlite_sanctions.cpp) ---
  SQLite::Statement add_sanction;
  SQLite::Statement remove_sanction;
  SQLite::Statement sanction;
  SQLite::Statement sanctions;
  // --- end room moderation ---

  // --- contacts, blocks, presence ---
  SQLite::Statement add_contact;
  SQLite::Statement remove_contact;
  SQLite::Statement is_contact;
  SQLite::Statement contacts_of;
  SQLite::Statement add_block;
  SQLite::Statement remove_block;
  SQLite::Statement is_blocked;
  SQLite::Statement presence_audience;
  SQLite::Statement presence_visible_to;
  SQLite::Statement set_last_seen;
  SQLite::Statement last_seen;
};

// Records that message (in conversation c) holds media: the read check on
// download and the collector go by it (sqlite_log.cpp).
void add_media_ref(conversation_statements& statements, const std::string& media, message_id message,
                   conversation_id c);

}  // namespace natter::store::sqlite
