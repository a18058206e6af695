// postgres_store: room moderation (bans and mutes).

#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

constexpr const char* sanction_columns = "conversation_id, user_id, kind, by_id, created_at, reason";

const statement add_sanction_sql{"add_sanction",
                                 "INSERT INTO room_sanctions (conversation_id, user_id, kind, by_id, created_at, "
                                 "reason) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"};
const statement remove_sanction_sql{
    "remove_sanction", "DELETE FROM room_sanctions WHERE conversation_id = $1 AND user_id = $2 AND kind = $3"};
const statement sanction_sql{"sanction", std::string("SELECT ") + sanction_columns +
                                             " FROM room_sanctions WHERE conversation_id = $1 AND user_id = $2 "
                                             "AND kind = $3"};
const statement sanctions_sql{"sanctions", std::string("SELECT ") + sanction_columns +
                                               " FROM room_sanctions WHERE conversation_id = $1 AND kind = $2 "
                                               "ORDER BY created_at, user_id LIMIT $3"};

sanction_record read_sanction(const pqxx::row& r) {
  sanction_record s;
  s.conversation = int_at(r, 0);
  s.user = int_at(r, 1);
  const std::string kind = text_at(r, 2);
  const auto parsed = sanction_kind_from(kind);
  if (!parsed) throw failure("postgres: unknown sanction kind '" + kind + "'");  // the CHECK was bypassed
  s.kind = *parsed;
  s.by = int_at(r, 3);
  s.at = int_at(r, 4);
  s.reason = text_at(r, 5);
  return s;
}

}  // namespace

bool postgres_store::add_sanction(const sanction_record& s) {
  return guarded("add_sanction", [&] {
    return db_->exec(add_sanction_sql, s.conversation, s.user, std::string(to_string(s.kind)), s.by, s.at, s.reason)
               .affected_rows() > 0;
  });
}

bool postgres_store::remove_sanction(conversation_id c, user_id u, sanction_kind kind) {
  return guarded("remove_sanction", [&] {
    return db_->exec(remove_sanction_sql, c, u, std::string(to_string(kind))).affected_rows() > 0;
  });
}

std::optional<sanction_record> postgres_store::sanction(conversation_id c, user_id u, sanction_kind kind) {
  return guarded("sanction", [&]() -> std::optional<sanction_record> {
    const pqxx::result r = db_->exec(sanction_sql, c, u, std::string(to_string(kind)));
    if (r.empty()) return std::nullopt;
    return read_sanction(r[0]);
  });
}

std::vector<sanction_record> postgres_store::sanctions(conversation_id c, sanction_kind kind, int limit) {
  return guarded("sanctions", [&] {
    std::vector<sanction_record> out;
    for (const pqxx::row& r : db_->exec(sanctions_sql, c, std::string(to_string(kind)), limit)) {
      out.push_back(read_sanction(r));
    }
    return out;
  });
}

}  // namespace natter::store::postgres
