// postgres_store: message search over the tsvector column of migration 15.

#include <limits>
#include <string>

#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

// The partial GIN index serves "kind = 'message' AND search_words @@ ...";
// the planner picks it, or for a common word walks the newest ids backwards
// until the page is full. Encrypted conversations are left out whole: what
// was written before encryption was turned on too.
const statement search_messages_sql{
    "search_messages",
    "SELECT l.id, l.conversation_id, l.seq, l.actor_id, u.username, l.occurred_at, l.text "
    "FROM conversation_log l "
    "JOIN conversation_members m ON m.conversation_id = l.conversation_id AND m.user_id = $1 "
    "JOIN conversations c ON c.id = l.conversation_id AND NOT c.encrypted "
    "JOIN users u ON u.id = l.actor_id "
    "WHERE l.kind = 'message' AND l.search_words @@ to_tsquery('simple'::regconfig, $2) AND l.id < $3 "
    "AND ($4::bigint IS NULL OR l.conversation_id = $4) AND ($5::bigint IS NULL OR l.actor_id = $5) "
    "AND ($6::bigint IS NULL OR l.occurred_at > $6) AND ($7::bigint IS NULL OR l.occurred_at < $7) "
    "AND NOT l.deleted "
    "ORDER BY l.id DESC LIMIT $8"};

// The tsquery for these words: each one a quoted lexeme (so that no word is
// ever an operator or a weight), a prefix (:*) when store::prefix_of says
// so, all of them required (&).
std::string tsquery_of(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += " & ";
    out += '\'';
    for (char c : word) {
      if (c == '\'' || c == '\\') out += c;  // doubled: '' and \\ are literal inside quotes
      out += c;
    }
    out += '\'';
    if (prefix_of(word)) out += ":*";
  }
  return out;
}

}  // namespace

std::vector<message_hit> postgres_store::search_messages(const message_search_query& q) {
  if (q.limit <= 0 || q.words.empty()) return {};
  return guarded("search_messages", [&] {
    const pqxx::result rows = db_->exec(search_messages_sql, q.reader, tsquery_of(q.words),
                                        q.below_id.value_or(std::numeric_limits<std::int64_t>::max()), q.conversation,
                                        q.sender, q.after, q.before, q.limit);
    std::vector<message_hit> out;
    out.reserve(rows.size());
    for (const pqxx::row& r : rows) {
      out.push_back(
          {int_at(r, 0), int_at(r, 1), int_at(r, 2), int_at(r, 3), text_at(r, 4), int_at(r, 5), text_at(r, 6)});
    }
    return out;
  });
}

}  // namespace natter::store::postgres
