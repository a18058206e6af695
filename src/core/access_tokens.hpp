#pragma once
// Short-lived access tokens: HS256 JWTs (libjwt) with sub, iat, exp, jti and,
// when the token belongs to a login session, sid.
// Only HS256 is accepted; the algorithm is never taken from the token.

#include <chrono>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/records.hpp"

namespace natter::core {

struct access_claims {
  store::user_id user = 0;
  unix_ms issued_at = 0;   // iat, in ms (the JWT carries seconds)
  unix_ms expires_at = 0;  // exp, in ms (the JWT carries seconds)
  std::string jti;
  std::string session;  // sid: the refresh-token family of the login; empty if none
};

struct issued_access_token {
  std::string token;
  std::chrono::seconds expires_in{};
  access_claims claims;
};

class access_tokens {
 public:
  // key: the HS256 secret (at least 32 bytes). clock must outlive this.
  access_tokens(std::string key, std::chrono::seconds ttl, const clock& clock);

  // session: the refresh-token family the token is issued for (claim "sid"),
  // so that logout and password changes can tell the caller's own session.
  issued_access_token issue(store::user_id user, std::string session = {}) const;

  // Errors: unauthorized (malformed, bad signature, wrong algorithm, missing
  // claims, a sid that is not a string), token_expired.
  result<access_claims> verify(std::string_view token) const;

  std::chrono::seconds ttl() const noexcept { return ttl_; }

 private:
  std::string key_;
  std::chrono::seconds ttl_;
  const clock& clock_;
};

}  // namespace natter::core
