// mariadb_store: reactions to messages and pinned messages.

#include <string>

#include "store/mariadb/list_statement.hpp"
#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

const statement add_reaction_sql{
    "add_reaction", "INSERT INTO message_reactions (message_id, user_id, emoji, reacted_at) VALUES (?, ?, ?, ?)"};
const statement remove_reaction_sql{"remove_reaction",
                                    "DELETE FROM message_reactions WHERE message_id = ? AND user_id = ? AND emoji = ?"};
// message, message, user, message, emoji.
const statement reaction_tally_sql{"reaction_tally",
                                   "SELECT (SELECT COUNT(DISTINCT emoji) FROM message_reactions WHERE message_id = ?), "
                                   "(SELECT COUNT(*) FROM message_reactions WHERE message_id = ? AND user_id = ?), "
                                   "EXISTS (SELECT 1 FROM message_reactions WHERE message_id = ? AND emoji = ?)"};
// The message ids, then max_users. Columns: message, emoji, count, user,
// username; the emoji column's binary collation sorts bytewise, as the
// other backends do.
const list_statement reactions_on_sql{
    "reactions_on",
    "SELECT r.message_id, r.emoji, r.n, r.user_id, u.username FROM ("
    "SELECT x.message_id, x.emoji, x.user_id, "
    "ROW_NUMBER() OVER (PARTITION BY x.message_id, x.emoji ORDER BY x.reacted_at, x.user_id) AS rn, "
    "COUNT(*) OVER (PARTITION BY x.message_id, x.emoji) AS n, "
    "MIN(x.reacted_at) OVER (PARTITION BY x.message_id, x.emoji) AS first_at "
    "FROM message_reactions x JOIN conversation_log m ON m.id = x.message_id AND NOT m.deleted "
    "WHERE x.message_id IN (?*)) AS r "
    "JOIN users u ON u.id = r.user_id WHERE r.rn <= ? "
    "ORDER BY r.message_id, r.first_at, r.emoji, r.rn"};
const statement pin_message_sql{
    "pin_message",
    "INSERT INTO pinned_messages (conversation_id, message_id, pinned_by, pinned_at) VALUES (?, ?, ?, ?)"};
const statement unpin_message_sql{"unpin_message",
                                  "DELETE FROM pinned_messages WHERE conversation_id = ? AND message_id = ?"};
const statement pins_of_sql{"pins_of", "SELECT " + message_columns("m", "u") +
                                           ", p.pinned_by, b.username, p.pinned_at FROM pinned_messages p "
                                           "JOIN conversation_log m ON m.id = p.message_id AND NOT m.deleted "
                                           "JOIN users u ON u.id = m.actor_id JOIN users b ON b.id = p.pinned_by "
                                           "WHERE p.conversation_id = ? "
                                           "ORDER BY p.pinned_at DESC, p.message_id DESC LIMIT ?"};

}  // namespace

bool mariadb_store::add_reaction(message_id m, user_id u, std::string_view emoji, unix_ms at) {
  try {
    db_->exec(add_reaction_sql, m, u, emoji, at);
    return true;
  } catch (const unique_violation&) {  // there already: only the INSERT was undone
    return false;
  }
}

bool mariadb_store::remove_reaction(message_id m, user_id u, std::string_view emoji) {
  return db_->exec(remove_reaction_sql, m, u, emoji).affected_rows > 0;
}

reaction_tally mariadb_store::reaction_tally_of(message_id m, user_id u, std::string_view emoji) {
  const rows r = db_->exec(reaction_tally_sql, m, m, u, m, emoji);
  return reaction_tally{static_cast<int>(int_at(r[0], 0)), static_cast<int>(int_at(r[0], 1)), bool_at(r[0], 2)};
}

std::vector<reaction_summary> mariadb_store::reactions_on(std::span<const message_id> messages, int max_users) {
  if (messages.empty()) return {};
  const auto ids = sorted_unique(messages);
  const parameter after[] = {to_parameter(max_users)};
  std::vector<reaction_summary> out;
  for (const rows::row& r : reactions_on_sql.run(*db_, std::span<const message_id>(ids), {}, after)) {
    const message_id m = int_at(r, 0);
    std::string emoji = text_at(r, 1);
    if (out.empty() || out.back().message != m || out.back().emoji != emoji) {
      out.push_back(reaction_summary{m, std::move(emoji), int_at(r, 2), {}});
    }
    out.back().users.push_back(reactor_record{int_at(r, 3), text_at(r, 4)});
  }
  return out;
}

bool mariadb_store::pin_message(conversation_id c, message_id m, user_id by, unix_ms at) {
  try {
    db_->exec(pin_message_sql, c, m, by, at);
    return true;
  } catch (const unique_violation&) {  // pinned already
    return false;
  }
}

bool mariadb_store::unpin_message(conversation_id c, message_id m) {
  return db_->exec(unpin_message_sql, c, m).affected_rows > 0;
}

std::vector<pin_record> mariadb_store::pins_of(conversation_id c, int limit) {
  if (limit <= 0) return {};
  std::vector<pin_record> out;
  for (const rows::row& r : db_->exec(pins_of_sql, c, limit)) {
    pin_record p;
    p.message = *read_message(r, 0);
    p.by = reactor_record{int_at(r, message_column_count), text_at(r, message_column_count + 1)};
    p.at = int_at(r, message_column_count + 2);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace natter::store::mariadb
