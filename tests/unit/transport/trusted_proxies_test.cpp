#include "transport/trusted_proxies.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace natter::transport {
namespace {

namespace ip = boost::asio::ip;

http::request_header<> with(std::initializer_list<std::pair<const char*, const char*>> fields) {
  http::request_header<> h;
  for (const auto& [name, value] : fields) h.insert(name, value);
  return h;
}

const auto proxy = ip::make_address("10.0.0.5");
const auto stranger = ip::make_address("198.51.100.1");

TEST(trusted_proxies, addresses_and_networks_of_both_families_are_matched_by_prefix) {
  const trusted_proxies trusted({"10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1"}, proxy_header::x_forwarded_for);
  EXPECT_TRUE(trusted.contains(ip::make_address("10.255.0.1")));
  EXPECT_TRUE(trusted.contains(ip::make_address("192.168.1.7")));
  EXPECT_FALSE(trusted.contains(ip::make_address("192.168.1.8")));
  EXPECT_TRUE(trusted.contains(ip::make_address("fd12::1")));
  EXPECT_TRUE(trusted.contains(ip::make_address("::1")));
  EXPECT_FALSE(trusted.contains(ip::make_address("11.0.0.1")));
  EXPECT_FALSE(trusted.contains(ip::make_address("fe80::1")));
  EXPECT_TRUE(trusted.contains(ip::make_address("::ffff:10.1.2.3"))) << "IPv4-mapped";
  EXPECT_FALSE(trusted_proxies().contains(proxy));
}

TEST(trusted_proxies, bad_entries_are_refused) {
  for (const char* bad : {"", "10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "example.org", "::/129", "10.0.0.0/8x"}) {
    EXPECT_THROW(trusted_proxies({bad}, proxy_header::x_forwarded_for), std::invalid_argument) << bad;
  }
}

TEST(trusted_proxies, only_a_trusted_peer_is_believed) {
  const trusted_proxies trusted({"10.0.0.0/8"}, proxy_header::x_forwarded_for);
  EXPECT_EQ(trusted.client_of(stranger, with({{"X-Forwarded-For", "203.0.113.1"}})), "198.51.100.1");
  EXPECT_EQ(trusted.client_of(proxy, with({{"X-Forwarded-For", "203.0.113.1"}})), "203.0.113.1");
  EXPECT_EQ(trusted.client_of(proxy, with({})), "10.0.0.5") << "no chain: the proxy itself";
}

TEST(trusted_proxies, the_right_most_untrusted_address_is_the_client) {
  const trusted_proxies trusted({"10.0.0.0/8"}, proxy_header::x_forwarded_for);
  EXPECT_EQ(trusted.client_of(proxy, with({{"X-Forwarded-For", "1.1.1.1, 203.0.113.1, 10.0.0.9"}})), "203.0.113.1");
  EXPECT_EQ(trusted.client_of(proxy, with({{"X-Forwarded-For", "1.1.1.1"}, {"X-Forwarded-For", "203.0.113.1"}})),
            "203.0.113.1")
      << "several headers are one list";
  EXPECT_EQ(trusted.client_of(proxy, with({{"X-Forwarded-For", "10.0.0.7, 10.0.0.8"}})), "10.0.0.7");
  EXPECT_EQ(trusted.client_of(proxy, with({{"X-Forwarded-For", "203.0.113.1:4711"}})), "203.0.113.1");
  EXPECT_EQ(trusted.client_of(proxy, with({{"X-Forwarded-For", "[2001:db8::1]:4711"}})), "2001:db8::1");
  EXPECT_EQ(trusted.client_of(proxy, with({{"X-Forwarded-For", "::ffff:203.0.113.1"}})), "203.0.113.1");
}

TEST(trusted_proxies, garbage_stops_the_walk_at_the_last_trusted_hop) {
  const trusted_proxies trusted({"10.0.0.0/8"}, proxy_header::x_forwarded_for);
  EXPECT_EQ(trusted.client_of(proxy, with({{"X-Forwarded-For", "not-an-ip"}})), "10.0.0.5");
  EXPECT_EQ(trusted.client_of(proxy, with({{"X-Forwarded-For", "203.0.113.1, junk, 10.0.0.9"}})), "10.0.0.9");
  EXPECT_EQ(trusted.client_of(proxy, with({{"X-Forwarded-For", ""}})), "10.0.0.5");
}

TEST(trusted_proxies, the_forwarded_header_is_read_when_configured_and_only_then) {
  const trusted_proxies forwarded({"10.0.0.0/8"}, proxy_header::forwarded);
  const auto req = with({{"Forwarded", R"(for=1.1.1.1, For="[2001:db8::17]:4711";proto=https;by=10.0.0.5)"},
                         {"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(forwarded.client_of(proxy, req), "2001:db8::17");
  EXPECT_EQ(forwarded.client_of(proxy, with({{"Forwarded", "for=unknown"}})), "10.0.0.5");
  const trusted_proxies xff({"10.0.0.0/8"}, proxy_header::x_forwarded_for);
  EXPECT_EQ(xff.client_of(proxy, req), "203.0.113.9");
}

}  // namespace
}  // namespace natter::transport
