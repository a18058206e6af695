#pragma once
// The HTTP half of natterd's API that a client needs (docs/protocol.md, part
// 1): accounts, tokens and the profile. Blocking calls, each on a private
// io_context with a timeout; safe to call from any thread, and from several
// at once.

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "client/outcome.hpp"
#include "client/server_url.hpp"

namespace natter::client {

// A user as its owner sees it.
struct account {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string bio;
  std::string email;
  std::int64_t created_at = 0;
};

// What login and refresh give: a short-lived access token for the WebSocket
// and a refresh token for the next refresh (the one given is spent).
struct tokens {
  std::string access_token;
  std::string refresh_token;
  std::chrono::seconds expires_in{0};
  account user;
};

struct registration {
  std::string email;
  std::string username;
  std::string password;
  std::string display_name;  // empty: not sent
};

// PATCH /me: absent fields are left alone.
struct profile_changes {
  std::optional<std::string> display_name;
  std::optional<std::string> bio;
};

class http_api {
 public:
  // `tls` is needed for https URLs only.
  http_api(server_url server, std::shared_ptr<boost::asio::ssl::context> tls,
           std::chrono::seconds timeout = std::chrono::seconds(15));

  // Every call fails with kind::refused and the server's error code when the
  // server answered with an error, kind::connection when it could not be
  // reached or did not answer within the timeout.
  outcome<account> register_account(const registration& r) const;
  outcome<tokens> login(std::string_view login, std::string_view password) const;
  outcome<tokens> refresh(std::string_view refresh_token) const;
  outcome<success> logout(std::string_view refresh_token) const;
  outcome<account> me(std::string_view access_token) const;
  outcome<account> update_me(std::string_view access_token, const profile_changes& changes) const;

  const server_url& server() const { return server_; }

  struct response {
    int status = 0;
    std::string body;
  };
  // One request on a fresh connection; any HTTP status is a success here.
  outcome<response> exchange(std::string_view method, std::string_view target, std::string body,
                             std::string_view bearer) const;

 private:
  server_url server_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::chrono::seconds timeout_;
};

}  // namespace natter::client
