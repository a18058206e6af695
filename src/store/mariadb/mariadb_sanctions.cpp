// mariadb_store: room moderation (bans and mutes).

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

constexpr const char* sanction_columns = "conversation_id, user_id, kind, by_id, created_at, reason";

const statement add_sanction_sql{"add_sanction",
                                 "INSERT INTO room_sanctions (conversation_id, user_id, kind, by_id, created_at, "
                                 "reason) VALUES (?, ?, ?, ?, ?, ?)"};
const statement remove_sanction_sql{
    "remove_sanction", "DELETE FROM room_sanctions WHERE conversation_id = ? AND user_id = ? AND kind = ?"};
const statement sanction_sql{"sanction", std::string("SELECT ") + sanction_columns +
                                             " FROM room_sanctions WHERE conversation_id = ? AND user_id = ? "
                                             "AND kind = ?"};
const statement sanctions_sql{"sanctions", std::string("SELECT ") + sanction_columns +
                                               " FROM room_sanctions WHERE conversation_id = ? AND kind = ? "
                                               "ORDER BY created_at, user_id LIMIT ?"};

sanction_record sanction_in(const rows::row& r) {
  sanction_record s;
  s.conversation = int_at(r, 0);
  s.user = int_at(r, 1);
  const std::string kind = text_at(r, 2);
  const auto parsed = sanction_kind_from(kind);
  if (!parsed) throw failure("mariadb: unknown sanction kind '" + kind + "'");  // the CHECK was bypassed
  s.kind = *parsed;
  s.by = int_at(r, 3);
  s.at = int_at(r, 4);
  s.reason = text_at(r, 5);
  return s;
}

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
  return sanction_in(r[0]);
}

std::vector<sanction_record> mariadb_store::sanctions(conversation_id c, sanction_kind kind, int limit) {
  if (limit <= 0) return {};
  std::vector<sanction_record> out;
  for (const rows::row& r : db_->exec(sanctions_sql, c, to_string(kind), limit)) out.push_back(sanction_in(r));
  return out;
}

}  // namespace natter::store::mariadb
