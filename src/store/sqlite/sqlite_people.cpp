// sqlite_store: usernames freed by renames, who hears of a rename, and the
// status each user chose.

#include <SQLiteCpp/VariadicBind.h>

#include "store/sqlite/people_statements.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {

people_statements::people_statements(SQLite::Database& db)
    : reserve(db,
              "INSERT INTO reserved_usernames (username, until, freed_by) VALUES (?1, ?2, ?3) "
              "ON CONFLICT (username) DO UPDATE SET until = excluded.until, freed_by = excluded.freed_by"),
      reserved_against(db,
                       "SELECT EXISTS (SELECT 1 FROM reserved_usernames WHERE username = ?1 AND until > ?3 "
                       "AND (freed_by IS NULL OR freed_by <> ?2))"),
      audience(db,
               "SELECT id FROM (SELECT contact_id AS id FROM contacts WHERE owner_id = ?1 "
               "UNION SELECT owner_id FROM contacts WHERE contact_id = ?1 "
               "UNION SELECT other.user_id FROM conversation_members mine "
               "JOIN conversations c ON c.id = mine.conversation_id AND c.kind IN ('group', 'direct') "
               "JOIN conversation_members other ON other.conversation_id = mine.conversation_id "
               "WHERE mine.user_id = ?1) AS people WHERE id <> ?1 ORDER BY id LIMIT ?2"),
      set_status(db, "UPDATE users SET chosen_status = ?2 WHERE id = ?1"),
      status(db, "SELECT chosen_status FROM users WHERE id = ?1"),
      reopen(db,
             "UPDATE conversations SET request_state = 'none' WHERE id = ?1 AND kind = 'direct' "
             "AND request_state = 'declined' AND requested_by <> ?2 RETURNING requested_by") {}

std::unique_ptr<people_statements> make_people_statements(SQLite::Database& db) {
  return std::make_unique<people_statements>(db);
}

void sqlite_store::reserve_username(std::string_view username, unix_ms until, user_id freed_by) {
  guarded("reserve_username", [&] {
    statement_use q(people_->reserve);
    bind_text(*q, 1, username);
    q->bind(2, until);
    q->bind(3, freed_by);
    q->exec();
  });
}

bool sqlite_store::username_reserved_against(std::string_view username, user_id taker, unix_ms now) {
  return guarded("username_reserved_against", [&] {
    statement_use q(people_->reserved_against);
    bind_text(*q, 1, username);
    q->bind(2, taker);
    q->bind(3, now);
    return single_int(*q) != 0;
  });
}

std::vector<user_id> sqlite_store::profile_audience(user_id u, int limit) {
  return guarded("profile_audience", [&] {
    std::vector<user_id> out;
    statement_use q(people_->audience);
    SQLite::bind(*q, u, limit);
    while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
    return out;
  });
}

void sqlite_store::set_chosen_status(user_id u, std::string_view status) {
  guarded("set_chosen_status", [&] {
    statement_use q(people_->set_status);
    q->bind(1, u);
    bind_text(*q, 2, status);
    q->exec();
  });
}

std::string sqlite_store::chosen_status(user_id u) {
  return guarded("chosen_status", [&]() -> std::string {
    statement_use q(people_->status);
    q->bind(1, u);
    if (!q->executeStep()) return "online";
    return q->getColumn(0).getString();
  });
}

std::optional<user_id> sqlite_store::reopen_declined_request(conversation_id c, user_id writer) {
  return guarded("reopen_declined_request", [&]() -> std::optional<user_id> {
    statement_use q(people_->reopen);
    SQLite::bind(*q, c, writer);
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getInt64();
  });
}

}  // namespace natter::store::sqlite
