#pragma once
// natterd admin ...: runs one operator action (core::account_admin, the same
// code as /api/v1/admin/*) on the configured database, without a server.
//
// A server running on the same database is not reached: what it must notice
// it reads from the database (revoked refresh tokens at once; access tokens
// at its next session recheck, --session-recheck-ms). docs/operations.md.

#include "app/config.hpp"

namespace natter::app {

// Prints results on stdout and failures on stderr. Exit codes: 0 done, 1
// failed (the reason on stderr). Usage errors (2) are CLI11's, before this.
int run_admin_command(const config& cfg, const admin_command& command);

}  // namespace natter::app
