// sqlite_store: message search over the FTS5 index of migration 15.

#include <SQLiteCpp/VariadicBind.h>

#include <limits>

#include "store/sqlite/search_statement.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {

// The index is the outer loop (CROSS JOIN keeps SQLite from reordering it),
// walked newest id first: the first `limit` rows that pass the membership
// and the filters end the walk. Encrypted conversations are left out whole:
// what was written before encryption was turned on too.
std::unique_ptr<SQLite::Statement> make_search_statement(SQLite::Database& db) {
  return std::make_unique<SQLite::Statement>(
      db,
      "SELECT l.id, l.conversation_id, l.seq, l.actor_id, u.username, l.occurred_at, l.text "
      "FROM message_search s CROSS JOIN conversation_log l ON l.id = s.rowid "
      "JOIN conversation_members m ON m.conversation_id = l.conversation_id AND m.user_id = ?1 "
      "JOIN conversations c ON c.id = l.conversation_id AND c.encrypted = 0 "
      "JOIN users u ON u.id = l.actor_id "
      "WHERE message_search MATCH ?2 AND s.rowid < ?3 "
      "AND (?4 IS NULL OR l.conversation_id = ?4) AND (?5 IS NULL OR l.actor_id = ?5) "
      "AND (?6 IS NULL OR l.occurred_at > ?6) AND (?7 IS NULL OR l.occurred_at < ?7) "
      "AND l.kind = 'message' AND l.deleted = 0 "
      "ORDER BY s.rowid DESC LIMIT ?8");
}

std::string fts5_match(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : word) {
      if (c == '"') out += '"';  // a quote inside a string is doubled
      out += c;
    }
    out += '"';
    if (prefix_of(word)) out += '*';
  }
  return out;
}

std::vector<message_hit> sqlite_store::search_messages(const message_search_query& query) {
  if (query.limit <= 0 || query.words.empty()) return {};
  return guarded("search_messages", [&] {
    statement_use q(*search_);
    q->bind(1, query.reader);
    q->bind(2, fts5_match(query.words));
    q->bind(3, query.below_id.value_or(std::numeric_limits<std::int64_t>::max()));
    bind_optional(*q, 4, query.conversation);
    bind_optional(*q, 5, query.sender);
    bind_optional(*q, 6, query.after);
    bind_optional(*q, 7, query.before);
    q->bind(8, query.limit);
    std::vector<message_hit> out;
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getInt64(), q->getColumn(2).getInt64(),
                     q->getColumn(3).getInt64(), q->getColumn(4).getString(), q->getColumn(5).getInt64(),
                     q->getColumn(6).getString()});
    }
    return out;
  });
}

}  // namespace natter::store::sqlite
