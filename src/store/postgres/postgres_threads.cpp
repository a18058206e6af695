// postgres_store: threads (conversation_store, "threads"). What a send does
// to a thread is in postgres_sends.cpp.

#include <algorithm>
#include <string>

#include "store/postgres/array_literal.hpp"
#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

const statement thread_summaries_sql{"thread_summaries",
                                     "SELECT root_id, reply_count, last_reply_seq, last_reply_at FROM message_threads "
                                     "WHERE root_id = ANY ($1::bigint[]) ORDER BY root_id"};
const statement thread_replies_before_sql{"thread_replies_before",
                                          select_log_entries() +
                                              "WHERE l.conversation_id = $1 AND l.thread_id = $2 AND l.seq < $3 "
                                              "AND l.kind = 'message' ORDER BY l.seq DESC LIMIT $4"};
const statement thread_read_seq_sql{"thread_read_seq",
                                    "SELECT read_seq FROM thread_reads WHERE root_id = $1 AND user_id = $2"};
const statement mark_thread_read_sql{
    "mark_thread_read",
    "INSERT INTO thread_reads (root_id, user_id, read_seq) VALUES ($1, $2, $3) "
    "ON CONFLICT (root_id, user_id) DO UPDATE SET read_seq = greatest(thread_reads.read_seq, excluded.read_seq)"};
const statement thread_unread_sql{
    "thread_unread",
    "SELECT count(*) FROM (SELECT 1 FROM conversation_log WHERE conversation_id = $1 AND thread_id = $2 "
    "AND kind = 'message' AND NOT deleted AND actor_id <> $3 AND seq > greatest($4, coalesce((SELECT read_seq "
    "FROM thread_reads WHERE root_id = $2 AND user_id = $3), 0)) LIMIT $5) AS unread"};

}  // namespace

std::vector<thread_summary> postgres_store::thread_summaries(std::span<const message_id> roots) {
  if (roots.empty()) return {};
  return guarded("thread_summaries", [&] {
    array_literal ids;
    for (auto id : roots) ids.add(id);
    std::vector<thread_summary> out;
    for (const pqxx::row& r : db_->exec(thread_summaries_sql, ids.done())) {
      out.push_back(thread_summary{int_at(r, 0), int_at(r, 1), int_at(r, 2), int_at(r, 3)});
    }
    return out;
  });
}

std::vector<log_entry> postgres_store::thread_replies_before(conversation_id c, message_id root, seq_t before,
                                                             int limit) {
  if (limit <= 0) return {};
  return guarded("thread_replies_before", [&] {
    std::vector<log_entry> out;
    for (const pqxx::row& r : db_->exec(thread_replies_before_sql, c, root, before, limit)) {
      out.push_back(read_log_entry(r));
    }
    std::reverse(out.begin(), out.end());
    return out;
  });
}

seq_t postgres_store::thread_read_seq(message_id root, user_id u) {
  return guarded("thread_read_seq", [&]() -> seq_t {
    const pqxx::result r = db_->exec(thread_read_seq_sql, root, u);
    return r.empty() ? 0 : int_at(r[0], 0);
  });
}

void postgres_store::mark_thread_read(message_id root, user_id u, seq_t seq) {
  guarded("mark_thread_read", [&] { db_->exec(mark_thread_read_sql, root, u, seq); });
}

std::int64_t postgres_store::thread_unread(conversation_id c, message_id root, user_id u, seq_t after,
                                           std::int64_t cap) {
  if (cap <= 0) return 0;
  return guarded("thread_unread", [&] {
    const pqxx::result r = db_->exec(thread_unread_sql, c, root, u, after, cap);
    return int_at(r[0], 0);
  });
}

}  // namespace natter::store::postgres
