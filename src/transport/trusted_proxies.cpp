#include "transport/trusted_proxies.hpp"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <charconv>
#include <optional>
#include <stdexcept>

namespace natter::transport {

namespace ip = boost::asio::ip;

namespace {

// Bound on the chain entries looked at, from the right: a proxy chain is a
// handful of hops, a header full of entries is someone's noise.
constexpr std::size_t max_chain = 32;

ip::address_v6::bytes_type as_v6_bytes(const ip::address& a) {
  if (a.is_v4()) return ip::make_address_v6(ip::v4_mapped, a.to_v4()).to_bytes();
  return a.to_v6().to_bytes();
}

bool prefix_matches(const ip::address_v6::bytes_type& a, const ip::address_v6::bytes_type& b, unsigned prefix) {
  const unsigned whole = prefix / 8;
  if (!std::equal(a.begin(), a.begin() + whole, b.begin())) return false;
  const unsigned rest = prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<unsigned char>(0xFFu << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// One chain entry: "192.0.2.1", "192.0.2.1:4711", "2001:db8::1",
// "[2001:db8::1]", "[2001:db8::1]:4711", optionally in double quotes.
std::optional<ip::address> parse_node(std::string_view text) {
  text = trim(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    text = text.substr(1, close - 1);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    text = text.substr(0, text.find(':'));  // IPv4 with a port
  }
  boost::system::error_code ec;
  auto address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return unmapped(address);
}

// Splits a header's comma-separated elements, in order, onto out.
void split_elements(std::string_view value, std::vector<std::string_view>& out) {
  for (std::size_t start = 0; start <= value.size();) {
    auto end = value.find(',', start);
    if (end == std::string_view::npos) end = value.size();
    out.push_back(trim(value.substr(start, end - start)));
    start = end + 1;
  }
}

// The for= parameter of one Forwarded element ("for=x;proto=https"), or the
// element itself when it has none (then it parses as no address).
std::string_view forwarded_for(std::string_view element) {
  for (std::size_t start = 0; start <= element.size();) {
    auto end = element.find(';', start);
    if (end == std::string_view::npos) end = element.size();
    auto pair = trim(element.substr(start, end - start));
    if (pair.size() > 4 && boost::beast::iequals(pair.substr(0, 4), "for=")) return pair.substr(4);
    start = end + 1;
  }
  return element;
}

}  // namespace

ip::address unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  return address;
}

proxy_header parse_proxy_header(const std::string& name) {
  if (name == "x-forwarded-for") return proxy_header::x_forwarded_for;
  if (name == "forwarded") return proxy_header::forwarded;
  throw std::invalid_argument("not x-forwarded-for or forwarded: " + name);
}

trusted_proxies::trusted_proxies(const std::vector<std::string>& cidrs, proxy_header header) : header_(header) {
  for (const auto& cidr : cidrs) {
    const auto slash = cidr.find('/');
    boost::system::error_code ec;
    const auto address = ip::make_address(cidr.substr(0, slash), ec);
    if (ec) throw std::invalid_argument("not an address or network: " + cidr);
    const unsigned width = address.is_v4() ? 32 : 128;
    unsigned prefix = width;
    if (slash != std::string::npos) {
      const auto digits = std::string_view(cidr).substr(slash + 1);
      auto [end, perr] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (perr != std::errc() || end != digits.data() + digits.size() || digits.empty() || prefix > width) {
        throw std::invalid_argument("not an address or network: " + cidr);
      }
    }
    networks_.push_back({as_v6_bytes(address), prefix + (128 - width)});
  }
}

bool trusted_proxies::contains(const ip::address& address) const {
  const auto bytes = as_v6_bytes(address);
  return std::any_of(networks_.begin(), networks_.end(),
                     [&](const network& n) { return prefix_matches(bytes, n.bytes, n.prefix); });
}

std::string trusted_proxies::client_of(const ip::address& peer, const http::request_header<>& req) const {
  const auto direct = unmapped(peer);
  if (!contains(direct)) return direct.to_string();
  const std::string_view name = header_ == proxy_header::forwarded ? "Forwarded" : "X-Forwarded-For";
  std::vector<std::string_view> chain;
  for (auto [it, end] = req.equal_range(name); it != end; ++it) split_elements(it->value(), chain);
  std::string client = direct.to_string();
  std::size_t looked = 0;
  for (auto it = chain.rbegin(); it != chain.rend() && looked < max_chain; ++it, ++looked) {
    const auto hop = parse_node(header_ == proxy_header::forwarded ? forwarded_for(*it) : *it);
    if (!hop) break;
    client = hop->to_string();
    if (!contains(*hop)) break;
  }
  return client;
}

}  // namespace natter::transport
