// mariadb_store: groups of sends (conversation_store::append_messages).
//
// The group's conversations are locked first, in id order, so that two nodes
// appending to the same conversations never deadlock, and so that what the
// checks read - memberships, blocks, last_seq - cannot change until COMMIT.
// Then each message in order: one statement gives its verdict (a refusal,
// a retry of a send stored before, or ok), and an ok message is appended as
// append() appends one. A message with the (sender, client_msg_id) of an
// earlier message of the group finds that one stored, as append() would.

#include <set>
#include <string>

#include "store/attachment_codec.hpp"
#include "store/mariadb/conversation_statements.hpp"
#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

const statement lock_conversation_sql{"lock_conversation", "SELECT id FROM conversations WHERE id = ? FOR UPDATE"};

// actor, conversation, actor, actor, conversation, actor, has_envelope,
// has_plain_content, has_envelope, reply_to, reply_to, conversation, thread,
// thread, conversation, client_msg_id, actor, client_msg_id, conversation,
// actor. The sender's username and the
// verdict: 'ok', 'retry' or a send_refusal. No row when there is no such
// sender.
const statement send_verdict_sql{
    "send_verdict",
    "SELECT u.username, CASE "
    "WHEN m.user_id IS NULL THEN 'not_a_member' "
    "WHEN c.kind = 'direct' AND EXISTS (SELECT 1 FROM conversation_members o JOIN blocks b "
    "ON b.blocker_id = o.user_id AND b.blocked_id = ? WHERE o.conversation_id = ? AND o.user_id <> ?) "
    "THEN 'blocked' "
    "WHEN c.kind = 'direct' AND c.request_state = 'declined' AND c.requested_by = ? THEN 'request_declined' "
    "WHEN EXISTS (SELECT 1 FROM room_sanctions x WHERE x.conversation_id = ? AND x.user_id = ? AND x.kind = 'mute') "
    "THEN 'muted' "
    "WHEN c.encrypted AND (? = 0 OR ? = 1) THEN 'encryption_required' "
    "WHEN NOT c.encrypted AND ? = 1 THEN 'not_encrypted' "
    "WHEN ? IS NOT NULL AND NOT EXISTS (SELECT 1 FROM conversation_log r WHERE r.id = ? AND r.conversation_id = ? "
    "AND r.kind = 'message') THEN 'no_such_reply_to' "
    "WHEN ? IS NOT NULL AND NOT EXISTS (SELECT 1 FROM conversation_log t WHERE t.id = ? AND t.conversation_id = ? "
    "AND t.kind = 'message' AND NOT t.deleted AND t.thread_id IS NULL) THEN 'no_such_thread' "
    "WHEN ? IS NOT NULL AND EXISTS (SELECT 1 FROM conversation_log e WHERE e.actor_id = ? AND e.message_key = ?) "
    "THEN 'retry' "
    "ELSE 'ok' END "
    "FROM users u LEFT JOIN conversation_members m ON m.conversation_id = ? AND m.user_id = u.id "
    "LEFT JOIN conversations c ON c.id = m.conversation_id WHERE u.id = ?"};

// root, conversation, seq, at: a reply in the thread raises its summary.
const statement count_thread_reply_sql{
    "count_thread_reply",
    "INSERT INTO message_threads (root_id, conversation_id, reply_count, last_reply_seq, last_reply_at) "
    "VALUES (?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE reply_count = reply_count + 1, "
    "last_reply_seq = GREATEST(last_reply_seq, VALUES(last_reply_seq)), "
    "last_reply_at = GREATEST(last_reply_at, VALUES(last_reply_at))"};
// root, user, seq: and the sender's read mark there.
const statement mark_own_thread_reply_sql{"mark_own_thread_reply",
                                          "INSERT INTO thread_reads (root_id, user_id, read_seq) VALUES (?, ?, ?) "
                                          "ON DUPLICATE KEY UPDATE read_seq = GREATEST(read_seq, VALUES(read_seq))"};

std::optional<send_refusal> refusal_named(std::string_view verdict) {
  if (verdict == "not_a_member") return send_refusal::not_a_member;
  if (verdict == "blocked") return send_refusal::blocked;
  if (verdict == "request_declined") return send_refusal::request_declined;
  if (verdict == "no_such_reply_to") return send_refusal::no_such_reply_to;
  if (verdict == "muted") return send_refusal::muted;
  if (verdict == "no_such_thread") return send_refusal::no_such_thread;
  if (verdict == "encryption_required") return send_refusal::encryption_required;
  if (verdict == "not_encrypted") return send_refusal::not_encrypted;
  return std::nullopt;
}

}  // namespace

message_append mariadb_store::append_one(const new_message& m) {
  std::optional<std::string_view> key;
  if (!m.client_msg_id.empty()) key = m.client_msg_id;
  const int has_envelope = m.envelope.empty() ? 0 : 1;
  const int has_plain_content = m.text.empty() ? 0 : 1;  // attachments: core checks them
  const rows verdict =
      db_->exec(send_verdict_sql, m.sender, m.conversation, m.sender, m.sender, m.conversation, m.sender, has_envelope,
                has_plain_content, has_envelope, m.reply_to, m.reply_to, m.conversation, m.thread_id, m.thread_id,
                m.conversation, key, m.sender, key, m.conversation, m.sender);
  message_append out;
  if (verdict.empty()) {
    out.refused = send_refusal::not_a_member;
    return out;
  }
  const std::string said = text_at(verdict[0], 1);
  if (auto refused = refusal_named(said)) {
    out.refused = *refused;
    return out;
  }
  if (said == "retry") {
    const rows earlier = db_->exec(conversation_sql::message_id_by_client_msg_id, m.sender, m.client_msg_id);
    if (earlier.empty()) throw failure("mariadb append_messages: a retry without its message");
    out.appended = {log_entry_by_id(int_at(earlier[0], 0)), false};
    return out;
  }
  const seq_taken taken = take_next_seq(m.conversation, true, std::nullopt, std::nullopt, std::nullopt);
  if (!taken.found) throw failure("mariadb append_messages: the conversation vanished under its lock");
  const std::optional<std::string> none;
  const rows inserted =
      db_->exec(conversation_sql::insert_entry, m.conversation, taken.seq, taken.message_count, "message", m.sender,
                m.at, m.text, key, m.reply_to, std::optional<message_id>(), std::optional<user_id>(), "", none, none,
                encode_attachments(m.attachments), none, "", "", none, std::optional<unix_ms>(), m.thread_id,
                m.envelope.empty() ? none : std::optional<std::string>(m.envelope));
  const auto id = static_cast<std::int64_t>(inserted.insert_id);
  note_media_refs(m.attachments, id, m.conversation);
  db_->exec(conversation_sql::count_own_message, m.conversation, m.sender);
  if (m.thread_id) {
    db_->exec(count_thread_reply_sql, *m.thread_id, m.conversation, taken.seq, m.at);
    db_->exec(mark_own_thread_reply_sql, *m.thread_id, m.sender, taken.seq);
  }
  out.appended = {stored_message_entry(m, id, taken.seq, text_at(verdict[0], 0)), true};
  return out;
}

std::vector<message_append> mariadb_store::append_messages(std::span<const new_message> messages) {
  std::set<conversation_id> conversations;
  for (const auto& m : messages) conversations.insert(m.conversation);
  for (conversation_id c : conversations) db_->exec(lock_conversation_sql, c);  // ascending ids
  std::vector<message_append> out;
  out.reserve(messages.size());
  for (const auto& m : messages) out.push_back(append_one(m));
  return out;
}

}  // namespace natter::store::mariadb
