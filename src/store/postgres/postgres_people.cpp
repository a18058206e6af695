// postgres_store: usernames freed by renames, who hears of a rename, and the
// status each user chose.

#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"

namespace natter::store::postgres {
namespace {

const statement reserve_username_sql{
    "reserve_username",
    "INSERT INTO reserved_usernames (username, until, freed_by) VALUES ($1, $2, $3) "
    "ON CONFLICT (username) DO UPDATE SET until = excluded.until, freed_by = excluded.freed_by"};
const statement username_reserved_against_sql{
    "username_reserved_against",
    "SELECT EXISTS (SELECT 1 FROM reserved_usernames WHERE username = $1 AND until > $3 "
    "AND (freed_by IS NULL OR freed_by <> $2))"};
const statement profile_audience_sql{
    "profile_audience",
    "SELECT id FROM (SELECT contact_id AS id FROM contacts WHERE owner_id = $1 "
    "UNION SELECT owner_id FROM contacts WHERE contact_id = $1 "
    "UNION SELECT other.user_id FROM conversation_members mine "
    "JOIN conversations c ON c.id = mine.conversation_id AND c.kind IN ('group', 'direct') "
    "JOIN conversation_members other ON other.conversation_id = mine.conversation_id "
    "WHERE mine.user_id = $1) AS people WHERE id <> $1 ORDER BY id LIMIT $2"};
const statement set_chosen_status_sql{"set_chosen_status", "UPDATE users SET chosen_status = $2 WHERE id = $1"};
const statement chosen_status_sql{"chosen_status", "SELECT chosen_status FROM users WHERE id = $1"};
const statement reopen_declined_request_sql{
    "reopen_declined_request",
    "UPDATE conversations SET request_state = 'none' WHERE id = $1 AND kind = 'direct' "
    "AND request_state = 'declined' AND requested_by <> $2 RETURNING requested_by"};

}  // namespace

void postgres_store::reserve_username(std::string_view username, unix_ms until, user_id freed_by) {
  guarded("reserve_username", [&] { db_->exec(reserve_username_sql, username, until, freed_by); });
}

bool postgres_store::username_reserved_against(std::string_view username, user_id taker, unix_ms now) {
  return guarded("username_reserved_against",
                 [&] { return db_->exec(username_reserved_against_sql, username, taker, now)[0][0].as<bool>(); });
}

std::vector<user_id> postgres_store::profile_audience(user_id u, int limit) {
  return guarded("profile_audience", [&] {
    std::vector<user_id> out;
    for (const pqxx::row& r : db_->exec(profile_audience_sql, u, limit)) out.push_back(r[0].as<user_id>());
    return out;
  });
}

void postgres_store::set_chosen_status(user_id u, std::string_view status) {
  guarded("set_chosen_status", [&] { db_->exec(set_chosen_status_sql, u, status); });
}

std::string postgres_store::chosen_status(user_id u) {
  return guarded("chosen_status", [&]() -> std::string {
    const pqxx::result r = db_->exec(chosen_status_sql, u);
    if (r.empty()) return "online";
    return r[0][0].as<std::string>();
  });
}

std::optional<user_id> postgres_store::reopen_declined_request(conversation_id c, user_id writer) {
  return guarded("reopen_declined_request", [&]() -> std::optional<user_id> {
    const pqxx::result r = db_->exec(reopen_declined_request_sql, c, writer);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<user_id>();
  });
}

}  // namespace natter::store::postgres
