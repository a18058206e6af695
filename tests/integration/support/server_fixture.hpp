#pragma once
// A test fixture that runs one natterd per test, plus account helpers.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "integration/support/http_client.hpp"
#include "integration/support/natterd_process.hpp"

namespace natter::testing {

inline constexpr const char* default_password = "correct horse battery";

struct session {
  std::string access_token;
  std::string refresh_token;
  boost::json::object user;
};

// Flags that lift the rate limits out of the way of tests about other things.
inline std::vector<std::string> relaxed_limits() {
  return {"--login-rate-per-address",    "100000", "--login-rate-per-account", "100000",
          "--register-rate-per-address", "100000"};
}

// Registers username (email username@example.com, the default password) on
// the server behind http, logs in, and returns the session.
inline session register_and_login(http_client& http, const std::string& username) {
  auto reply =
      http.post("/api/v1/auth/register",
                {{"email", username + "@example.com"}, {"username", username}, {"password", default_password}});
  EXPECT_EQ(reply.status, 201) << reply.body;
  auto login = http.post("/api/v1/auth/login", {{"login", username}, {"password", default_password}});
  EXPECT_EQ(login.status, 200) << login.body;
  auto body = login.json().as_object();
  return {std::string(body.at("access_token").as_string()), std::string(body.at("refresh_token").as_string()),
          body.at("user").as_object()};
}

class server_test : public ::testing::Test {
 protected:
  // Override to start natterd with other flags.
  virtual std::vector<std::string> natterd_args() { return relaxed_limits(); }

  void SetUp() override {
    server_ = std::make_unique<natterd_process>(natterd_args());
    http_ = std::make_unique<http_client>(server_->port());
  }
  void restart() {
    server_->restart();
    http_ = std::make_unique<http_client>(server_->port());
  }

  http_reply register_user(const std::string& username, const std::string& password = default_password) {
    return http_->post("/api/v1/auth/register",
                       {{"email", username + "@example.com"}, {"username", username}, {"password", password}});
  }

  http_reply login_reply(const std::string& login, const std::string& password = default_password) {
    return http_->post("/api/v1/auth/login", {{"login", login}, {"password", password}});
  }

  session login(const std::string& login, const std::string& password = default_password) {
    auto reply = login_reply(login, password);
    EXPECT_EQ(reply.status, 200) << reply.body;
    auto body = reply.json().as_object();
    return {std::string(body.at("access_token").as_string()), std::string(body.at("refresh_token").as_string()),
            body.at("user").as_object()};
  }

  session register_and_login(const std::string& username) { return testing::register_and_login(*http_, username); }

  http_reply refresh(const std::string& refresh_token) {
    return http_->post("/api/v1/auth/refresh", {{"refresh_token", refresh_token}});
  }

  std::unique_ptr<natterd_process> server_;
  std::unique_ptr<http_client> http_;
};

}  // namespace natter::testing
