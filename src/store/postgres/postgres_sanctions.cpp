// postgres_store: room moderation (bans and mutes).

#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"
#include "store/sql/conversation_statements.hpp"
#include "store/sql/placeholders.hpp"

namespace natter::store::postgres {
namespace {

namespace shared = ::natter::store::sql;

const statement add_sanction_sql{"add_sanction",
                                 shared::numbered_placeholders(shared::add_sanction) + " ON CONFLICT DO NOTHING"};
const statement remove_sanction_sql{"remove_sanction", shared::numbered_placeholders(shared::remove_sanction)};
const statement sanction_sql{"sanction", shared::numbered_placeholders(shared::sanction)};
const statement sanctions_sql{"sanctions", shared::numbered_placeholders(shared::sanctions)};

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
