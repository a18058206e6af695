// mariadb_store: room moderation (bans and mutes).

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"
#include "store/sql/conversation_statements.hpp"

namespace natter::store::mariadb {
namespace {

namespace shared = ::natter::store::sql;

const statement add_sanction_sql{"add_sanction", shared::add_sanction};
const statement remove_sanction_sql{"remove_sanction", shared::remove_sanction};
const statement sanction_sql{"sanction", shared::sanction};
const statement sanctions_sql{"sanctions", shared::sanctions};

}  // namespace

bool mariadb_store::add_sanction(const sanction_record& s) {
  try {
    db_->exec(add_sanction_sql, s.conversation, s.user, to_string(s.kind), s.by, s.at, s.reason);
    return true;
  } catch (const unique_violation&) {  // sanctioned already
    return false;
  }
}

bool mariadb_store::remove_sanction(conversation_id c, user_id u, sanction_kind kind) {
  return db_->exec(remove_sanction_sql, c, u, to_string(kind)).affected_rows > 0;
}

std::optional<sanction_record> mariadb_store::sanction(conversation_id c, user_id u, sanction_kind kind) {
  const rows r = db_->exec(sanction_sql, c, u, to_string(kind));
  if (r.empty()) return std::nullopt;
  return read_sanction(r[0]);
}

std::vector<sanction_record> mariadb_store::sanctions(conversation_id c, sanction_kind kind, int limit) {
  if (limit <= 0) return {};
  std::vector<sanction_record> out;
  for (const rows::row& r : db_->exec(sanctions_sql, c, to_string(kind), limit)) out.push_back(read_sanction(r));
  return out;
}

}  // namespace natter::store::mariadb
