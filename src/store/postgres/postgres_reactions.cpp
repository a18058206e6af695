// postgres_store: reactions to messages and pinned messages.

#include <string>

#include "store/postgres/array_literal.hpp"
#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

const statement add_reaction_sql{"add_reaction",
                                 "INSERT INTO message_reactions (message_id, user_id, emoji, reacted_at) "
                                 "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"};
const statement remove_reaction_sql{
    "remove_reaction", "DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3"};
const statement reaction_tally_sql{
    "reaction_tally",
    "SELECT (SELECT count(DISTINCT emoji) FROM message_reactions WHERE message_id = $1), "
    "(SELECT count(*) FROM message_reactions WHERE message_id = $1 AND user_id = $2), "
    "EXISTS (SELECT 1 FROM message_reactions WHERE message_id = $1 AND emoji = $3)"};
// Columns: message, emoji, count, user, username (sqlite_reactions.cpp).
const statement reactions_on_sql{
    "reactions_on",
    "SELECT r.message_id, r.emoji, r.n, r.user_id, u.username FROM ("
    "SELECT x.message_id, x.emoji, x.user_id, "
    "row_number() OVER (PARTITION BY x.message_id, x.emoji ORDER BY x.reacted_at, x.user_id) AS rn, "
    "count(*) OVER (PARTITION BY x.message_id, x.emoji) AS n, "
    "min(x.reacted_at) OVER (PARTITION BY x.message_id, x.emoji) AS first_at "
    "FROM message_reactions x JOIN conversation_log m ON m.id = x.message_id AND NOT m.deleted "
    "WHERE x.message_id = ANY ($1::bigint[])) AS r "
    "JOIN users u ON u.id = r.user_id WHERE r.rn <= $2 "
    "ORDER BY r.message_id, r.first_at, r.emoji COLLATE \"C\", r.rn"};
const statement pin_message_sql{"pin_message",
                                "INSERT INTO pinned_messages (conversation_id, message_id, pinned_by, pinned_at) "
                                "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"};
const statement unpin_message_sql{"unpin_message",
                                  "DELETE FROM pinned_messages WHERE conversation_id = $1 AND message_id = $2"};
const statement pins_of_sql{"pins_of", "SELECT " + message_columns("m", "u") +
                                           ", p.pinned_by, b.username, p.pinned_at FROM pinned_messages p "
                                           "JOIN conversation_log m ON m.id = p.message_id AND NOT m.deleted "
                                           "JOIN users u ON u.id = m.actor_id JOIN users b ON b.id = p.pinned_by "
                                           "WHERE p.conversation_id = $1 "
                                           "ORDER BY p.pinned_at DESC, p.message_id DESC LIMIT $2"};

}  // namespace

bool postgres_store::add_reaction(message_id m, user_id u, std::string_view emoji, unix_ms at) {
  return guarded("add_reaction",
                 [&] { return db_->exec(add_reaction_sql, m, u, std::string(emoji), at).affected_rows() > 0; });
}

bool postgres_store::remove_reaction(message_id m, user_id u, std::string_view emoji) {
  return guarded("remove_reaction",
                 [&] { return db_->exec(remove_reaction_sql, m, u, std::string(emoji)).affected_rows() > 0; });
}

reaction_tally postgres_store::reaction_tally_of(message_id m, user_id u, std::string_view emoji) {
  return guarded("reaction_tally_of", [&] {
    const pqxx::result r = db_->exec(reaction_tally_sql, m, u, std::string(emoji));
    return reaction_tally{static_cast<int>(int_at(r[0], 0)), static_cast<int>(int_at(r[0], 1)), r[0][2].as<bool>()};
  });
}

std::vector<reaction_summary> postgres_store::reactions_on(std::span<const message_id> messages, int max_users) {
  if (messages.empty()) return {};
  return guarded("reactions_on", [&] {
    array_literal ids;
    for (auto id : messages) ids.add(id);
    std::vector<reaction_summary> out;
    for (const pqxx::row& r : db_->exec(reactions_on_sql, ids.done(), max_users)) {
      const message_id m = int_at(r, 0);
      std::string emoji = text_at(r, 1);
      if (out.empty() || out.back().message != m || out.back().emoji != emoji) {
        out.push_back(reaction_summary{m, std::move(emoji), int_at(r, 2), {}});
      }
      out.back().users.push_back(reactor_record{int_at(r, 3), text_at(r, 4)});
    }
    return out;
  });
}

bool postgres_store::pin_message(conversation_id c, message_id m, user_id by, unix_ms at) {
  return guarded("pin_message", [&] { return db_->exec(pin_message_sql, c, m, by, at).affected_rows() > 0; });
}

bool postgres_store::unpin_message(conversation_id c, message_id m) {
  return guarded("unpin_message", [&] { return db_->exec(unpin_message_sql, c, m).affected_rows() > 0; });
}

std::vector<pin_record> postgres_store::pins_of(conversation_id c, int limit) {
  if (limit <= 0) return {};
  return guarded("pins_of", [&] {
    std::vector<pin_record> out;
    for (const pqxx::row& r : db_->exec(pins_of_sql, c, limit)) {
      pin_record p;
      p.message = *read_message(r, 0);
      p.by = reactor_record{int_at(r, message_column_count), text_at(r, message_column_count + 1)};
      p.at = int_at(r, message_column_count + 2);
      out.push_back(std::move(p));
    }
    return out;
  });
}

}  // namespace natter::store::postgres
