// mariadb_store: contacts, blocks, presence audience and last seen.

#include "store/mariadb/conversation_statements.hpp"
#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

namespace sql = conversation_sql;

// Inserts one (a, b) row; false when it was there already (only the INSERT
// is undone).
bool insert_pair(connection& db, const statement& s, user_id a, user_id b) {
  try {
    db.exec(s, a, b);
    return true;
  } catch (const unique_violation&) {
    return false;
  }
}

std::vector<user_id> user_ids_in(const rows& found) {
  std::vector<user_id> out;
  out.reserve(found.size());
  for (const rows::row& r : found) out.push_back(int_at(r, 0));
  return out;
}

}  // namespace

bool mariadb_store::add_contact(user_id owner, user_id contact) {
  return insert_pair(*db_, sql::add_contact, owner, contact);
}

bool mariadb_store::remove_contact(user_id owner, user_id contact) {
  return db_->exec(sql::remove_contact, owner, contact).affected_rows > 0;
}

bool mariadb_store::is_contact(user_id owner, user_id other) {
  return bool_at(db_->exec(sql::is_contact, owner, other)[0], 0);
}

std::vector<user_record> mariadb_store::contacts_of(user_id owner) {
  std::vector<user_record> out;
  for (const rows::row& r : db_->exec(sql::contacts_of, owner)) out.push_back(read_user(r));
  return out;
}

bool mariadb_store::add_block(user_id blocker, user_id blocked) {
  return insert_pair(*db_, sql::add_block, blocker, blocked);
}

bool mariadb_store::remove_block(user_id blocker, user_id blocked) {
  return db_->exec(sql::remove_block, blocker, blocked).affected_rows > 0;
}

bool mariadb_store::is_blocked(user_id blocker, user_id blocked) {
  return bool_at(db_->exec(sql::is_blocked, blocker, blocked)[0], 0);
}

std::vector<user_id> mariadb_store::presence_audience(user_id u) {
  return user_ids_in(db_->exec(sql::presence_audience, u));
}

std::vector<user_id> mariadb_store::presence_visible_to(user_id v) {
  return user_ids_in(db_->exec(sql::presence_visible_to, v));
}

void mariadb_store::set_last_seen(user_id u, unix_ms at) {
  db_->exec(sql::set_last_seen, at, u);
}

std::optional<unix_ms> mariadb_store::last_seen(user_id u) {
  const rows r = db_->exec(sql::last_seen, u);
  if (r.empty()) return std::nullopt;
  return optional_int_at(r[0], 0);
}

}  // namespace natter::store::mariadb
