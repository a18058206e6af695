#include "client/server_url.hpp"

#include <algorithm>
#include <cctype>

namespace natter::client {
namespace {

failure bad_url(std::string_view text) {
  return failure::local("BAD_URL", "Not an http:// or https:// URL: " + std::string(text));
}

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

outcome<server_url> server_url::parse(std::string_view text) {
  server_url url;
  std::string_view rest = text;
  if (rest.starts_with("https://")) {
    url.tls = true;
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return bad_url(text);
  }
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) url.prefix = std::string(rest.substr(slash));
  while (!url.prefix.empty() && url.prefix.back() == '/') url.prefix.pop_back();
  // [v6]:port, host:port or host.
  std::string_view port;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad_url(text);
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return bad_url(text);
      port = authority.substr(close + 2);
    }
  } else {
    const auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (url.host.empty() || (!port.empty() && !all_digits(port))) return bad_url(text);
  if (authority.find(':') != std::string_view::npos && port.empty()) return bad_url(text);
  url.port = port.empty() ? (url.tls ? "443" : "80") : std::string(port);
  return url;
}

std::string server_url::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" + port + prefix;
}

}  // namespace natter::client
