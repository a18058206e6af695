// mariadb_store: conversation logs and the messages in them.

#include <algorithm>
#include <string>

#include "store/attachment_codec.hpp"
#include "store/mariadb/conversation_statements.hpp"
#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

namespace sql = conversation_sql;

bool has_send_key(const new_log_entry& e) {
  return e.kind == entry_kind::message && !e.client_msg_id.empty();
}

std::vector<log_entry> entries_in(const rows& found) {
  std::vector<log_entry> out;
  out.reserve(found.size());
  for (const rows::row& r : found) out.push_back(read_log_entry(r));
  return out;
}

}  // namespace

seq_taken mariadb_store::take_next_seq(conversation_id c, bool message, const std::optional<std::string>& rename_to,
                                       const std::optional<std::string>& new_topic,
                                       const std::optional<std::string>& avatar) {
  if (db_->exec(sql::take_seq, message ? 1 : 0, rename_to, new_topic, avatar, avatar, c).affected_rows == 0) {
    return {};
  }
  const rows taken = db_->exec(sql::taken_seq, c);
  return {true, int_at(taken[0], 0), int_at(taken[0], 1)};
}

void mariadb_store::note_media_refs(const std::vector<attachment_record>& attachments, message_id id,
                                    conversation_id c) {
  for (const auto& a : attachments) {
    db_->exec(sql::add_media_ref, a.media, id, c);
    db_->exec(sql::mark_media_used, a.media);
  }
}

// Takes the next seq (the conversation's row lock, held to COMMIT) and
// inserts the entry at it. A retried send collides on (sender,
// client_msg_id) - possibly with a send another node committed a moment ago
// - and then hands back the seq it took: only the INSERT was undone.
appended_entry mariadb_store::append(const new_log_entry& e) {
  const bool message = e.kind == entry_kind::message;
  std::optional<std::string> rename_to, new_topic;
  if (e.kind == entry_kind::updated) {
    rename_to = e.name;
    new_topic = e.topic;
  }
  const seq_taken taken = take_next_seq(e.conversation, message, rename_to, new_topic, e.avatar);
  if (!taken.found) throw failure("mariadb append: no conversation " + std::to_string(e.conversation));
  // NULL, not '': an empty key must not make two sends look like one.
  std::optional<std::string> send_key;
  if (has_send_key(e)) send_key = e.client_msg_id;
  std::optional<std::string> forwarded_sender;
  std::optional<std::int64_t> forwarded_at;
  if (!e.forwarded_sender.empty()) {
    forwarded_sender = e.forwarded_sender;
    forwarded_at = e.forwarded_at;
  }
  const std::optional<std::string> attachments = encode_attachments(e.attachments);
  std::optional<std::string> envelope;
  if (!e.envelope.empty()) envelope = e.envelope;
  rows inserted;
  try {
    inserted =
        db_->exec(sql::insert_entry, e.conversation, taken.seq, taken.message_count, to_string(e.kind), e.actor, e.at,
                  e.text, send_key, e.reply_to, e.target, e.subject, e.role, e.name, e.topic, attachments, e.avatar,
                  e.action, e.reason, forwarded_sender, forwarded_at, std::optional<message_id>(), envelope);
  } catch (const unique_violation&) {
    if (!send_key) throw;
    const rows earlier = db_->exec(sql::message_id_by_client_msg_id, e.actor, *send_key);
    if (earlier.empty()) throw;
    db_->exec(sql::give_back_seq, e.conversation);  // still holding the row lock
    return appended_entry{log_entry_by_id(int_at(earlier[0], 0)), false};
  }
  const auto id = static_cast<std::int64_t>(inserted.insert_id);
  if (message) {
    note_media_refs(e.attachments, id, e.conversation);
    db_->exec(sql::count_own_message, e.conversation, e.actor);  // never unread for its sender
  }
  return appended_entry{log_entry_by_id(id), true};
}

log_entry mariadb_store::log_entry_by_id(std::int64_t id) {
  const rows r = db_->exec(sql::log_entry_by_id, id);
  if (r.empty()) throw failure("mariadb: log entry " + std::to_string(id) + " vanished");
  return read_log_entry(r[0]);
}

std::optional<message_record> mariadb_store::message_by_id(message_id id) {
  const rows r = db_->exec(sql::message_by_id, id);
  if (r.empty()) return std::nullopt;
  return read_message(r[0]);
}

void mariadb_store::edit_envelope(message_id id, std::string_view envelope, unix_ms at) {
  db_->exec(sql::edit_envelope, envelope, at, id);
}

void mariadb_store::edit_message(message_id id, std::string_view text, unix_ms at) {
  db_->exec(sql::edit_message, text, at, id);
}

// `at` is not stored on the message: the deletion entry that follows records
// when it happened, and edited_at keeps meaning "last edited".
void mariadb_store::delete_message(message_id id, unix_ms /*at*/) {
  db_->exec(sql::lock_conversation_of_message, id);
  const rows live = db_->exec(sql::live_message, id);
  if (!live.empty()) {
    db_->exec(sql::mark_message_deleted, id);
    db_->exec(sql::count_deleted_as_read, int_at(live[0], 0), int_at(live[0], 2), int_at(live[0], 1));
  }
  db_->exec(sql::drop_media_refs_of, id);
  db_->exec(sql::clear_mentions, id);
}

std::vector<log_entry> mariadb_store::log_after(conversation_id c, seq_t after, int limit) {
  if (limit <= 0) return {};
  return entries_in(db_->exec(sql::log_after, c, after, limit));
}

bool mariadb_store::membership_changed(conversation_id c, seq_t after, seq_t before) {
  if (before <= after + 1) return false;
  return bool_at(db_->exec(sql::membership_changed, c, after, before)[0], 0);
}

std::vector<membership_change> mariadb_store::membership_changes_after(conversation_id c, seq_t after) {
  std::vector<membership_change> out;
  for (const auto& r : db_->exec(sql::membership_changes_after, c, after)) {
    out.push_back({int_at(r, 0), int_at(r, 1), bool_at(r, 2)});
  }
  return out;
}

std::vector<log_entry> mariadb_store::log_before(conversation_id c, seq_t before, int limit) {
  if (limit <= 0) return {};
  auto entries = entries_in(db_->exec(sql::log_before_newest_first, c, before, limit));
  std::reverse(entries.begin(), entries.end());
  return entries;
}

}  // namespace natter::store::mariadb
