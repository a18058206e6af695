#pragma once
// The SQLite store's message search (sqlite_search.cpp). Internal to the backend.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <vector>

namespace natter::store::sqlite {

std::unique_ptr<SQLite::Statement> make_search_statement(SQLite::Database& db);

// The FTS5 query for these words: each one a quoted string (so that no word
// is ever an operator, a column filter or NEAR), a prefix query when
// store::prefix_of says so, all of them required.
std::string fts5_match(const std::vector<std::string>& words);

}  // namespace natter::store::sqlite
