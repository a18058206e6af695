#pragma once
// The SQLite store's statements for email confirmations (sqlite_email.cpp).

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>

namespace natter::store::sqlite {

struct email_statements {
  explicit email_statements(SQLite::Database& db);

  SQLite::Statement forget;         // confirmations expired a day before
  SQLite::Statement retire_others;  // the user's unused ones
  SQLite::Statement insert;
  SQLite::Statement use;  // RETURNING the used row
  SQLite::Statement state;
  SQLite::Statement set_verified;
  SQLite::Statement erase_of_user;  // account deletion
};

std::unique_ptr<email_statements> make_email_statements(SQLite::Database& db);

}  // namespace natter::store::sqlite
