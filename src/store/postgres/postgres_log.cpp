// postgres_store: conversation logs and the messages in them.

#include <algorithm>
#include <string>

#include "store/attachment_codec.hpp"
#include "store/postgres/array_literal.hpp"
#include "store/postgres/conversation_statements.hpp"
#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

namespace sql = conversation_sql;

bool has_send_key(const new_log_entry& e) {
  return e.kind == entry_kind::message && !e.client_msg_id.empty();
}

// The id of the sender's earlier message with this client_msg_id, if any.
std::optional<std::int64_t> earlier_send(connection& db, const new_log_entry& e) {
  const pqxx::result r = db.exec(sql::message_id_by_client_msg_id, e.actor, e.client_msg_id);
  if (r.empty()) return std::nullopt;
  return int_at(r[0], 0);
}

std::string media_ids(const std::vector<attachment_record>& attachments) {
  array_literal ids;
  for (const auto& a : attachments) ids.add(a.media);
  return ids.done();
}

// Takes the next seq and inserts e at it; returns the new entry, or
// nothing when e collided with an earlier send (or has no conversation).
std::optional<log_entry> insert_entry(connection& db, const new_log_entry& e) {
  // NULL, not '': an empty key must not make two sends look like one.
  std::optional<std::string> send_key;
  if (has_send_key(e)) send_key = e.client_msg_id;
  std::optional<std::string> rename_to, new_topic;
  if (e.kind == entry_kind::updated) {
    rename_to = e.name;
    new_topic = e.topic;
  }
  std::optional<std::string> forwarded_sender;
  std::optional<std::int64_t> forwarded_at;
  if (!e.forwarded_sender.empty()) {
    forwarded_sender = e.forwarded_sender;
    forwarded_at = e.forwarded_at;
  }
  std::optional<std::string> envelope;
  if (!e.envelope.empty()) envelope = e.envelope;
  const pqxx::result r =
      db.exec(sql::append_entry, e.conversation, to_string(e.kind), e.actor, e.at, e.text, send_key, e.reply_to,
              e.target, e.subject, e.role, e.name, e.topic, rename_to, new_topic, encode_attachments(e.attachments),
              media_ids(e.attachments), e.avatar, e.action, e.reason, forwarded_sender, forwarded_at, envelope);
  if (r.empty()) return std::nullopt;
  return read_log_entry(r[0]);
}

std::vector<log_entry> read_entries(const pqxx::result& rows) {
  std::vector<log_entry> out;
  out.reserve(rows.size());
  for (const pqxx::row& r : rows) out.push_back(read_log_entry(r));
  return out;
}

}  // namespace

// The fresh send, the common case, costs one round trip: the insert returns
// the entry. Other kinds are read back (an edit entry carries the edited
// message as it stands now). A retried send is found only when its insert
// collides on (sender, client_msg_id) - possibly with a send another node
// committed a moment ago - and then hands back the seq it took.
appended_entry postgres_store::append(const new_log_entry& e) {
  return guarded("append", [&] {
    if (auto stored = insert_entry(*db_, e)) {
      if (e.kind == entry_kind::message) return appended_entry{std::move(*stored), true};
      return appended_entry{log_entry_by_id(stored->id), true};
    }
    if (has_send_key(e)) {
      if (auto original = earlier_send(*db_, e)) {
        db_->exec(sql::give_back_seq, e.conversation);  // still holding the row lock
        return appended_entry{log_entry_by_id(*original), false};
      }
    }
    throw failure("postgres append: no conversation " + std::to_string(e.conversation));
  });
}

log_entry postgres_store::log_entry_by_id(std::int64_t id) {
  const pqxx::result r = db_->exec(sql::log_entry_by_id, id);
  if (r.empty()) throw failure("postgres: log entry " + std::to_string(id) + " vanished");
  return read_log_entry(r[0]);
}

std::optional<message_record> postgres_store::message_by_id(message_id id) {
  return guarded("message_by_id", [&]() -> std::optional<message_record> {
    const pqxx::result r = db_->exec(sql::message_by_id, id);
    if (r.empty()) return std::nullopt;
    return read_message(r[0]);
  });
}

void postgres_store::edit_message(message_id id, std::string_view text, unix_ms at) {
  guarded("edit_message", [&] { db_->exec(sql::edit_message, id, text, at); });
}

void postgres_store::edit_envelope(message_id id, std::string_view envelope, unix_ms at) {
  guarded("edit_envelope", [&] { db_->exec(sql::edit_envelope, id, envelope, at); });
}

// `at` is not stored on the message: the deletion entry that follows records
// when it happened, and edited_at keeps meaning "last edited".
void postgres_store::delete_message(message_id id, unix_ms /*at*/) {
  guarded("delete_message", [&] {
    db_->exec(sql::lock_conversation_of_message, id);
    db_->exec(sql::delete_message, id);
    db_->exec(sql::clear_mentions, id);
  });
}

std::vector<log_entry> postgres_store::log_after(conversation_id c, seq_t after, int limit) {
  if (limit <= 0) return {};
  return guarded("log_after", [&] { return read_entries(db_->exec(sql::log_after, c, after, limit)); });
}

bool postgres_store::membership_changed(conversation_id c, seq_t after, seq_t before) {
  if (before <= after + 1) return false;
  return guarded("membership_changed",
                 [&] { return db_->exec(sql::membership_changed, c, after, before)[0][0].as<bool>(); });
}

std::vector<membership_change> postgres_store::membership_changes_after(conversation_id c, seq_t after) {
  return guarded("membership_changes_after", [&] {
    std::vector<membership_change> out;
    for (const auto& row : db_->exec(sql::membership_changes_after, c, after)) {
      out.push_back({row[0].as<seq_t>(), row[1].as<user_id>(), row[2].as<bool>()});
    }
    return out;
  });
}

std::vector<log_entry> postgres_store::log_before(conversation_id c, seq_t before, int limit) {
  if (limit <= 0) return {};
  return guarded("log_before", [&] {
    auto entries = read_entries(db_->exec(sql::log_before_newest_first, c, before, limit));
    std::reverse(entries.begin(), entries.end());
    return entries;
  });
}

}  // namespace natter::store::postgres
