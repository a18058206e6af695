#pragma once
// Authentication on the WebSocket upgrade: "Authorization: Bearer <access
// token>", for clients that are not browsers. It is checked before the
// upgrade is accepted, so that a bad token is refused with 401 instead of
// being ignored (a client would otherwise learn of it only from the
// UNAUTHORIZED answer to its first request).

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "common/result.hpp"
#include "core/accounts.hpp"
#include "core/views.hpp"
#include "transport/http_types.hpp"

namespace natter::realtime {

// The HTTP request that asked for the upgrade (transport reads it).
using upgrade_request = transport::request;

// Who signed in, from the upgrade's credentials or a sign-in request.
struct upgrade_identity {
  core::access_claims claims;
  core::caller who;
  std::string chosen;  // the stored presence choice, for presence::connected
};
upgrade_identity identity_of(core::accounts::authenticated a);

// Nothing when the request has no Authorization header. Errors: unauthorized
// (not a bearer token, a bad one, or its user is gone), token_expired, and
// store_unavailable or busy when the user could not be looked up.
boost::asio::awaitable<result<std::optional<upgrade_identity>>> authenticate_upgrade(const upgrade_request& upgrade,
                                                                                     core::accounts& accounts);

}  // namespace natter::realtime
