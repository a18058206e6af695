// sqlite_store: conversation logs and the messages in them.

#include <SQLiteCpp/VariadicBind.h>

#include <string>

#include "store/attachment_codec.hpp"
#include "store/sqlite/conversation_statements.hpp"
#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

bool has_send_key(const new_log_entry& e) {
  return e.kind == entry_kind::message && !e.client_msg_id.empty();
}

// The id of the sender's earlier message with this client_msg_id, if any.
std::optional<std::int64_t> earlier_send(conversation_statements& statements, const new_log_entry& e) {
  statement_use q(statements.message_id_by_client_msg_id);
  q->bind(1, e.actor);
  q->bind(2, e.client_msg_id);
  if (!q->executeStep()) return std::nullopt;
  return q->getColumn(0).getInt64();
}

// Where the new entry goes: its seq, and the conversation's message count
// with it (conversation_log.message_count).
struct log_position {
  seq_t seq = 0;
  std::int64_t message_count = 0;
};

// Raises the conversation's last_seq (and its message count, for a message)
// and returns the new entry's position. Since only the writer connection
// appends, and it does so inside its transaction, seqs are handed out
// without gaps.
log_position take_next_seq(conversation_statements& statements, const new_log_entry& e) {
  statement_use q(statements.next_seq);
  q->bind(1, e.conversation);
  if (e.kind == entry_kind::updated) {
    bind_optional(*q, 2, e.name);
    bind_optional(*q, 3, e.topic);
    bind_optional(*q, 5, e.avatar);
  }
  q->bind(4, e.kind == entry_kind::message ? 1 : 0);
  if (!q->executeStep()) throw failure("sqlite append: no conversation " + std::to_string(e.conversation));
  const log_position at{q->getColumn(0).getInt64(), q->getColumn(1).getInt64()};
  finish_steps(*q);
  return at;
}

void insert_entry(conversation_statements& statements, const new_log_entry& e, log_position at) {
  statement_use q(statements.insert_log_entry);
  SQLite::bind(*q, e.conversation, at.seq, at.message_count, std::string(to_string(e.kind)), e.actor, e.at, e.text);
  // NULL, not '': an empty key must not make two sends look like one.
  if (has_send_key(e)) q->bind(8, e.client_msg_id);
  bind_optional(*q, 9, e.reply_to);
  bind_optional(*q, 10, e.target);
  bind_optional(*q, 11, e.subject);
  q->bind(12, e.role);
  bind_optional(*q, 13, e.name);
  bind_optional(*q, 14, e.topic);
  bind_optional(*q, 15, encode_attachments(e.attachments));
  bind_optional(*q, 16, e.avatar);
  q->bind(17, e.action);
  q->bind(18, e.reason);
  if (!e.forwarded_sender.empty()) {
    q->bind(19, e.forwarded_sender);
    q->bind(20, e.forwarded_at);
  }
  if (!e.envelope.empty()) q->bind(21, e.envelope);
  q->exec();
}

// A member's own message is never unread for them: it joins the messages
// after their read_seq that do not count.
void count_own_message(conversation_statements& statements, const new_log_entry& e) {
  statement_use q(statements.count_own_message);
  SQLite::bind(*q, e.conversation, e.actor);
  q->exec();
}

}  // namespace

void add_media_ref(conversation_statements& statements, const std::string& media, message_id message,
                   conversation_id c) {
  statement_use q(statements.add_media_ref);
  SQLite::bind(*q, media, message, c);
  q->exec();
  statement_use used(statements.mark_media_used);
  used->bind(1, media);
  used->exec();
}

namespace {

std::vector<log_entry> read_entries(SQLite::Statement& query) {
  std::vector<log_entry> out;
  while (query.executeStep()) out.push_back(read_log_entry(query));
  return out;
}

}  // namespace

appended_entry sqlite_store::append(const new_log_entry& e) {
  return guarded("append", [&] {
    if (has_send_key(e)) {
      if (auto original = earlier_send(*conversations_, e)) return appended_entry{log_entry_by_id(*original), false};
    }
    const log_position at = take_next_seq(*conversations_, e);
    insert_entry(*conversations_, e, at);
    const auto id = db_.getLastInsertRowid();
    for (const auto& a : e.attachments) add_media_ref(*conversations_, a.media, id, e.conversation);
    if (e.kind == entry_kind::message) count_own_message(*conversations_, e);
    return appended_entry{log_entry_by_id(id), true};
  });
}

