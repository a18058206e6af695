// postgres_store: contacts, blocks, presence audience and last seen.

#include "store/postgres/conversation_statements.hpp"
#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

namespace sql = conversation_sql;

// Runs an insert or delete of one (a, b) row; returns whether a row changed.
bool change_pair(const char* operation, connection& db, const statement& s, user_id a, user_id b) {
  return guarded(operation, [&] { return db.exec(s, a, b).affected_rows() > 0; });
}

bool pair_exists(const char* operation, connection& db, const statement& s, user_id a, user_id b) {
  return guarded(operation, [&] { return db.exec(s, a, b)[0][0].as<bool>(); });
}

}  // namespace

bool postgres_store::add_contact(user_id owner, user_id contact) {
  return change_pair("add_contact", *db_, sql::add_contact, owner, contact);
}

bool postgres_store::remove_contact(user_id owner, user_id contact) {
  return change_pair("remove_contact", *db_, sql::remove_contact, owner, contact);
}

bool postgres_store::is_contact(user_id owner, user_id other) {
  return pair_exists("is_contact", *db_, sql::is_contact, owner, other);
}

std::vector<user_record> postgres_store::contacts_of(user_id owner) {
  return guarded("contacts_of", [&] {
    std::vector<user_record> out;
    for (const pqxx::row& r : db_->exec(sql::contacts_of, owner)) out.push_back(read_user(r));
    return out;
  });
}

bool postgres_store::add_block(user_id blocker, user_id blocked) {
  return change_pair("add_block", *db_, sql::add_block, blocker, blocked);
}

bool postgres_store::remove_block(user_id blocker, user_id blocked) {
  return change_pair("remove_block", *db_, sql::remove_block, blocker, blocked);
}

bool postgres_store::is_blocked(user_id blocker, user_id blocked) {
  return pair_exists("is_blocked", *db_, sql::is_blocked, blocker, blocked);
}

std::vector<user_id> postgres_store::presence_audience(user_id u) {
  return guarded("presence_audience", [&] {
    std::vector<user_id> out;
    for (const pqxx::row& r : db_->exec(sql::presence_audience, u)) out.push_back(int_at(r, 0));
    return out;
  });
}

std::vector<user_id> postgres_store::presence_visible_to(user_id v) {
  return guarded("presence_visible_to", [&] {
    std::vector<user_id> out;
    for (const pqxx::row& r : db_->exec(sql::presence_visible_to, v)) out.push_back(int_at(r, 0));
    return out;
  });
}

void postgres_store::set_last_seen(user_id u, unix_ms at) {
  guarded("set_last_seen", [&] { db_->exec(sql::set_last_seen, u, at); });
}

std::optional<unix_ms> postgres_store::last_seen(user_id u) {
  return guarded("last_seen", [&]() -> std::optional<unix_ms> {
    const pqxx::result r = db_->exec(sql::last_seen, u);
    if (r.empty()) return std::nullopt;
    return optional_int_at(r[0], 0);
  });
}

}  // namespace natter::store::postgres
