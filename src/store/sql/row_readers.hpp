#pragma once
// Column lists and the functions that read them back into records, the same
// for every SQL backend: written once here, over a small adapter each
// backend provides for its row type (row_access below).
//
// Each *_columns function returns a comma-separated list for a SELECT; the
// matching read_* reads that many columns starting at `first`. The alias
// arguments name the tables in the statement's FROM clause (empty: none).
//
// Text in a CHECKed column that does not parse means the database was changed
// behind the store's back: the readers throw store::failure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/attachment_codec.hpp"
#include "store/conversation_records.hpp"
#include "store/records.hpp"
#include "store/store.hpp"

namespace natter::store::sql {

// How a backend reads column i of its Row (a result row, or a statement
// positioned on one). Each backend specialises it with:
//   static constexpr std::string_view dialect;   // names the backend in errors
//   static std::int64_t int_at(const Row&, int);
//   static std::optional<std::int64_t> optional_int_at(const Row&, int);
//   static std::string text_at(const Row&, int);  // NULL reads as ""
//   static bool bool_at(const Row&, int);
//   static bool is_null(const Row&, int);
template <class Row>
struct row_access;

// id, email, username, display_name, bio, created_at, last_seen_at, avatar:
// the profile, never the password hash (that is credentials_of's alone).
inline constexpr int user_column_count = 8;
std::string user_columns(std::string_view users);

// id, kind, name, topic, last_seq, created_at, request_state, requested_by,
// avatar, encrypted
inline constexpr int conversation_column_count = 10;
std::string conversation_columns(std::string_view conversations);

// conversation_id, user_id, username, role, joined_at, delivered_seq, read_seq, joined_seq
inline constexpr int member_column_count = 8;
std::string member_columns(std::string_view members, std::string_view users);

// A kind = 'message' log row and its sender's username: id, conversation_id,
// seq, actor_id, username, text, client_msg_id, reply_to, occurred_at,
// edited_at, deleted, attachments, forwarded_sender, forwarded_at, thread_id,
// envelope. read_message gives nothing when id is NULL (an outer join that
// found no message).
inline constexpr int message_column_count = 16;
std::string message_columns(std::string_view log, std::string_view users);

// The SELECT list and joins that log_entry reading needs, up to (not
// including) WHERE. The log row is aliased l; it reads back with
// read_log_entry.
std::string select_log_entries();

// id, occurred_at, user_id, kind, remote_addr, detail, FROM audit_events:
// read back with read_audit_event.
inline constexpr const char* audit_select =
    "SELECT id, occurred_at, user_id, kind, remote_addr, detail FROM audit_events ";

// Throws failure: a CHECKed column held text that names no known value.
[[noreturn]] void unknown_value(std::string_view dialect, std::string_view column, std::string_view text);

// The parsed value of a CHECKed text column, or failure.
template <class Row, class T>
T parsed(std::optional<T> value, std::string_view column, std::string_view text) {
  if (!value) unknown_value(row_access<Row>::dialect, column, text);
  return *value;
}

// The readers assign member by member rather than use designated
// initializers, so that a field added to a record does not break them.
template <class Row>
user_record read_user(const Row& r, int first = 0) {
  using at = row_access<Row>;
  user_record u;
  u.id = at::int_at(r, first);
  u.email = at::text_at(r, first + 1);
  u.username = at::text_at(r, first + 2);
  u.display_name = at::text_at(r, first + 3);
  u.bio = at::text_at(r, first + 4);
  u.created_at = at::int_at(r, first + 5);
  u.last_seen = at::optional_int_at(r, first + 6);
  u.avatar = at::text_at(r, first + 7);
  return u;
}

template <class Row>
conversation_record read_conversation(const Row& r, int first = 0) {
  using at = row_access<Row>;
  conversation_record c;
  c.id = at::int_at(r, first);
  const std::string kind = at::text_at(r, first + 1);
  c.kind = parsed<Row>(conversation_kind_from(kind), "conversation kind", kind);
  c.name = at::text_at(r, first + 2);
  c.topic = at::text_at(r, first + 3);
  c.last_seq = at::int_at(r, first + 4);
  c.created_at = at::int_at(r, first + 5);
  const std::string request = at::text_at(r, first + 6);
  c.request = parsed<Row>(request_state_from(request), "request state", request);
  c.requested_by = at::optional_int_at(r, first + 7);
  c.avatar = at::text_at(r, first + 8);
  c.encrypted = at::bool_at(r, first + 9);
  return c;
}

template <class Row>
member_record read_member(const Row& r, int first = 0) {
  using at = row_access<Row>;
  member_record m;
  m.conversation = at::int_at(r, first);
  m.user = at::int_at(r, first + 1);
  m.username = at::text_at(r, first + 2);
  const std::string role = at::text_at(r, first + 3);
  m.role = parsed<Row>(member_role_from(role), "member role", role);
  m.joined_at = at::int_at(r, first + 4);
  m.delivered_seq = at::int_at(r, first + 5);
  m.read_seq = at::int_at(r, first + 6);
  m.joined_seq = at::int_at(r, first + 7);
  return m;
}

template <class Row>
std::optional<message_record> read_message(const Row& r, int first = 0) {
  using at = row_access<Row>;
  if (at::is_null(r, first)) return std::nullopt;
  message_record m;
  m.id = at::int_at(r, first);
  m.conversation = at::int_at(r, first + 1);
  m.seq = at::int_at(r, first + 2);
  m.sender = at::int_at(r, first + 3);
  m.sender_name = at::text_at(r, first + 4);
  m.text = at::text_at(r, first + 5);
  m.client_msg_id = at::text_at(r, first + 6);
  m.reply_to = at::optional_int_at(r, first + 7);
  m.created_at = at::int_at(r, first + 8);
  m.edited_at = at::optional_int_at(r, first + 9);
  m.deleted = at::bool_at(r, first + 10);
  m.attachments = decode_attachments(at::text_at(r, first + 11));
  m.forwarded_sender = at::text_at(r, first + 12);
  m.forwarded_at = at::optional_int_at(r, first + 13).value_or(0);
  m.thread_id = at::optional_int_at(r, first + 14);
  m.envelope = at::text_at(r, first + 15);
  return m;
}

// Reads a row of select_log_entries().
template <class Row>
log_entry read_log_entry(const Row& r) {
  using at = row_access<Row>;
  log_entry e;
  e.id = at::int_at(r, 0);
  e.conversation = at::int_at(r, 1);
  e.seq = at::int_at(r, 2);
  const std::string kind = at::text_at(r, 3);
  e.kind = parsed<Row>(entry_kind_from(kind), "log entry kind", kind);
  e.actor = at::int_at(r, 4);
  e.actor_name = at::text_at(r, 5);
  e.at = at::int_at(r, 6);
  e.target = at::optional_int_at(r, 7);
  e.subject = at::optional_int_at(r, 8);
  e.subject_name = at::text_at(r, 9);
  e.role = at::text_at(r, 10);
  e.name = at::text_at(r, 11);
  e.topic = at::text_at(r, 12);
  if (!at::is_null(r, 13)) e.avatar = at::text_at(r, 13);
  e.message = read_message(r, 14);
  e.action = at::text_at(r, 14 + message_column_count);
  e.reason = at::text_at(r, 15 + message_column_count);
  e.emoji = at::text_at(r, 16 + message_column_count);
  return e;
}

// conversation_id, user_id, kind, by_id, created_at, reason (room_sanctions)
template <class Row>
sanction_record read_sanction(const Row& r) {
  using at = row_access<Row>;
  sanction_record s;
  s.conversation = at::int_at(r, 0);
  s.user = at::int_at(r, 1);
  const std::string kind = at::text_at(r, 2);
  s.kind = parsed<Row>(sanction_kind_from(kind), "sanction kind", kind);
  s.by = at::int_at(r, 3);
  s.at = at::int_at(r, 4);
  s.reason = at::text_at(r, 5);
  return s;
}

// conversation_id, user_id, invited_by, the inviter's username, invited_at,
// declined_at (invitations_where in conversation_statements.hpp)
template <class Row>
invitation_record read_invitation(const Row& r) {
  using at = row_access<Row>;
  invitation_record out;
  out.conversation = at::int_at(r, 0);
  out.user = at::int_at(r, 1);
  out.invited_by = at::int_at(r, 2);
  out.invited_by_name = at::text_at(r, 3);
  out.invited_at = at::int_at(r, 4);
  out.declined_at = at::optional_int_at(r, 5);
  return out;
}

// The columns of summaries_where (conversation_statements.hpp), in order.
template <class Row>
conversation_summary read_summary(const Row& r) {
  using at = row_access<Row>;
  constexpr int counts = conversation_column_count + member_column_count;
  conversation_summary out;
  out.conversation = read_conversation(r, 0);
  out.me = read_member(r, conversation_column_count);
  out.member_count = at::int_at(r, counts);
  out.unread = at::int_at(r, counts + 1);
  out.last_message = read_message(r, counts + 2);
  out.unread_mentions = at::int_at(r, counts + 2 + message_column_count);
  return out;
}

// id, code_hash, created_by, created_at, expires_at, used_at, used_by,
// revoked_at (invites)
template <class Row>
invite_record read_invite(const Row& r) {
  using at = row_access<Row>;
  invite_record i;
  i.id = at::text_at(r, 0);
  i.code_hash = at::text_at(r, 1);
  i.created_by = at::optional_int_at(r, 2);
  i.created_at = at::int_at(r, 3);
  i.expires_at = at::int_at(r, 4);
  i.used_at = at::optional_int_at(r, 5);
  i.used_by = at::optional_int_at(r, 6);
  i.revoked_at = at::optional_int_at(r, 7);
  return i;
}

// The eight columns of device_record, in its order (e2ee_devices).
template <class Row>
device_record read_device(const Row& r) {
  using at = row_access<Row>;
  return device_record{at::int_at(r, 0),  at::text_at(r, 1), at::text_at(r, 2), at::text_at(r, 3),
                       at::text_at(r, 4), at::text_at(r, 5), at::text_at(r, 6), at::int_at(r, 7)};
}

// A row of to_device_after (to_device_statements.hpp), for the recipient u
// and its device.
template <class Row>
to_device_record read_to_device(const Row& r, user_id u, std::string_view device_id) {
  using at = row_access<Row>;
  return to_device_record{
      at::int_at(r, 0), u, std::string(device_id), at::int_at(r, 1), at::text_at(r, 2), at::text_at(r, 3),
      at::int_at(r, 4)};
}

// id, owner, kind, name, mime, size, blob, thumbnail_blob, thumbnail_mime,
// thumbnail_size, width, height, thumbnail_width, thumbnail_height, colour,
// upload_id, created_at (media)
template <class Row>
media_record read_media(const Row& r) {
  using at = row_access<Row>;
  media_record m;
  m.id = at::text_at(r, 0);
  m.owner = at::int_at(r, 1);
  m.kind = at::text_at(r, 2);
  m.name = at::text_at(r, 3);
  m.mime = at::text_at(r, 4);
  m.size = at::int_at(r, 5);
  m.blob = at::text_at(r, 6);
  m.thumbnail_blob = at::text_at(r, 7);
  m.thumbnail_mime = at::text_at(r, 8);
  m.thumbnail_size = at::int_at(r, 9);
  m.width = static_cast<int>(at::int_at(r, 10));
  m.height = static_cast<int>(at::int_at(r, 11));
  m.thumbnail_width = static_cast<int>(at::int_at(r, 12));
  m.thumbnail_height = static_cast<int>(at::int_at(r, 13));
  m.colour = at::text_at(r, 14);
  m.upload_id = at::text_at(r, 15);
  m.created_at = at::int_at(r, 16);
  return m;
}

// A row of audit_select.
template <class Row>
audit_event read_audit_event(const Row& r) {
  using at = row_access<Row>;
  audit_event e;
  e.id = at::int_at(r, 0);
  e.at = at::int_at(r, 1);
  e.user = at::optional_int_at(r, 2);
  e.kind = at::text_at(r, 3);
  e.remote_addr = at::text_at(r, 4);
  e.detail = at::text_at(r, 5);
  return e;
}

// id, user_id, family, token_hash, created_at, expires_at, rotated_at, revoked_at
template <class Row>
refresh_token_record read_refresh_token(const Row& r) {
  using at = row_access<Row>;
  refresh_token_record t;
  t.id = at::int_at(r, 0);
  t.user = at::int_at(r, 1);
  t.family = at::text_at(r, 2);
  t.token_hash = at::text_at(r, 3);
  t.created_at = at::int_at(r, 4);
  t.expires_at = at::int_at(r, 5);
  t.rotated_at = at::optional_int_at(r, 6);
  t.revoked_at = at::optional_int_at(r, 7);
  return t;
}

// id, password_hash
template <class Row>
user_credentials read_credentials(const Row& r) {
  using at = row_access<Row>;
  user_credentials found;
  found.user = at::int_at(r, 0);
  found.password_hash = at::text_at(r, 1);
  return found;
}

// The first row of a result read in full (PostgreSQL's, MariaDB's) as a user
// or credentials; nothing when there is no row.
template <class Result>
std::optional<user_record> first_user(const Result& rows) {
  if (rows.empty()) return std::nullopt;
  return read_user(rows[0]);
}
template <class Result>
std::optional<user_credentials> first_credentials(const Result& rows) {
  if (rows.empty()) return std::nullopt;
  return read_credentials(rows[0]);
}

// Every row of a result read in full as an audit event.
template <class Result>
std::vector<audit_event> audit_events_in(const Result& rows) {
  std::vector<audit_event> events;
  events.reserve(rows.size());
  for (decltype(rows.size()) i = 0; i < rows.size(); ++i) events.push_back(read_audit_event(rows[i]));
  return events;
}

}  // namespace natter::store::sql
