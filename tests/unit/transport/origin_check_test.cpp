#include "transport/origin_check.hpp"

#include <gtest/gtest.h>

namespace natter::transport {
namespace {

request upgrade(std::string origin, std::string host) {
  request req{http::verb::get, "/ws", 11};
  req.set(http::field::origin, origin);
  req.set(http::field::host, host);
  return req;
}

TEST(origin_check, origins_parse_into_scheme_host_and_port_with_the_default_port) {
  EXPECT_EQ(parse_origin("https://Chat.Example"), (web_origin{"https", "chat.example", 443}));
  EXPECT_EQ(parse_origin("HTTP://chat.example:8080"), (web_origin{"http", "chat.example", 8080}));
  EXPECT_EQ(parse_origin("http://[::1]:8080"), (web_origin{"http", "[::1]", 8080}));
  for (const char* bad : {"null", "chat.example", "ftp://chat.example", "https://", "https://chat.example/",
                          "https://chat.example:", "https://chat.example:0", "https://chat.example:99999",
                          "https://user@chat.example", "https://chat.example:80:80", "https://[::1"}) {
    EXPECT_FALSE(parse_origin(bad)) << bad;
  }
}

TEST(origin_check, the_same_host_must_also_have_the_scheme_of_the_connection) {
  EXPECT_TRUE(origin_allowed(upgrade("https://chat.example", "chat.example"), {}, true));
  EXPECT_FALSE(origin_allowed(upgrade("http://chat.example", "chat.example"), {}, true));
  EXPECT_TRUE(origin_allowed(upgrade("http://chat.example:8080", "chat.example:8080"), {}, false));
  EXPECT_FALSE(origin_allowed(upgrade("https://chat.example:8080", "chat.example:8080"), {}, false));
  EXPECT_FALSE(origin_allowed(upgrade("http://chat.example:8081", "chat.example:8080"), {}, false));
  EXPECT_TRUE(origin_allowed(upgrade("https://chat.example:443", "Chat.Example"), {}, true));
}

TEST(origin_check, a_configured_origin_matches_only_its_scheme_host_and_port) {
  const std::vector<std::string> allowed{"https://chat.example"};
  EXPECT_TRUE(origin_allowed(upgrade("https://chat.example", "backend:8080"), allowed, false));
  EXPECT_TRUE(origin_allowed(upgrade("https://chat.example:443", "backend:8080"), allowed, false));
  EXPECT_FALSE(origin_allowed(upgrade("http://chat.example", "backend:8080"), allowed, false));
  EXPECT_FALSE(origin_allowed(upgrade("https://chat.example:8443", "backend:8080"), allowed, false));
  EXPECT_FALSE(origin_allowed(upgrade("https://chat.example.evil", "backend:8080"), allowed, false));
  EXPECT_FALSE(origin_allowed(upgrade("https://backend:8080", "backend:8080"), allowed, false));
}

}  // namespace
}  // namespace natter::transport
