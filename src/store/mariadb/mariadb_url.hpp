#pragma once
// Reads a --db URL for MariaDB: mariadb://USER:PASSWORD@HOST:PORT/DATABASE
// (or mysql://...). USER and PASSWORD may be percent-encoded; PORT defaults
// to 3306; an IPv6 host goes in brackets. Query parameters are refused
// rather than ignored: a setting the store would not apply must not look
// applied.

#include <string_view>

#include "store/mariadb/connection.hpp"

namespace natter::store::mariadb {

// True when url names a MariaDB database (its scheme), valid or not.
bool is_mariadb_url(std::string_view url) noexcept;

// Throws store::failure, without the URL in the message (it may hold a
// password), when url is not such a URL.
connection_options parse_mariadb_url(std::string_view url);

}  // namespace natter::store::mariadb
