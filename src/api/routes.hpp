#pragma once
// Route tables. Each handler: decode -> authorize -> one core call -> encode.

#include <functional>

#include "api/router.hpp"
#include "common/metrics.hpp"
#include "core/accounts.hpp"
#include "core/accounts_admin.hpp"
#include "core/accounts_deletion.hpp"
#include "core/accounts_email.hpp"
#include "core/accounts_recovery.hpp"
#include "core/chats.hpp"
#include "core/contacts.hpp"
#include "core/conversations.hpp"
#include "core/message_search.hpp"
#include "core/rate_limiter.hpp"
#include "media/downloads.hpp"
#include "media/uploads.hpp"
#include "store/database.hpp"

namespace natter::api {

// The cookie that carries the refresh token for browsers.
inline constexpr std::string_view refresh_cookie = "natter_refresh";

// /api/v1/auth/*, GET /api/v1/server (a new account is mailed a link that
// confirms its address)
void add_auth_routes(router& r, core::accounts& accounts, core::email_addresses& emails);

// /api/v1/auth/email/confirm, /api/v1/me/email/verify
void add_email_routes(router& r, core::accounts& accounts, core::email_addresses& emails);

// DELETE /api/v1/me
void add_deletion_route(router& r, core::accounts& accounts, core::account_deletion& deletion);

// What GET /api/v1/me/export reads; kept by the caller for as long as
// routes are served.
struct export_services {
  core::accounts& accounts;
  core::chats& chats;
  core::conversations& conversations;
  core::contacts& contacts;
  core::rate_limiter& limiter;  // exports per user
  const natter::clock& time;
};

// GET /api/v1/me/export
void add_export_route(router& r, const export_services& services);

// /api/v1/me/sessions, /api/v1/me/sessions/{id}
void add_session_routes(router& r, core::accounts& accounts);

// /api/v1/auth/password-reset, /api/v1/auth/password-reset/confirm
void add_recovery_routes(router& r, core::password_recovery& recovery);

// /api/v1/me, /api/v1/me/password, /api/v1/users, /api/v1/users/{username}
// (PATCH /me hands a new email to emails, which mails it a link first)
void add_user_routes(router& r, core::accounts& accounts, core::email_addresses& emails);

// --- administration ---
// /api/v1/admin/users[/{username}[/disable|/enable|/password|/password-reset]],
// /api/v1/admin/rooms[/{name}], /api/v1/admin/groups, /api/v1/admin/audit, /api/v1/admin/invites[/{id}]:
// server administrators only.
void add_admin_routes(router& r, core::accounts& accounts, core::account_admin& admin,
                      core::password_recovery& recovery);
// --- end administration ---

// GET /api/v1/search
void add_search_route(router& r, core::accounts& accounts, core::message_search& search);

// /api/v1/media, /api/v1/media/{id}, /api/v1/media/{id}/thumbnail
void add_media_routes(router& r, core::accounts& accounts, media::uploads& uploads, media::downloads& downloads);

// /healthz, /readyz
void add_health_routes(router& r, store::database& db);

// /metrics (Prometheus text). Served only on --metrics-listen, never on the
// public listener.
void add_metrics_route(router& r, const metrics::registry& metrics);

// The caller's access token from "Authorization: Bearer ...", checked for an
// open session. Errors: unauthorized, token_expired, busy, store_unavailable.
boost::asio::awaitable<result<core::access_claims>> bearer_claims(const request_context& ctx, core::accounts& accounts);

core::client_info client_of(const request_context& ctx);

}  // namespace natter::api
