#pragma once
// Email addresses that are proven: an address is confirmed by a link mailed
// to it before it counts. A new address waits (the account keeps the old one)
// until its link is opened; the old address is then told of the change. A
// new account is mailed a link that confirms its address (verification).
//
// Links hold a single-use 256-bit token, stored only as its SHA-256 and valid
// for 24 hours; a newer link of the same account retires the older one. Each
// mail counts against the account's email budget (--email-changes-per-hour),
// and confirmations are rate-limited per client. Everything is audited.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/accounts.hpp"
#include "core/mailer.hpp"
#include "core/rate_limiter.hpp"
#include "store/database.hpp"

namespace natter::core {

struct email_settings {
  std::string public_url;  // links go to <public_url>/#confirm-email=<token>
  std::chrono::seconds token_ttl{24 * 3600};
  rate_limit mails_per_account{5, 5.0 / 60};  // --email-changes-per-hour
  rate_limit confirmations_per_client{10, 10};
};

class email_addresses {
 public:
  email_addresses(store::database& db, mailer& mail, const clock& clock, email_settings settings);

  // Mails a link to `email` that, once opened, makes it the caller's address.
  // The current address again (in any case) is not a change: nothing is sent.
  // An address another account holds is refused like an unusable one
  // (validation_failed, audited as email.change_refused), so the answer does
  // not name it as taken. Errors: validation_failed, rate_limited, not_found.
  boost::asio::awaitable<status> request_change(store::user_id user, std::string email, client_info who);

  // Mails a link that confirms the account's current address, asked again.
  // Nothing when it is confirmed already. Errors: rate_limited, not_found.
  boost::asio::awaitable<status> request_verification(store::user_id user, client_info who);
  // The same for a new account, outside its budget (registration has its
  // own limits).
  boost::asio::awaitable<status> welcome(store::user_id user, client_info who);

  // Uses a link's token: its address becomes (or is confirmed as) the
  // account's. Errors: email_token_invalid (unknown, used or expired),
  // validation_failed (the address was taken by another account meanwhile),
  // rate_limited.
  boost::asio::awaitable<status> confirm(std::string token, client_info who);

  boost::asio::awaitable<result<store::email_state>> state(store::user_id user);

  // Where links point (a trailing "/" is dropped). Set before serving.
  void set_public_url(std::string url);

 private:
  // Stores a confirmation of `email` for user and mails its link.
  // Charged: it counts against the account's mail budget.
  struct link_request {
    store::user_id user = 0;
    std::string email;  // empty: the current address (verification)
    bool charged = true;
  };
  boost::asio::awaitable<status> send_link(link_request request, client_info who);

  store::database& db_;
  mailer& mail_;
  const clock& clock_;
  email_settings settings_;
  rate_limiter mails_;
  rate_limiter confirmations_;
};

}  // namespace natter::core
