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
  if (q->exec() == 0) return false;
  ++at.last_seq;
  ++at.message_count;
  return true;
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
      auto& at = positions.of(m.conversation);
      if (!insert(*conversations_, m, at)) {
        out[i].appended = {log_entry_by_id(earlier_message(*conversations_, m)), false};
        continue;
      }
      positions.count_own(m.conversation, m.sender);
      const auto id = db_.getLastInsertRowid();
      for (const auto& a : m.attachments) add_media_ref(*conversations_, a.media, id, m.conversation);
      out[i].appended = {stored_message_entry(m, id, at.last_seq, std::get<std::string>(checked)), true};
    }
    positions.write_back();
    return out;
  });
}

}  // namespace natter::store::sqlite
