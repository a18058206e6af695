#pragma once
// The data directory holds what a restart must find again: the SQLite database
// and the JWT signing key. natterd creates them only when asked
// (--create-data-dir): a missing directory, database or key usually means a
// volume that did not mount, and starting empty would look like a fresh
// install (no accounts, everyone logged out) while the real data sits unseen.

#include "app/config.hpp"

namespace natter::app {

// The SQLite database file the configuration names, or empty when --db is
// not SQLite.
std::string sqlite_path(const config& c);

// Creates the data directory (mode 0700) when c.create_data_dir is set.
// Otherwise throws std::runtime_error, naming what is missing and the flag
// to pass, when the directory, the SQLite database or (without --jwt-secret)
// jwt.key does not exist.
void prepare_data_dir(const config& c);

}  // namespace natter::app
