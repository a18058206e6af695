#pragma once
// The SQLite store's statements for renames and chosen status (sqlite_people.cpp).

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>

namespace natter::store::sqlite {

struct people_statements {
  explicit people_statements(SQLite::Database& db);

  SQLite::Statement reserve;
  SQLite::Statement reserved_against;
  SQLite::Statement audience;
  SQLite::Statement set_status;
  SQLite::Statement status;
  SQLite::Statement reopen;
};

std::unique_ptr<people_statements> make_people_statements(SQLite::Database& db);

}  // namespace natter::store::sqlite