log_entry sqlite_store::log_entry_by_id(std::int64_t id) {
  statement_use q(conversations_->log_entry_by_id);
  q->bind(1, id);
  if (!q->executeStep()) throw failure("sqlite: log entry " + std::to_string(id) + " vanished");
  return read_log_entry(*q);
}

std::optional<message_record> sqlite_store::message_by_id(message_id id) {
  return guarded("message_by_id", [&]() -> std::optional<message_record> {
    statement_use q(conversations_->message_by_id);
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return read_message(*q);
  });
}

void sqlite_store::edit_message(message_id id, std::string_view text, unix_ms at) {
  guarded("edit_message", [&] {
    statement_use q(conversations_->edit_message);
    q->bind(1, id);
    bind_text(*q, 2, text);
    q->bind(3, at);
    q->exec();
  });
}

// Prepared per call: only edits of encrypted messages pay for it.
void sqlite_store::edit_envelope(message_id id, std::string_view envelope, unix_ms at) {
  guarded("edit_envelope", [&] {
    SQLite::Statement q(
        db_, "UPDATE conversation_log SET text = '', envelope = ?2, edited_at = ?3 WHERE id = ?1 AND kind = 'message'");
    q.bind(1, id);
    bind_text(q, 2, envelope);
    q.bind(3, at);
    q.exec();
  });
}

// `at` is not stored on the message: the deletion entry that follows records
// when it happened, and edited_at keeps meaning "last edited".
void sqlite_store::delete_message(message_id id, unix_ms /*at*/) {
  guarded("delete_message", [&] {
    statement_use deleted(conversations_->delete_message);
    deleted->bind(1, id);
    if (!deleted->executeStep()) return;  // no such message, or deleted already: counted once
    const conversation_id c = deleted->getColumn(0).getInt64();
    const seq_t seq = deleted->getColumn(1).getInt64();
    const user_id sender = deleted->getColumn(2).getInt64();
    finish_steps(*deleted);
    statement_use refs(conversations_->drop_media_refs);
    refs->bind(1, id);
    refs->exec();
    SQLite::Statement mentions(db_, "DELETE FROM message_mentions WHERE message_id = ?");
    mentions.bind(1, id);
    mentions.exec();
    // For the sender it was never unread; for those who read it, it stays read.
    statement_use counted(conversations_->count_deletion);
    SQLite::bind(*counted, c, sender, seq);
    counted->exec();
  });
}

std::vector<log_entry> sqlite_store::log_after(conversation_id c, seq_t after, int limit) {
  if (limit <= 0) return {};
  return guarded("log_after", [&] {
    statement_use q(conversations_->log_after);
    SQLite::bind(*q, c, after, limit);
    return read_entries(*q);
  });
}

bool sqlite_store::membership_changed(conversation_id c, seq_t after, seq_t before) {
  if (before <= after + 1) return false;
  return guarded("membership_changed", [&] {
    statement_use q(conversations_->membership_changed);
    SQLite::bind(*q, c, after, before);
    return q->executeStep() && q->getColumn(0).getInt() != 0;
  });
}

std::vector<membership_change> sqlite_store::membership_changes_after(conversation_id c, seq_t after) {
  return guarded("membership_changes_after", [&] {
    statement_use q(conversations_->membership_changes_after);
    SQLite::bind(*q, c, after);
    std::vector<membership_change> out;
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getInt64(), q->getColumn(2).getInt() != 0});
    }
    return out;
  });
}

std::vector<log_entry> sqlite_store::log_before(conversation_id c, seq_t before, int limit) {
  if (limit <= 0) return {};
  return guarded("log_before", [&] {
    statement_use q(conversations_->log_before);
    SQLite::bind(*q, c, before, limit);
    return read_entries(*q);
  });
}

}  // namespace natter::store::sqlite
