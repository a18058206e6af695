// sqlite_store: room moderation (bans and mutes).

#include <SQLiteCpp/VariadicBind.h>

#include "store/sqlite/conversation_statements.hpp"
#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
bool sqlite_store::add_sanction(const sanction_record& s) {
  return guarded("add_sanction", [&] {
    statement_use q(conversations_->add_sanction);
    SQLite::bind(*q, s.conversation, s.user, std::string(to_string(s.kind)), s.by, s.at, s.reason);
    return q->exec() > 0;
  });
}

bool sqlite_store::remove_sanction(conversation_id c, user_id u, sanction_kind kind) {
  return guarded("remove_sanction", [&] {
    statement_use q(conversations_->remove_sanction);
    SQLite::bind(*q, c, u, std::string(to_string(kind)));
    return q->exec() > 0;
  });
}

std::optional<sanction_record> sqlite_store::sanction(conversation_id c, user_id u, sanction_kind kind) {
  return guarded("sanction", [&]() -> std::optional<sanction_record> {
    statement_use q(conversations_->sanction);
    SQLite::bind(*q, c, u, std::string(to_string(kind)));
    if (!q->executeStep()) return std::nullopt;
    return read_sanction(*q);
  });
}

std::vector<sanction_record> sqlite_store::sanctions(conversation_id c, sanction_kind kind, int limit) {
  return guarded("sanctions", [&] {
    statement_use q(conversations_->sanctions);
    SQLite::bind(*q, c, std::string(to_string(kind)), limit);
    std::vector<sanction_record> out;
    while (q->executeStep()) out.push_back(read_sanction(*q));
    return out;
  });
}

}  // namespace natter::store::sqlite
