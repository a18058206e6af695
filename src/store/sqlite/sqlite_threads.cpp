// sqlite_store: threads (conversation_store, "threads"). Statements are
// prepared per call: these are not on the path of sends; what a send does
// to a thread is in sqlite_sends.cpp.

#include <SQLiteCpp/VariadicBind.h>

#include <algorithm>
#include <string>

#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {

std::vector<thread_summary> sqlite_store::thread_summaries(std::span<const message_id> roots) {
  if (roots.empty()) return {};
  return guarded("thread_summaries", [&] {
    SQLite::Statement q(db_,
                        "SELECT root_id, reply_count, last_reply_seq, last_reply_at FROM message_threads "
                        "WHERE root_id IN (SELECT value FROM json_each(?1)) ORDER BY root_id");
    q.bind(1, json_ids(roots));
    std::vector<thread_summary> out;
    while (q.executeStep()) {
      out.push_back(thread_summary{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
                                   q.getColumn(3).getInt64()});
    }
    return out;
  });
}

std::vector<log_entry> sqlite_store::thread_replies_before(conversation_id c, message_id root, seq_t before,
                                                           int limit) {
  if (limit <= 0) return {};
  return guarded("thread_replies_before", [&] {
    SQLite::Statement q(db_, select_log_entries() +
                                 "WHERE l.conversation_id = ?1 AND l.thread_id = ?2 AND l.seq < ?3 "
                                 "AND l.kind = 'message' ORDER BY l.seq DESC LIMIT ?4");
    SQLite::bind(q, c, root, before, limit);
    std::vector<log_entry> out;
    while (q.executeStep()) out.push_back(read_log_entry(q));
    std::reverse(out.begin(), out.end());
    return out;
  });
}

seq_t sqlite_store::thread_read_seq(message_id root, user_id u) {
  return guarded("thread_read_seq", [&]() -> seq_t {
    SQLite::Statement q(db_, "SELECT read_seq FROM thread_reads WHERE root_id = ?1 AND user_id = ?2");
    SQLite::bind(q, root, u);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
  });
}

void sqlite_store::mark_thread_read(message_id root, user_id u, seq_t seq) {
  guarded("mark_thread_read", [&] {
    SQLite::Statement q(db_,
                        "INSERT INTO thread_reads (root_id, user_id, read_seq) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (root_id, user_id) DO UPDATE SET read_seq = max(read_seq, excluded.read_seq)");
    SQLite::bind(q, root, u, seq);
    q.exec();
  });
}

std::int64_t sqlite_store::thread_unread(conversation_id c, message_id root, user_id u, seq_t after, std::int64_t cap) {
  if (cap <= 0) return 0;
  return guarded("thread_unread", [&] {
    SQLite::Statement q(db_,
                        "SELECT count(*) FROM (SELECT 1 FROM conversation_log WHERE conversation_id = ?1 "
                        "AND thread_id = ?2 AND kind = 'message' AND deleted = 0 AND actor_id <> ?3 "
                        "AND seq > max(?4, coalesce((SELECT read_seq FROM thread_reads WHERE root_id = ?2 "
                        "AND user_id = ?3), 0)) LIMIT ?5)");
    SQLite::bind(q, c, root, u, after, cap);
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

}  // namespace natter::store::sqlite
