// postgres_store: groups of sends (conversation_store::append_messages).
//
// A group costs two round trips, whatever its size: one statement locks the
// group's conversations in id order (so that two nodes appending to the
// same conversations never deadlock, and so that what the next statement
// reads - memberships, blocks, last_seq - cannot change until COMMIT), and
// one statement checks every message, takes the seqs per conversation,
// inserts the stored ones and raises the counters, returning one row per
// message. The messages travel as arrays.
//
// Two messages of one group with the same (sender, client_msg_id) go to
// different rounds (one statement pair each), so that the later one finds
// the earlier one stored, as append() would.

#include <map>
#include <set>
#include <string>
#include <utility>

#include "store/attachment_codec.hpp"
#include "store/postgres/array_literal.hpp"
#include "store/postgres/conversation_statements.hpp"
#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

const statement lock_conversations{
    "lock_conversations", "SELECT id FROM conversations WHERE id = ANY ($1::bigint[]) ORDER BY id FOR NO KEY UPDATE"};

// Parameters: arrays of conversation, sender, occurred_at, text,
// client_msg_id (NULL: none), reply_to (NULL: none), attachments (NULL:
// none; store/attachment_codec.hpp), thread_id (NULL: none), envelope
// (NULL: a plain message). A reply in a
// thread raises its root's summary and the sender's read mark there
// (message_threads, thread_reads). One row per message, in
// order: its verdict ('ok', 'retry' or a send_refusal), the sender's
// username, and for 'ok' the stored entry's id and seq.
//
// The conversations are locked (lock_conversations), so the last_seq this
// statement's snapshot reads is the newest and stays so: the nth message of
// a conversation that passes its checks takes last_seq + n. Every step reads
// the one row per message of `placed` (no join between the group's own
// rows, whose cost would grow with the square of the group), and ids are
// taken in seq order per conversation.
const statement append_messages_sql{
    "append_messages",
    "WITH input AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], "
    "$6::bigint[], $7::text[], $8::bigint[], $9::text[]) WITH ORDINALITY AS t(conversation_id, actor_id, "
    "occurred_at, text, client_msg_id, reply_to, attachments, thread_id, envelope, ord)), "
    "checked AS (SELECT i.*, u.username, c.last_seq, c.message_count, CASE "
    "WHEN m.user_id IS NULL THEN 'not_a_member' "
    "WHEN c.kind = 'direct' AND EXISTS (SELECT 1 FROM conversation_members o JOIN blocks b "
    "ON b.blocker_id = o.user_id AND b.blocked_id = i.actor_id "
    "WHERE o.conversation_id = i.conversation_id AND o.user_id <> i.actor_id) THEN 'blocked' "
    "WHEN c.kind = 'direct' AND c.request_state = 'declined' AND c.requested_by = i.actor_id "
    "THEN 'request_declined' "
    "WHEN EXISTS (SELECT 1 FROM room_sanctions x WHERE x.conversation_id = i.conversation_id "
    "AND x.user_id = i.actor_id AND x.kind = 'mute') THEN 'muted' "
    "WHEN c.encrypted AND (i.envelope IS NULL OR i.text <> '') "
    "THEN 'encryption_required' "
    "WHEN NOT c.encrypted AND i.envelope IS NOT NULL THEN 'not_encrypted' "
    "WHEN i.reply_to IS NOT NULL AND NOT EXISTS (SELECT 1 FROM conversation_log r WHERE r.id = i.reply_to "
    "AND r.conversation_id = i.conversation_id AND r.kind = 'message') THEN 'no_such_reply_to' "
    "WHEN i.thread_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM conversation_log t WHERE t.id = i.thread_id "
    "AND t.conversation_id = i.conversation_id AND t.kind = 'message' AND NOT t.deleted AND t.thread_id IS NULL) "
    "THEN 'no_such_thread' "
    "WHEN i.client_msg_id IS NOT NULL AND EXISTS (SELECT 1 FROM conversation_log e WHERE e.actor_id = i.actor_id "
    "AND e.client_msg_id = i.client_msg_id AND e.kind = 'message') THEN 'retry' "
    "ELSE 'ok' END AS verdict "
    "FROM input i "
    "LEFT JOIN conversation_members m ON m.conversation_id = i.conversation_id AND m.user_id = i.actor_id "
    "LEFT JOIN conversations c ON c.id = m.conversation_id "
    "LEFT JOIN users u ON u.id = i.actor_id), "
    "counted AS (SELECT k.*, count(*) FILTER (WHERE k.verdict = 'ok') OVER (PARTITION BY k.conversation_id "
    "ORDER BY k.ord ROWS UNBOUNDED PRECEDING) AS nth FROM checked k), "
    "placed AS (SELECT k.*, k.last_seq + k.nth AS seq, k.message_count + k.nth AS count_at, "
    "CASE WHEN k.verdict = 'ok' THEN nextval(pg_get_serial_sequence('conversation_log', 'id')) END AS id "
    "FROM counted k ORDER BY k.conversation_id, k.ord), "
    "bumped AS (UPDATE conversations c SET last_seq = c.last_seq + k.n, message_count = c.message_count + k.n "
    "FROM (SELECT conversation_id, count(*) AS n FROM placed WHERE verdict = 'ok' GROUP BY 1) k "
    "WHERE c.id = k.conversation_id), "
    "inserted AS (INSERT INTO conversation_log (id, conversation_id, seq, message_count, kind, actor_id, "
    "occurred_at, text, client_msg_id, reply_to, role, attachments, thread_id, envelope) OVERRIDING SYSTEM VALUE "
    "SELECT id, conversation_id, seq, count_at, 'message', actor_id, occurred_at, text, client_msg_id, reply_to, '', "
    "attachments, thread_id, envelope "
    "FROM placed WHERE verdict = 'ok'), "
    "threads AS (INSERT INTO message_threads (root_id, conversation_id, reply_count, last_reply_seq, last_reply_at) "
    "SELECT thread_id, min(conversation_id), count(*), max(seq), max(occurred_at) FROM placed "
    "WHERE verdict = 'ok' AND thread_id IS NOT NULL GROUP BY thread_id "
    "ON CONFLICT (root_id) DO UPDATE SET reply_count = message_threads.reply_count + excluded.reply_count, "
    "last_reply_seq = greatest(message_threads.last_reply_seq, excluded.last_reply_seq), "
    "last_reply_at = greatest(message_threads.last_reply_at, excluded.last_reply_at)), "
    "thread_marks AS (INSERT INTO thread_reads (root_id, user_id, read_seq) "
    "SELECT thread_id, actor_id, max(seq) FROM placed WHERE verdict = 'ok' AND thread_id IS NOT NULL "
    "GROUP BY thread_id, actor_id ON CONFLICT (root_id, user_id) "
    "DO UPDATE SET read_seq = greatest(thread_reads.read_seq, excluded.read_seq)), "
    "own AS (UPDATE conversation_members m SET own_or_deleted_after_read = m.own_or_deleted_after_read + k.n "
    "FROM (SELECT conversation_id, actor_id, count(*) AS n FROM placed WHERE verdict = 'ok' GROUP BY 1, 2) k "
    "WHERE m.conversation_id = k.conversation_id AND m.user_id = k.actor_id) "
    "SELECT verdict, username, id, seq FROM placed ORDER BY ord"};

