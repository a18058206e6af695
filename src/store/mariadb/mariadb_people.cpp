// mariadb_store: usernames freed by renames, who hears of a rename, and the
// status each user chose.

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

const statement reserve_username_sql{"reserve_username",
                                     "INSERT INTO reserved_usernames (username, until, freed_by) VALUES (?, ?, ?) "
                                     "ON DUPLICATE KEY UPDATE until = VALUES(until), freed_by = VALUES(freed_by)"};
// username, now, taker.
const statement username_reserved_against_sql{
    "username_reserved_against",
    "SELECT EXISTS (SELECT 1 FROM reserved_usernames WHERE username = ? AND until > ? "
    "AND (freed_by IS NULL OR freed_by <> ?))"};
// The user (read once into p), then limit.
const statement profile_audience_sql{
    "profile_audience",
    "WITH p AS (SELECT ? AS me) SELECT people.id FROM ("
    "SELECT contact_id AS id FROM contacts, p WHERE owner_id = p.me "
    "UNION SELECT owner_id FROM contacts, p WHERE contact_id = p.me "
    "UNION SELECT other.user_id FROM p JOIN conversation_members mine ON mine.user_id = p.me "
    "JOIN conversations c ON c.id = mine.conversation_id AND c.kind IN ('group', 'direct') "
    "JOIN conversation_members other ON other.conversation_id = mine.conversation_id) AS people, p "
    "WHERE people.id <> p.me ORDER BY people.id LIMIT ?"};
const statement set_chosen_status_sql{"set_chosen_status", "UPDATE users SET chosen_status = ? WHERE id = ?"};
const statement chosen_status_sql{"chosen_status", "SELECT chosen_status FROM users WHERE id = ?"};
const statement declined_request_sql{
    "declined_request",
    "SELECT requested_by FROM conversations WHERE id = ? AND kind = 'direct' AND request_state = 'declined' "
    "AND requested_by <> ? FOR UPDATE"};
const statement reopen_request_sql{"reopen_request", "UPDATE conversations SET request_state = 'none' WHERE id = ?"};

}  // namespace

void mariadb_store::reserve_username(std::string_view username, unix_ms until, user_id freed_by) {
  db_->exec(reserve_username_sql, username, until, freed_by);
}

bool mariadb_store::username_reserved_against(std::string_view username, user_id taker, unix_ms now) {
  return bool_at(db_->exec(username_reserved_against_sql, username, now, taker)[0], 0);
}

std::vector<user_id> mariadb_store::profile_audience(user_id u, int limit) {
  if (limit <= 0) return {};
  std::vector<user_id> out;
  for (const rows::row& r : db_->exec(profile_audience_sql, u, limit)) out.push_back(int_at(r, 0));
  return out;
}

void mariadb_store::set_chosen_status(user_id u, std::string_view status) {
  db_->exec(set_chosen_status_sql, status, u);
}

std::string mariadb_store::chosen_status(user_id u) {
  const rows r = db_->exec(chosen_status_sql, u);
  if (r.empty()) return "online";
  return text_at(r[0], 0);
}

std::optional<user_id> mariadb_store::reopen_declined_request(conversation_id c, user_id writer) {
  const rows r = db_->exec(declined_request_sql, c, writer);
  if (r.empty()) return std::nullopt;
  db_->exec(reopen_request_sql, c);
  return int_at(r[0], 0);
}

}  // namespace natter::store::mariadb
