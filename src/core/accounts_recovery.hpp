#pragma once
// Password recovery by email (the OWASP Forgot Password pattern): a request
// for an address is answered the same whether or not an account has it; an
// account that has it is mailed a link holding a single-use 256-bit token
// (stored only as its SHA-256, valid for 30 minutes); the token and a new
// password set the password and end every session of the account.
//
// Requests are rate-limited per address and per client; confirmations per
// client, and an unknown token is refused before any Argon2 work is spent.
// Both are audited.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/accounts.hpp"
#include "core/event_sink.hpp"
#include "core/mailer.hpp"
#include "core/password_hasher.hpp"
#include "core/rate_limiter.hpp"
#include "core/session_guard.hpp"
#include "store/database.hpp"

namespace natter::core {

struct recovery_settings {
  std::string public_url;  // where the web app is; links go to <public_url>/#reset=<token>
  std::chrono::seconds token_ttl{30 * 60};
  rate_limit requests_per_address{3, 3.0 / 60};  // 3 an hour
  rate_limit requests_per_client{10, 10.0 / 60};
  rate_limit confirmations_per_client{10, 10};
};

class password_recovery {
 public:
  password_recovery(store::database& db, password_hasher& hasher, session_guard& sessions, event_sink& events,
                    mailer& mail, const clock& clock, recovery_settings settings);

  // Mails a reset link if an account has this address. Errors:
  // validation_failed (not an email address), rate_limited, busy,
  // store_unavailable: never whether the address is known.
  boost::asio::awaitable<status> request(std::string email, client_info who);

  // Errors: validation_failed (new_password), reset_token_invalid (unknown,
  // used or expired), rate_limited, busy, store_unavailable.
  boost::asio::awaitable<status> reset(std::string token, std::string new_password, client_info who);

  // Where links point (a trailing "/" is dropped). Set before serving.
  void set_public_url(std::string url);
  // <public_url>/<fragment>: a link into the web app (invites use it too).
  std::string web_link(std::string_view fragment) const { return settings_.public_url + "/" + std::string(fragment); }

 private:
  store::database& db_;
  password_hasher& hasher_;
  session_guard& sessions_;
  event_sink& events_;
  mailer& mail_;
  const clock& clock_;
  recovery_settings settings_;
  rate_limiter by_address_;
  rate_limiter by_client_;
  rate_limiter confirmations_;
};

}  // namespace natter::core