// Parameters: arrays of media id, message id, conversation id.
const statement add_media_refs{"add_media_refs",
                               "WITH refs AS (INSERT INTO media_refs (media_id, message_id, conversation_id) "
                               "SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) ON CONFLICT DO NOTHING) "
                               "UPDATE media SET used = true WHERE id = ANY ($1::text[]) AND NOT used"};

std::optional<send_refusal> refusal_from(std::string_view verdict) {
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

// Splits the group into rounds in which no (sender, client_msg_id) repeats:
// each message goes to the first round that does not have its key yet.
std::vector<std::vector<std::size_t>> rounds_of(std::span<const new_message> messages) {
  std::vector<std::vector<std::size_t>> rounds;
  std::map<std::pair<user_id, std::string_view>, std::size_t> next_round;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    std::size_t round = 0;
    if (!messages[i].client_msg_id.empty()) round = next_round[{messages[i].sender, messages[i].client_msg_id}]++;
    if (round == rounds.size()) rounds.emplace_back();
    rounds[round].push_back(i);
  }
  return rounds;
}

}  // namespace

void postgres_store::append_round(std::span<const new_message> messages, std::span<const std::size_t> round,
                                  std::vector<message_append>& out) {
  array_literal conversations, senders, times, texts, keys, replies, attachments, threads, envelopes;
  std::set<conversation_id> distinct;
  for (auto i : round) {
    const auto& m = messages[i];
    distinct.insert(m.conversation);
    conversations.add(m.conversation);
    senders.add(m.sender);
    times.add(m.at);
    texts.add(m.text);
    m.client_msg_id.empty() ? keys.add_null() : keys.add(m.client_msg_id);
    m.reply_to ? replies.add(*m.reply_to) : replies.add_null();
    auto encoded = encode_attachments(m.attachments);
    encoded ? attachments.add(*encoded) : attachments.add_null();
    m.thread_id ? threads.add(*m.thread_id) : threads.add_null();
    m.envelope.empty() ? envelopes.add_null() : envelopes.add(m.envelope);
  }
  array_literal locked;
  for (auto c : distinct) locked.add(c);
  db_->exec(lock_conversations, locked.done());
  const pqxx::result rows =
      db_->exec(append_messages_sql, conversations.done(), senders.done(), times.done(), texts.done(), keys.done(),
                replies.done(), attachments.done(), threads.done(), envelopes.done());
  if (rows.size() != round.size()) throw failure("postgres append_messages: a row count unlike the messages'");
  array_literal ref_media, ref_messages, ref_conversations;
  bool any_refs = false;
  for (std::size_t r = 0; r < round.size(); ++r) {
    const auto& m = messages[round[r]];
    auto& result = out[round[r]];
    const auto verdict = rows[r][0].as<std::string>();
    if (auto refused = refusal_from(verdict)) {
      result.refused = *refused;
    } else if (verdict == "retry") {
      const pqxx::result earlier = db_->exec(conversation_sql::message_id_by_client_msg_id, m.sender, m.client_msg_id);
      if (earlier.empty()) throw failure("postgres append_messages: a retry without its message");
      result.appended = {log_entry_by_id(int_at(earlier[0], 0)), false};
    } else {
      const auto id = int_at(rows[r], 2);
      result.appended = {stored_message_entry(m, id, int_at(rows[r], 3), rows[r][1].as<std::string>()), true};
      for (const auto& a : m.attachments) {
        ref_media.add(a.media);
        ref_messages.add(id);
        ref_conversations.add(m.conversation);
        any_refs = true;
      }
    }
  }
  if (any_refs) db_->exec(add_media_refs, ref_media.done(), ref_messages.done(), ref_conversations.done());
}

std::vector<message_append> postgres_store::append_messages(std::span<const new_message> messages) {
  return guarded("append_messages", [&] {
    std::vector<message_append> out(messages.size());
    for (const auto& round : rounds_of(messages)) append_round(messages, round, out);
    return out;
  });
}

}  // namespace natter::store::postgres
