// sqlite_store: groups of sends (conversation_store::append_messages).
//
// Per message: one check and one insert. The seq and message count of each
// conversation are read once per group, handed out in memory and written
// back once; the senders' own-message counters likewise. Only the writer
// connection appends, inside its transaction, so nothing else can move a
// conversation's last_seq in between. A retried send is found by its insert
// doing nothing (the (sender, client_msg_id) index), which then takes no seq.

#include <SQLiteCpp/VariadicBind.h>

#include <map>
#include <string>
#include <utility>
#include <variant>

#include "store/attachment_codec.hpp"
#include "store/sqlite/conversation_statements.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

struct position {
  seq_t last_seq = 0;
  std::int64_t message_count = 0;
};

// What a group of sends changes besides the log, written once at the end.
class group_positions {
 public:
  explicit group_positions(conversation_statements& statements) : statements_(statements) {}

  position& of(conversation_id c) {
    auto [it, inserted] = positions_.try_emplace(c);
    if (!inserted) return it->second;
    statement_use q(statements_.send_position);
    q->bind(1, c);
    if (!q->executeStep()) throw failure("sqlite append_messages: no conversation " + std::to_string(c));
    it->second = {q->getColumn(0).getInt64(), q->getColumn(1).getInt64()};
    return it->second;
  }

  void count_own(conversation_id c, user_id sender) { ++own_[{c, sender}]; }

  void write_back() {
    for (const auto& [c, at] : positions_) {
      statement_use q(statements_.set_send_position);
      SQLite::bind(*q, c, at.last_seq, at.message_count);
      q->exec();
    }
    for (const auto& [key, n] : own_) {
      statement_use q(statements_.count_own_messages);
      SQLite::bind(*q, key.first, key.second, n);
      q->exec();
    }
  }

 private:
  conversation_statements& statements_;
  std::map<conversation_id, position> positions_;
  std::map<std::pair<conversation_id, user_id>, std::int64_t> own_;
};

// The sender's username when m may be sent, else why not.
std::variant<std::string, send_refusal> check(conversation_statements& statements, const new_message& m) {
  statement_use q(statements.send_check);
  q->bind(1, m.conversation);
  q->bind(2, m.sender);
  bind_optional(*q, 3, m.reply_to);
  if (!q->executeStep()) return send_refusal::not_a_member;
  if (q->getColumn(1).getInt() != 0) return send_refusal::blocked;
  if (q->getColumn(2).getInt() != 0) return send_refusal::request_declined;
  if (q->getColumn(4).getInt() != 0) return send_refusal::muted;
  const bool encrypted = q->getColumn(5).getInt() != 0;
  if (encrypted && (m.envelope.empty() || !m.text.empty())) {
    return send_refusal::encryption_required;
  }
  if (!encrypted && !m.envelope.empty()) return send_refusal::not_encrypted;
  if (q->getColumn(3).getInt() == 0) return send_refusal::no_such_reply_to;
  return q->getColumn(0).getString();
}

// Inserts m at the next seq of its conversation; false when its
// (sender, client_msg_id) was taken (then no seq was used).
bool insert(conversation_statements& statements, const new_message& m, position& at) {
  statement_use q(statements.insert_message);
  SQLite::bind(*q, m.conversation, at.last_seq + 1, at.message_count + 1, m.sender, m.at, m.text);
  if (!m.client_msg_id.empty()) q->bind(7, m.client_msg_id);  // NULL, not '': never a retry
  bind_optional(*q, 8, m.reply_to);
  bind_optional(*q, 9, encode_attachments(m.attachments));
  bind_optional(*q, 10, m.thread_id);
  if (!m.envelope.empty()) q->bind(11, m.envelope);
  if (q->exec() == 0) return false;
  ++at.last_seq;
  ++at.message_count;
  return true;
}

// Whether m's thread root is a message of its conversation that may have a
// thread: not deleted, not a reply in a thread itself. Prepared per call:
// only replies in threads pay for it.
bool thread_root_ok(SQLite::Database& db, const new_message& m) {
  SQLite::Statement q(db,
                      "SELECT 1 FROM conversation_log WHERE id = ?1 AND conversation_id = ?2 AND kind = 'message' "
                      "AND deleted = 0 AND thread_id IS NULL");
  SQLite::bind(q, *m.thread_id, m.conversation);
  return q.executeStep();
}

// A reply appended at seq: its root's summary and the sender's read mark in
// the thread move to it.
void count_thread_reply(SQLite::Database& db, const new_message& m, seq_t seq) {
  SQLite::Statement summary(db,
                            "INSERT INTO message_threads (root_id, conversation_id, reply_count, last_reply_seq, "
                            "last_reply_at) VALUES (?1, ?2, 1, ?3, ?4) ON CONFLICT (root_id) DO UPDATE SET "
                            "reply_count = reply_count + 1, last_reply_seq = excluded.last_reply_seq, "
                            "last_reply_at = excluded.last_reply_at");
  SQLite::bind(summary, *m.thread_id, m.conversation, seq, m.at);
  summary.exec();
  SQLite::Statement read(db,
                         "INSERT INTO thread_reads (root_id, user_id, read_seq) VALUES (?1, ?2, ?3) "
                         "ON CONFLICT (root_id, user_id) DO UPDATE SET read_seq = max(read_seq, excluded.read_seq)");
  SQLite::bind(read, *m.thread_id, m.sender, seq);
  read.exec();
}

// The id of the sender's message with m's client_msg_id, which m's insert
// collided with.
std::int64_t earlier_message(conversation_statements& statements, const new_message& m) {
  statement_use q(statements.message_id_by_client_msg_id);
  q->bind(1, m.sender);
  q->bind(2, m.client_msg_id);
  if (!q->executeStep()) throw failure("sqlite append_messages: a taken client_msg_id without its message");
  return q->getColumn(0).getInt64();
}

}  // namespace

std::vector<message_append> sqlite_store::append_messages(std::span<const new_message> messages) {
  return guarded("append_messages", [&] {
    std::vector<message_append> out(messages.size());
    group_positions positions(*conversations_);
    for (std::size_t i = 0; i < messages.size(); ++i) {
      const auto& m = messages[i];
      auto checked = check(*conversations_, m);
      if (auto* refused = std::get_if<send_refusal>(&checked)) {
        out[i].refused = *refused;
        continue;
      }
      if (m.thread_id && !thread_root_ok(db_, m)) {
        out[i].refused = send_refusal::no_such_thread;
        continue;
      }
      auto& at = positions.of(m.conversation);
      if (!insert(*conversations_, m, at)) {
        out[i].appended = {log_entry_by_id(earlier_message(*conversations_, m)), false};
        continue;
      }
      positions.count_own(m.conversation, m.sender);
      const auto id = db_.getLastInsertRowid();
      if (m.thread_id) count_thread_reply(db_, m, at.last_seq);
      for (const auto& a : m.attachments) add_media_ref(*conversations_, a.media, id, m.conversation);
      out[i].appended = {stored_message_entry(m, id, at.last_seq, std::get<std::string>(checked)), true};
    }
    positions.write_back();
    return out;
  });
}

}  // namespace natter::store::sqlite
