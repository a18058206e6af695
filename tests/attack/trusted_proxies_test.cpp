// Behind a proxy every request comes from the proxy's address. With
// --trusted-proxies, natterd takes the client's address from the proxy's
// X-Forwarded-For (or Forwarded) for rate limits, the audit log and logs, and
// does not hold the proxy to the per-address connection cap. From anyone else
// the header is ignored, since a client can write it.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "attack/raw_connection.hpp"
#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;

// Two logins per minute per address; accounts are not the limit here.
std::vector<std::string> strict_login_args(std::vector<std::string> more) {
  std::vector<std::string> args{"--login-rate-per-address",    "2",     "--login-rate-per-account", "100000",
                                "--register-rate-per-address", "100000"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

class proxied : public server_test {
 protected:
  int login_via(const std::string& header, const std::string& value, const std::string& user = "alice") {
    return http_
        ->request(http::verb::post, "/api/v1/auth/login",
                  R"({"login":")" + user + R"(","password":")" + default_password + R"("})", {{header, value}})
        .status;
  }
};

class behind_a_trusted_proxy : public proxied {
 protected:
  std::vector<std::string> natterd_args() override {
    return strict_login_args({"--trusted-proxies", "10.9.0.0/16,127.0.0.1/32", "--max-connections-per-address", "5"});
  }
};

TEST_F(behind_a_trusted_proxy, each_forwarded_client_has_its_own_rate_limit_and_audit_address) {
  register_user("alice");
  EXPECT_EQ(login_via("X-Forwarded-For", "203.0.113.1"), 200);
  EXPECT_EQ(login_via("X-Forwarded-For", "203.0.113.1"), 200);
  EXPECT_EQ(login_via("X-Forwarded-For", "203.0.113.1"), 429);
  // What a client writes into the header itself is left of what the proxy
  // appended: the right-most untrusted address counts.
  EXPECT_EQ(login_via("X-Forwarded-For", "198.51.100.7, 203.0.113.1"), 429);
  EXPECT_EQ(login_via("X-Forwarded-For", "203.0.113.1, 10.9.0.3"), 429) << "10.9.0.3 is a trusted hop";
  EXPECT_EQ(login_via("X-Forwarded-For", "203.0.113.2"), 200) << "another client behind the same proxy";
  EXPECT_NE(server_->log().find("audit login.ok user_id=1 remote=203.0.113.2"), std::string::npos) << server_->log();
  EXPECT_EQ(server_->log().find("audit login.ok user_id=1 remote=127.0.0.1"), std::string::npos);
}

TEST_F(behind_a_trusted_proxy, the_proxy_is_not_held_to_the_per_address_connection_cap) {
  std::vector<raw_connection> held;
  for (int i = 0; i < 12; ++i) {
    held.emplace_back(server_->port());
    ASSERT_EQ(held.back().get("/healthz").status, 200) << "connection " << i << " from the proxy";
  }
  std::vector<raw_connection> other;
  for (int i = 0; i < 5; ++i) {
    other.emplace_back(server_->port(), "127.0.0.2");
    ASSERT_EQ(other.back().get("/healthz").status, 200);
  }
  EXPECT_EQ(raw_connection(server_->port(), "127.0.0.2").get("/healthz").status, 429) << "127.0.0.2 is not a proxy";
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

class behind_a_forwarded_proxy : public proxied {
 protected:
  std::vector<std::string> natterd_args() override {
    return strict_login_args({"--trusted-proxies", "127.0.0.1", "--proxy-header", "forwarded"});
  }
};

TEST_F(behind_a_forwarded_proxy, the_forwarded_header_names_the_client_and_x_forwarded_for_is_ignored) {
  register_user("alice");
  EXPECT_EQ(login_via("Forwarded", R"(for="[2001:db8::7]:4711";proto=https)"), 200);
  EXPECT_NE(server_->log().find("audit login.ok user_id=1 remote=2001:db8::7"), std::string::npos) << server_->log();
  EXPECT_EQ(login_via("X-Forwarded-For", "203.0.113.9"), 200);
  EXPECT_EQ(login_via("X-Forwarded-For", "203.0.113.10"), 200);
  EXPECT_EQ(login_via("X-Forwarded-For", "203.0.113.11"), 429) << "all counted as the proxy itself";
  EXPECT_EQ(login_via("Forwarded", "for=192.0.2.60"), 200);
}

class without_trusted_proxies : public proxied {
 protected:
  std::vector<std::string> natterd_args() override { return strict_login_args({}); }
};

TEST_F(without_trusted_proxies, forwarding_headers_from_anyone_are_ignored) {
  register_user("alice");
  EXPECT_EQ(login_via("X-Forwarded-For", "203.0.113.1"), 200);
  EXPECT_EQ(login_via("X-Forwarded-For", "203.0.113.2"), 200);
  EXPECT_EQ(login_via("Forwarded", "for=203.0.113.3"), 429) << "a spoofed address escaped the rate limit";
  EXPECT_EQ(server_->log().find("remote=203.0.113"), std::string::npos) << server_->log();
  EXPECT_NE(server_->log().find("audit login.ok user_id=1 remote=127.0.0.1"), std::string::npos);
}

TEST(trusted_proxies_settings, an_entry_that_is_not_an_address_or_network_refuses_to_start) {
  for (const char* bad : {"10.0.0.0/33", "proxy.internal", "10.0.0.1/8x"}) {
    try {
      natterd_process server({"--trusted-proxies", bad});
      ADD_FAILURE() << "natterd started with --trusted-proxies " << bad;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("--trusted-proxies"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace natter::testing
