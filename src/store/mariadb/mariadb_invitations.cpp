// mariadb_store: group invitations.

#include "store/mariadb/conversation_statements.hpp"
#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

namespace sql = conversation_sql;

}  // namespace

bool mariadb_store::add_invitation(conversation_id c, user_id u, user_id by, unix_ms at) {
  try {
    db_->exec(sql::add_invitation, c, u, by, at);
    return true;
  } catch (const unique_violation&) {  // invited already: only the INSERT was undone
    return false;
  }
}

std::optional<invitation_record> mariadb_store::invitation(conversation_id c, user_id u) {
  const rows r = db_->exec(sql::invitation, c, u);
  if (r.empty()) return std::nullopt;
  return read_invitation(r[0]);
}

std::vector<invitation_record> mariadb_store::invitations_of(user_id u) {
  std::vector<invitation_record> out;
  for (const rows::row& r : db_->exec(sql::invitations_of, u)) out.push_back(read_invitation(r));
  return out;
}

void mariadb_store::remove_invitation(conversation_id c, user_id u) {
  db_->exec(sql::remove_invitation, c, u);
}

int mariadb_store::decline_invitations_from(user_id u, user_id by, unix_ms at) {
  return static_cast<int>(db_->exec(sql::decline_invitations_from, at, u, by).affected_rows);
}

bool mariadb_store::declined_invitation_from(user_id u, user_id by) {
  return bool_at(db_->exec(sql::declined_invitation_from, u, by)[0], 0);
}

}  // namespace natter::store::mariadb
