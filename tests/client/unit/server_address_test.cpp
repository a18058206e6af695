#include "clients/cli/server_address.hpp"

#include <gtest/gtest.h>

namespace natter::cli {
namespace {

TEST(with_scheme, leaves_a_url_as_it_is) {
  EXPECT_EQ(with_scheme("http://chat.example.com"), "http://chat.example.com");
  EXPECT_EQ(with_scheme("https://127.0.0.1:8443/natter"), "https://127.0.0.1:8443/natter");
}

TEST(with_scheme, makes_a_host_https) {
  EXPECT_EQ(with_scheme("chat.example.com"), "https://chat.example.com");
  EXPECT_EQ(with_scheme("chat.example.com:8443/natter"), "https://chat.example.com:8443/natter");
  EXPECT_EQ(with_scheme("[2001:db8::1]:8443"), "https://[2001:db8::1]:8443");
  EXPECT_EQ(with_scheme("localhost.example.com"), "https://localhost.example.com");
}

TEST(with_scheme, makes_this_machine_http) {
  EXPECT_EQ(with_scheme("localhost:8080"), "http://localhost:8080");
  EXPECT_EQ(with_scheme("127.0.0.1"), "http://127.0.0.1");
  EXPECT_EQ(with_scheme("127.0.0.1:8080/natter"), "http://127.0.0.1:8080/natter");
  EXPECT_EQ(with_scheme("[::1]:8080"), "http://[::1]:8080");
}

}  // namespace
}  // namespace natter::cli
