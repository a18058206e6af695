// postgres_store: group invitations.

#include "store/postgres/conversation_statements.hpp"
#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

namespace sql = conversation_sql;

}  // namespace

bool postgres_store::add_invitation(conversation_id c, user_id u, user_id by, unix_ms at) {
  return guarded("add_invitation", [&] { return db_->exec(sql::add_invitation, c, u, by, at).affected_rows() > 0; });
}

std::optional<invitation_record> postgres_store::invitation(conversation_id c, user_id u) {
  return guarded("invitation", [&]() -> std::optional<invitation_record> {
    const pqxx::result r = db_->exec(sql::invitation, c, u);
    if (r.empty()) return std::nullopt;
    return read_invitation(r[0]);
  });
}

std::vector<invitation_record> postgres_store::invitations_of(user_id u) {
  return guarded("invitations_of", [&] {
    std::vector<invitation_record> out;
    for (const pqxx::row& r : db_->exec(sql::invitations_of, u)) out.push_back(read_invitation(r));
    return out;
  });
}

void postgres_store::remove_invitation(conversation_id c, user_id u) {
  guarded("remove_invitation", [&] { db_->exec(sql::remove_invitation, c, u); });
}

int postgres_store::decline_invitations_from(user_id u, user_id by, unix_ms at) {
  return guarded("decline_invitations_from",
                 [&] { return static_cast<int>(db_->exec(sql::decline_invitations_from, u, by, at).affected_rows()); });
}

bool postgres_store::declined_invitation_from(user_id u, user_id by) {
  return guarded("declined_invitation_from",
                 [&] { return db_->exec(sql::declined_invitation_from, u, by)[0][0].as<bool>(); });
}

}  // namespace natter::store::postgres
