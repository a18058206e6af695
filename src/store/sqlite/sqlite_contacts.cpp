// sqlite_store: contacts, blocks, presence audience and last seen.

#include <SQLiteCpp/VariadicBind.h>

#include "store/sqlite/conversation_statements.hpp"
#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

// Runs an insert or delete of one (a, b) row; returns whether a row changed.
bool change_pair(const char* operation, SQLite::Statement& statement, user_id a, user_id b) {
  return guarded(operation, [&] {
    statement_use q(statement);
    SQLite::bind(*q, a, b);
    return q->exec() > 0;
  });
}

bool pair_exists(const char* operation, SQLite::Statement& statement, user_id a, user_id b) {
  return guarded(operation, [&] {
    statement_use q(statement);
    SQLite::bind(*q, a, b);
    return single_int(*q) != 0;
  });
}

}  // namespace

bool sqlite_store::add_contact(user_id owner, user_id contact) {
  return change_pair("add_contact", conversations_->add_contact, owner, contact);
}

bool sqlite_store::remove_contact(user_id owner, user_id contact) {
  return change_pair("remove_contact", conversations_->remove_contact, owner, contact);
}

bool sqlite_store::is_contact(user_id owner, user_id other) {
  return pair_exists("is_contact", conversations_->is_contact, owner, other);
}

std::vector<user_record> sqlite_store::contacts_of(user_id owner) {
  return guarded("contacts_of", [&] {
    std::vector<user_record> out;
    statement_use q(conversations_->contacts_of);
    q->bind(1, owner);
    while (q->executeStep()) out.push_back(read_user(*q));
    return out;
  });
}

bool sqlite_store::add_block(user_id blocker, user_id blocked) {
  return change_pair("add_block", conversations_->add_block, blocker, blocked);
}

bool sqlite_store::remove_block(user_id blocker, user_id blocked) {
  return change_pair("remove_block", conversations_->remove_block, blocker, blocked);
}

bool sqlite_store::is_blocked(user_id blocker, user_id blocked) {
  return pair_exists("is_blocked", conversations_->is_blocked, blocker, blocked);
}

namespace {

std::vector<user_id> user_ids(const char* operation, SQLite::Statement& statement, user_id u) {
  return guarded(operation, [&] {
    std::vector<user_id> out;
    statement_use q(statement);
    q->bind(1, u);
    while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
    return out;
  });
}

}  // namespace

std::vector<user_id> sqlite_store::presence_audience(user_id u) {
  return user_ids("presence_audience", conversations_->presence_audience, u);
}

std::vector<user_id> sqlite_store::presence_visible_to(user_id v) {
  return user_ids("presence_visible_to", conversations_->presence_visible_to, v);
}

void sqlite_store::set_last_seen(user_id u, unix_ms at) {
  guarded("set_last_seen", [&] {
    statement_use q(conversations_->set_last_seen);
    SQLite::bind(*q, u, at);
    q->exec();
  });
}

std::optional<unix_ms> sqlite_store::last_seen(user_id u) {
  return guarded("last_seen", [&]() -> std::optional<unix_ms> {
    statement_use q(conversations_->last_seen);
    q->bind(1, u);
    if (!q->executeStep()) return std::nullopt;
    return optional_int(*q, 0);
  });
}

}  // namespace natter::store::sqlite
