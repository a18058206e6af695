// sqlite_store: group invitations.

#include <SQLiteCpp/VariadicBind.h>

#include "store/sqlite/conversation_statements.hpp"
#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
bool sqlite_store::add_invitation(conversation_id c, user_id u, user_id by, unix_ms at) {
  return guarded("add_invitation", [&] {
    statement_use q(conversations_->add_invitation);
    SQLite::bind(*q, c, u, by, at);
    return q->exec() > 0;
  });
}

std::optional<invitation_record> sqlite_store::invitation(conversation_id c, user_id u) {
  return guarded("invitation", [&]() -> std::optional<invitation_record> {
    statement_use q(conversations_->invitation);
    SQLite::bind(*q, c, u);
    if (!q->executeStep()) return std::nullopt;
    return read_invitation(*q);
  });
}

std::vector<invitation_record> sqlite_store::invitations_of(user_id u) {
  return guarded("invitations_of", [&] {
    std::vector<invitation_record> out;
    statement_use q(conversations_->invitations_of);
    q->bind(1, u);
    while (q->executeStep()) out.push_back(read_invitation(*q));
    return out;
  });
}

void sqlite_store::remove_invitation(conversation_id c, user_id u) {
  guarded("remove_invitation", [&] {
    statement_use q(conversations_->remove_invitation);
    SQLite::bind(*q, c, u);
    q->exec();
  });
}

int sqlite_store::decline_invitations_from(user_id u, user_id by, unix_ms at) {
  return guarded("decline_invitations_from", [&] {
    statement_use q(conversations_->decline_invitations_from);
    SQLite::bind(*q, u, by, at);
    return q->exec();
  });
}

bool sqlite_store::declined_invitation_from(user_id u, user_id by) {
  return guarded("declined_invitation_from", [&] {
    statement_use q(conversations_->declined_invitation_from);
    SQLite::bind(*q, u, by);
    return single_int(*q) != 0;
  });
}

}  // namespace natter::store::sqlite
