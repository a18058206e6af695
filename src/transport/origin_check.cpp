#include "transport/origin_check.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace natter::transport {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return out;
}

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool valid_host(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return std::all_of(host.begin() + 1, host.end() - 1,
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; });
  }
  return !host.empty() && std::all_of(host.begin(), host.end(), is_host_char);
}

// "host[:port]" (an IPv6 host in brackets) into origin.host and origin.port
// (0 when absent).
bool parse_authority(std::string_view authority, web_origin& origin) {
  std::size_t host_end = authority.find(authority.starts_with('[') ? ']' : ':');
  if (authority.starts_with('[')) {
    if (host_end == std::string_view::npos) return false;
    ++host_end;
  }
  host_end = std::min(host_end, authority.size());
  origin.host = lower(authority.substr(0, host_end));
  if (!valid_host(origin.host)) return false;
  const auto rest = authority.substr(host_end);
  if (rest.empty()) return true;
  if (rest.front() != ':') return false;
  const auto port = rest.substr(1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) return false;
  origin.port = value;
  return true;
}

unsigned default_port(std::string_view scheme) {
  return scheme == "https" ? 443 : 80;
}

}  // namespace

std::optional<web_origin> parse_origin(std::string_view text) {
  const auto separator = text.find("://");
  if (separator == std::string_view::npos) return std::nullopt;
  web_origin origin;
  origin.scheme = lower(text.substr(0, separator));
  if (origin.scheme != "http" && origin.scheme != "https") return std::nullopt;
  if (!parse_authority(text.substr(separator + 3), origin)) return std::nullopt;
  if (origin.port == 0) origin.port = default_port(origin.scheme);
  return origin;
}

bool origin_allowed(const request& req, const std::vector<std::string>& allowed, bool secure) {
  const std::string_view header = req[http::field::origin];
  if (header.empty()) return true;
  const auto origin = parse_origin(header);
  if (!origin) return false;
  if (!allowed.empty()) {
    return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return parse_origin(a) == origin; });
  }
  web_origin own;
  own.scheme = secure ? "https" : "http";
  if (!parse_authority(req[http::field::host], own)) return false;
  if (own.port == 0) own.port = default_port(own.scheme);
  return *origin == own;
}

}  // namespace natter::transport
