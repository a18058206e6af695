// mariadb_store: message search. Each word is a regular expression on the
// message's current text (PCRE2, Unicode word boundaries, case-insensitive),
// all of them required: exact where a full-text index would apply a minimum
// word length and stopwords, at the cost of reading the reader's messages
// newest first until the page is full.

#include <array>
#include <limits>
#include <string>

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

// reader, below_id, conversation (twice), sender (twice), after (twice),
// before (twice), one pattern per word, limit.
statement search_with(std::size_t words) {
  std::string sql =
      "SELECT l.id, l.conversation_id, l.seq, l.actor_id, u.username, l.occurred_at, l.text "
      "FROM conversation_log l "
      "JOIN conversation_members m ON m.conversation_id = l.conversation_id AND m.user_id = ? "
      "JOIN conversations c ON c.id = l.conversation_id AND NOT c.encrypted "
      "JOIN users u ON u.id = l.actor_id "
      "WHERE l.kind = 'message' AND NOT l.deleted AND l.id < ? "
      "AND (? IS NULL OR l.conversation_id = ?) AND (? IS NULL OR l.actor_id = ?) "
      "AND (? IS NULL OR l.occurred_at > ?) AND (? IS NULL OR l.occurred_at < ?)";
  for (std::size_t i = 0; i < words; ++i) sql += " AND l.text REGEXP ?";
  sql += " ORDER BY l.id DESC LIMIT ?";
  return statement{"search_messages_" + std::to_string(words), std::move(sql)};
}

const std::array<statement, max_search_words> search_sql = [] {
  std::array<statement, max_search_words> out;
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = search_with(i + 1);
  return out;
}();

// The word as a whole word, or as the start of one when prefix_of says so;
// anything but a letter or digit is escaped, so no word is ever an operator.
std::string pattern_of(const std::string& word) {
  std::string out = "(*UCP)(?i)\\b";
  for (unsigned char c : word) {
    const bool plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (!plain) out += '\\';
    out += static_cast<char>(c);
  }
  if (!prefix_of(word)) out += "\\b";
  return out;
}

}  // namespace

std::vector<message_hit> mariadb_store::search_messages(const message_search_query& q) {
  if (q.limit <= 0 || q.words.empty() || q.words.size() > max_search_words) return {};
  std::vector<std::string> patterns;
  for (const auto& word : q.words) patterns.push_back(pattern_of(word));
  std::vector<parameter> p{
      to_parameter(q.reader),       to_parameter(q.below_id.value_or(std::numeric_limits<std::int64_t>::max())),
      to_parameter(q.conversation), to_parameter(q.conversation),
      to_parameter(q.sender),       to_parameter(q.sender),
      to_parameter(q.after),        to_parameter(q.after),
      to_parameter(q.before),       to_parameter(q.before)};
  for (const auto& pattern : patterns) p.push_back(to_parameter(pattern));
  p.push_back(to_parameter(q.limit));
  std::vector<message_hit> out;
  for (const rows::row& r : db_->exec_bound(search_sql[q.words.size() - 1], p)) {
    out.push_back({int_at(r, 0), int_at(r, 1), int_at(r, 2), int_at(r, 3), text_at(r, 4), int_at(r, 5), text_at(r, 6)});
  }
  return out;
}

}  // namespace natter::store::mariadb
