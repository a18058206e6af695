// The WebSocket Origin check compares scheme, host and port. Without
// --allowed-origins a page may connect only from the origin natterd itself
// serves: over TLS an http:// page of the same host (a network attacker's
// injection into plain HTTP) used to pass, since only the host was compared.

#include <gtest/gtest.h>

#include <string>

#include "attack/tls_support.hpp"
#include "integration/support/server_fixture.hpp"
#include "integration/support/ws_client.hpp"

namespace natter::testing {
namespace {

std::string upgrade_request(unsigned short port, const std::string& origin) {
  return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
         "Sec-WebSocket-Version: 13\r\nOrigin: " +
         origin + "\r\n\r\n";
}

class websocket_origin_tls : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--tls-cert", certificate_.cert(), "--tls-key", certificate_.key()});
    return args;
  }
  std::string status_for(const std::string& origin) {
    return tls_exchange_head(server_->port(), upgrade_request(server_->port(), origin)).substr(0, 12);
  }
  test_certificate certificate_;
};

TEST_F(websocket_origin_tls, an_http_page_of_the_same_host_may_not_open_a_websocket_on_https) {
  const auto port = std::to_string(server_->port());
  EXPECT_EQ(status_for("http://127.0.0.1:" + port), "HTTP/1.1 403");
  EXPECT_EQ(status_for("https://127.0.0.1:" + port + "0"), "HTTP/1.1 403");
  EXPECT_EQ(status_for("https://127.0.0.1:" + port), "HTTP/1.1 101");
}

class websocket_origin_plain : public server_test {};

TEST_F(websocket_origin_plain, an_https_origin_does_not_match_a_plain_http_server) {
  const auto port = std::to_string(server_->port());
  EXPECT_EQ(http_->raw(upgrade_request(server_->port(), "https://127.0.0.1:" + port)).substr(0, 12), "HTTP/1.1 403");
  const auto alice = register_and_login("alice");
  ws_client ws(server_->port(), {{"Origin", "http://127.0.0.1:" + port}});
  EXPECT_EQ(ws.auth(alice.access_token).at("ok"), true);
}

class websocket_origin_listed : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--allowed-origins", "https://chat.example"});
    return args;
  }
};

TEST_F(websocket_origin_listed, a_listed_origin_matches_its_scheme_host_and_port_only) {
  for (const char* origin : {"http://chat.example", "https://chat.example:8443", "https://chat.example.evil"}) {
    EXPECT_EQ(http_->raw(upgrade_request(server_->port(), origin)).substr(0, 12), "HTTP/1.1 403") << origin;
  }
  const auto alice = register_and_login("alice");
  ws_client ws(server_->port(), {{"Origin", "https://chat.example:443"}});
  EXPECT_EQ(ws.auth(alice.access_token).at("ok"), true);
}

}  // namespace
}  // namespace natter::testing
