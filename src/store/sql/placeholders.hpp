#pragma once
// Statement texts shared by the SQL backends are written with ? for each
// parameter, in the order the caller binds them: SQLite and MariaDB take them
// as they are; PostgreSQL numbers its parameters, so its backend passes a
// shared text through numbered_placeholders once, when it defines the
// statement.

#include <string>
#include <string_view>

namespace natter::store::sql {

// sql with its placeholders numbered in order: the first ? becomes $1, the
// next $2, and so on. A ? is left alone (not a placeholder, not counted)
// inside a string literal ('...', '' standing for a quote), a quoted
// identifier ("..."), a line comment (-- to the end of the line) or a block
// comment (/* ... */). ?? stands for one literal ?, PostgreSQL's jsonb
// operator, and becomes ?. Throws std::invalid_argument when a quote or a
// block comment is not closed: the text is a programming error, found when
// the backend defines its statements at start.
std::string numbered_placeholders(std::string_view sql);

}  // namespace natter::store::sql
