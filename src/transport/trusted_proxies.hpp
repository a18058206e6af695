#pragma once
// Who the client is when natterd runs behind a proxy. The proxy's address is
// the TCP peer of every request; the client's is in a forwarding header the
// proxy appends to. Only a peer in --trusted-proxies is believed, since
// anyone else can write those headers. The client is the right-most address
// of the chain that is not itself a trusted proxy (everything left of it was
// written by the client and may be made up).

#include <boost/asio/ip/address.hpp>
#include <string>
#include <vector>

#include "transport/http_types.hpp"

namespace natter::transport {

enum class proxy_header {
  x_forwarded_for,  // X-Forwarded-For: client, proxy1, proxy2 (nginx's $proxy_add_x_forwarded_for)
  forwarded,        // Forwarded: for=client, for="[2001:db8::1]:4711" (RFC 7239)
};

class trusted_proxies {
 public:
  trusted_proxies() = default;  // trusts no one
  // cidrs: "10.0.0.0/8", "192.168.1.5", "fd00::/8". Throws
  // std::invalid_argument naming an entry that is not an address or network.
  trusted_proxies(const std::vector<std::string>& cidrs, proxy_header header);

  bool contains(const boost::asio::ip::address& address) const;

  // The client's address as text: peer itself unless peer is trusted; then
  // the right-most address of the header's chain that is not trusted (or
  // the left-most one if all are, or peer when there is no chain). An entry
  // that is not an address stops the walk at the trusted hop before it.
  std::string client_of(const boost::asio::ip::address& peer, const http::request_header<>& req) const;

 private:
  struct network {
    boost::asio::ip::address_v6::bytes_type bytes;  // IPv4 as IPv4-mapped IPv6
    unsigned prefix;                                // bits, of 128
  };
  std::vector<network> networks_;
  proxy_header header_ = proxy_header::x_forwarded_for;
};

// An IPv4-mapped IPv6 address as the IPv4 address it is; others unchanged.
boost::asio::ip::address unmapped(const boost::asio::ip::address& address);

// "proxy header" option values.
proxy_header parse_proxy_header(const std::string& name);  // throws std::invalid_argument

}  // namespace natter::transport
