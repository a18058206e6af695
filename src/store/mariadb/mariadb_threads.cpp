// mariadb_store: threads (conversation_store, "threads"). What a send does to
// a thread is in mariadb_sends.cpp.

#include <algorithm>
#include <string>

#include "store/mariadb/list_statement.hpp"
#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

const list_statement thread_summaries_sql{
    "thread_summaries",
    "SELECT root_id, reply_count, last_reply_seq, last_reply_at FROM message_threads "
    "WHERE root_id IN (?*) ORDER BY root_id"};
const statement thread_replies_before_sql{"thread_replies_before",
                                          select_log_entries() +
                                              "WHERE l.conversation_id = ? AND l.thread_id = ? AND l.seq < ? "
                                              "AND l.kind = 'message' ORDER BY l.seq DESC LIMIT ?"};
const statement thread_read_seq_sql{"thread_read_seq",
                                    "SELECT read_seq FROM thread_reads WHERE root_id = ? AND user_id = ?"};
const statement mark_thread_read_sql{"mark_thread_read",
                                     "INSERT INTO thread_reads (root_id, user_id, read_seq) VALUES (?, ?, ?) "
                                     "ON DUPLICATE KEY UPDATE read_seq = GREATEST(read_seq, VALUES(read_seq))"};
// conversation, root, user, after, root, user, cap.
const statement thread_unread_sql{
    "thread_unread",
    "SELECT COUNT(*) FROM (SELECT 1 FROM conversation_log WHERE conversation_id = ? AND thread_id = ? "
    "AND kind = 'message' AND NOT deleted AND actor_id <> ? AND seq > GREATEST(?, COALESCE((SELECT read_seq "
    "FROM thread_reads WHERE root_id = ? AND user_id = ?), 0)) LIMIT ?) AS unread"};

}  // namespace

std::vector<thread_summary> mariadb_store::thread_summaries(std::span<const message_id> roots) {
  if (roots.empty()) return {};
  const auto ids = sorted_unique(roots);
  std::vector<thread_summary> out;
  for (const rows::row& r : thread_summaries_sql.run(*db_, std::span<const message_id>(ids))) {
    out.push_back(thread_summary{int_at(r, 0), int_at(r, 1), int_at(r, 2), int_at(r, 3)});
  }
  return out;
}

std::vector<log_entry> mariadb_store::thread_replies_before(conversation_id c, message_id root, seq_t before,
                                                            int limit) {
  if (limit <= 0) return {};
  std::vector<log_entry> out;
  for (const rows::row& r : db_->exec(thread_replies_before_sql, c, root, before, limit)) {
    out.push_back(read_log_entry(r));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

seq_t mariadb_store::thread_read_seq(message_id root, user_id u) {
  const rows r = db_->exec(thread_read_seq_sql, root, u);
  return r.empty() ? 0 : int_at(r[0], 0);
}

void mariadb_store::mark_thread_read(message_id root, user_id u, seq_t seq) {
  db_->exec(mark_thread_read_sql, root, u, seq);
}

std::int64_t mariadb_store::thread_unread(conversation_id c, message_id root, user_id u, seq_t after,
                                          std::int64_t cap) {
  if (cap <= 0) return 0;
  return int_at(db_->exec(thread_unread_sql, c, root, u, after, root, u, cap)[0], 0);
}

}  // namespace natter::store::mariadb
