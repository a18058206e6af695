#include <gtest/gtest.h>

#include "client/server_url.hpp"

namespace natter::client {
namespace {

TEST(server_url, http_with_a_port) {
  auto u = server_url::parse("http://127.0.0.1:8080");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, "8080");
  EXPECT_EQ(u->prefix, "");
}

TEST(server_url, https_defaults_to_port_443_and_keeps_a_path_prefix) {
  auto u = server_url::parse("https://chat.example.com/natter/");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->prefix, "/natter");
  EXPECT_EQ(u->to_string(), "https://chat.example.com:443/natter");
}

TEST(server_url, ipv6_hosts_in_brackets) {
  auto u = server_url::parse("http://[::1]:9000");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, "9000");
  EXPECT_EQ(u->to_string(), "http://[::1]:9000");
}

TEST(server_url, refuses_other_schemes_and_bad_ports) {
  for (const char* bad : {"ftp://x", "localhost:8080", "http://", "http://host:port", "http://host:"}) {
    auto u = server_url::parse(bad);
    ASSERT_FALSE(u) << bad;
    EXPECT_EQ(u.error().code, "BAD_URL");
  }
}

}  // namespace
}  // namespace natter::client
