// mariadb_store: whom messages mention.

#include <string>

#include "store/mariadb/conversation_statements.hpp"
#include "store/mariadb/list_statement.hpp"
#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

// message, user, conversation, seq, sender, ordinal, username.
const statement add_mention_sql{
    "add_mention",
    "INSERT INTO message_mentions (message_id, user_id, conversation_id, seq, sender_id, ordinal, username) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE message_id = message_id"};
const list_statement mentions_on_sql{"mentions_on",
                                     "SELECT message_id, user_id, username FROM message_mentions "
                                     "WHERE message_id IN (?*) ORDER BY message_id, ordinal"};
const statement unread_mentions_sql{
    "unread_mentions",
    "SELECT (SELECT COUNT(DISTINCT x.message_id) FROM message_mentions x WHERE x.user_id IN (me.user_id, 0) "
    "AND x.conversation_id = me.conversation_id AND x.seq > me.read_seq AND x.sender_id <> me.user_id) "
    "FROM conversation_members me WHERE me.conversation_id = ? AND me.user_id = ?"};
// conversation, then the usernames.
const list_statement members_named_sql{
    "members_named", "SELECT " + member_columns("m", "u") +
                         " FROM users u JOIN conversation_members m ON m.user_id = u.id AND m.conversation_id = ? "
                         "WHERE u.username IN (?*)"};

}  // namespace

std::vector<member_record> mariadb_store::members_named(conversation_id c, std::span<const std::string> usernames) {
  if (usernames.empty()) return {};
  const parameter before[] = {to_parameter(c)};
  std::vector<member_record> out;
  for (const rows::row& r : members_named_sql.run(*db_, usernames, before)) out.push_back(read_member(r));
  return out;
}

void mariadb_store::set_mentions(const message_record& m, std::span<const mention_record> mentions) {
  db_->exec(conversation_sql::clear_mentions, m.id);
  int ordinal = 0;
  for (const auto& x : mentions) {
    db_->exec(add_mention_sql, m.id, x.user, m.conversation, m.seq, m.sender, ordinal++, x.username);
  }
}

std::vector<mention_record> mariadb_store::mentions_on(std::span<const message_id> messages) {
  if (messages.empty()) return {};
  const auto ids = sorted_unique(messages);
  std::vector<mention_record> out;
  for (const rows::row& r : mentions_on_sql.run(*db_, std::span<const message_id>(ids))) {
    out.push_back({int_at(r, 0), int_at(r, 1), text_at(r, 2)});
  }
  return out;
}

std::int64_t mariadb_store::unread_mentions(conversation_id c, user_id u) {
  const rows found = db_->exec(unread_mentions_sql, c, u);
  return found.empty() ? 0 : int_at(found[0], 0);
}

}  // namespace natter::store::mariadb
