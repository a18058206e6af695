// sqlite_store: reactions to messages and pinned messages. Statements are
// prepared per call: these are not on the path of sends.

#include <SQLiteCpp/VariadicBind.h>

#include <string>

#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

// Reactions of the messages in the JSON array ?1 that are not deleted, at
// most ?2 reactors per emoji. Columns: message, emoji, count, user, username.
constexpr const char* reactions_on_sql =
    "SELECT r.message_id, r.emoji, r.n, r.user_id, u.username FROM ("
    "SELECT x.message_id, x.emoji, x.user_id, "
    "row_number() OVER (PARTITION BY x.message_id, x.emoji ORDER BY x.reacted_at, x.user_id) AS rn, "
    "count(*) OVER (PARTITION BY x.message_id, x.emoji) AS n, "
    "min(x.reacted_at) OVER (PARTITION BY x.message_id, x.emoji) AS first_at "
    "FROM message_reactions x JOIN conversation_log m ON m.id = x.message_id AND m.deleted = 0 "
    "WHERE x.message_id IN (SELECT value FROM json_each(?1))) AS r "
    "JOIN users u ON u.id = r.user_id WHERE r.rn <= ?2 "
    "ORDER BY r.message_id, r.first_at, r.emoji, r.rn";

}  // namespace

bool sqlite_store::add_reaction(message_id m, user_id u, std::string_view emoji, unix_ms at) {
  return guarded("add_reaction", [&] {
    SQLite::Statement q(db_,
                        "INSERT INTO message_reactions (message_id, user_id, emoji, reacted_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT DO NOTHING");
    SQLite::bind(q, m, u, std::string(emoji), at);
    return q.exec() > 0;
  });
}

bool sqlite_store::remove_reaction(message_id m, user_id u, std::string_view emoji) {
  return guarded("remove_reaction", [&] {
    SQLite::Statement q(db_, "DELETE FROM message_reactions WHERE message_id = ? AND user_id = ? AND emoji = ?");
    SQLite::bind(q, m, u, std::string(emoji));
    return q.exec() > 0;
  });
}

reaction_tally sqlite_store::reaction_tally_of(message_id m, user_id u, std::string_view emoji) {
  return guarded("reaction_tally_of", [&] {
    SQLite::Statement q(db_,
                        "SELECT (SELECT count(DISTINCT emoji) FROM message_reactions WHERE message_id = ?1), "
                        "(SELECT count(*) FROM message_reactions WHERE message_id = ?1 AND user_id = ?2), "
                        "EXISTS (SELECT 1 FROM message_reactions WHERE message_id = ?1 AND emoji = ?3)");
    SQLite::bind(q, m, u, std::string(emoji));
    q.executeStep();
    return reaction_tally{q.getColumn(0).getInt(), q.getColumn(1).getInt(), q.getColumn(2).getInt() != 0};
  });
}

std::vector<reaction_summary> sqlite_store::reactions_on(std::span<const message_id> messages, int max_users) {
  if (messages.empty()) return {};
  return guarded("reactions_on", [&] {
    SQLite::Statement q(db_, reactions_on_sql);
    SQLite::bind(q, json_ids(messages), max_users);
    std::vector<reaction_summary> out;
    while (q.executeStep()) {
      const message_id m = q.getColumn(0).getInt64();
      std::string emoji = q.getColumn(1).getString();
      if (out.empty() || out.back().message != m || out.back().emoji != emoji) {
        out.push_back(reaction_summary{m, std::move(emoji), q.getColumn(2).getInt64(), {}});
      }
      out.back().users.push_back(reactor_record{q.getColumn(3).getInt64(), q.getColumn(4).getString()});
    }
    return out;
  });
}

bool sqlite_store::pin_message(conversation_id c, message_id m, user_id by, unix_ms at) {
  return guarded("pin_message", [&] {
    SQLite::Statement q(db_,
                        "INSERT INTO pinned_messages (conversation_id, message_id, pinned_by, pinned_at) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
    SQLite::bind(q, c, m, by, at);
    return q.exec() > 0;
  });
}

bool sqlite_store::unpin_message(conversation_id c, message_id m) {
  return guarded("unpin_message", [&] {
    SQLite::Statement q(db_, "DELETE FROM pinned_messages WHERE conversation_id = ? AND message_id = ?");
    SQLite::bind(q, c, m);
    return q.exec() > 0;
  });
}

std::vector<pin_record> sqlite_store::pins_of(conversation_id c, int limit) {
  if (limit <= 0) return {};
  return guarded("pins_of", [&] {
    SQLite::Statement q(db_, "SELECT " + message_columns("m", "u") +
                                 ", p.pinned_by, b.username, p.pinned_at FROM pinned_messages p "
                                 "JOIN conversation_log m ON m.id = p.message_id AND m.deleted = 0 "
                                 "JOIN users u ON u.id = m.actor_id JOIN users b ON b.id = p.pinned_by "
                                 "WHERE p.conversation_id = ? ORDER BY p.pinned_at DESC, p.message_id DESC LIMIT ?");
    SQLite::bind(q, c, limit);
    std::vector<pin_record> out;
    while (q.executeStep()) {
      pin_record p;
      p.message = *read_message(q, 0);
      p.by = reactor_record{q.getColumn(message_column_count).getInt64(),
                            q.getColumn(message_column_count + 1).getString()};
      p.at = q.getColumn(message_column_count + 2).getInt64();
      out.push_back(std::move(p));
    }
    return out;
  });
}

}  // namespace natter::store::sqlite
