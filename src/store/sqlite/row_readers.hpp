#pragma once
// Column lists and the functions that read them back into records, shared by
// every statement that reads the same kind of row. Internal to the backend.
//
// Each *_columns function returns a comma-separated list for a SELECT; the
// matching read_* reads that many columns starting at `first`. The alias
// arguments name the tables in the statement's FROM clause (empty: none).
//
// Text stored in a CHECKed column that does not parse means the file was
// changed behind the store's back: the readers throw store::failure.

#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>
#include <string_view>

#include "store/conversation_records.hpp"
#include "store/records.hpp"

namespace natter::store::sqlite {

// id, email, username, display_name, bio, created_at, last_seen_at, avatar:
// the profile, never the password hash (that is credentials_of's alone).
inline constexpr int user_column_count = 8;
std::string user_columns(std::string_view users);
user_record read_user(const SQLite::Statement& s, int first = 0);

// id, kind, name, topic, last_seq, created_at, request_state, requested_by,
// avatar, encrypted
inline constexpr int conversation_column_count = 10;
std::string conversation_columns(std::string_view conversations);
conversation_record read_conversation(const SQLite::Statement& s, int first = 0);

// conversation_id, user_id, username, role, joined_at, delivered_seq, read_seq, joined_seq
inline constexpr int member_column_count = 8;
std::string member_columns(std::string_view members, std::string_view users);
member_record read_member(const SQLite::Statement& s, int first = 0);

// A kind = 'message' log row and its sender's username: id, conversation_id,
// seq, actor_id, username, text, client_msg_id, reply_to, occurred_at,
// edited_at, deleted, attachments, forwarded_sender, forwarded_at, thread_id,
// envelope. read_message gives nothing when id is NULL (an outer join that
// found no message).
inline constexpr int message_column_count = 16;
std::string message_columns(std::string_view log, std::string_view users);
std::optional<message_record> read_message(const SQLite::Statement& s, int first = 0);

// The SELECT list and joins that log_entry reading needs, up to (not
// including) WHERE. The log row is aliased l; it reads back with
// read_log_entry.
std::string select_log_entries();
log_entry read_log_entry(const SQLite::Statement& s);

}  // namespace natter::store::sqlite
