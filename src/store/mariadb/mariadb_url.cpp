#include "store/mariadb/mariadb_url.hpp"

#include <charconv>
#include <string>

namespace natter::store::mariadb {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view s, const char* part) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    const int high = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
    const int low = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
    if (high < 0 || low < 0) throw failure(std::string("mariadb URL: a bad percent escape in the ") + part);
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string_view without_scheme(std::string_view url) {
  for (std::string_view scheme : {"mariadb://", "mysql://"}) {
    if (url.starts_with(scheme)) return url.substr(scheme.size());
  }
  throw failure("mariadb URL: it must start with mariadb:// or mysql://");
}

}  // namespace

bool is_mariadb_url(std::string_view url) noexcept {
  return url.starts_with("mariadb://") || url.starts_with("mysql://");
}

connection_options parse_mariadb_url(std::string_view url) {
  std::string_view rest = without_scheme(url);
  if (rest.find('?') != std::string_view::npos) {
    throw failure("mariadb URL: parameters (?...) are not supported");
  }
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 == rest.size()) {
    throw failure("mariadb URL: no database (mariadb://USER:PASSWORD@HOST:PORT/DATABASE)");
  }
  connection_options o;
  o.database = percent_decoded(rest.substr(slash + 1), "database");
  std::string_view authority = rest.substr(0, slash);
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) throw failure("mariadb URL: no user (mariadb://USER:PASSWORD@HOST...)");
  const std::string_view credentials = authority.substr(0, at);
  std::string_view host_port = authority.substr(at + 1);
  const auto colon = credentials.find(':');
  o.user = percent_decoded(credentials.substr(0, colon), "user");
  if (colon != std::string_view::npos) o.password = percent_decoded(credentials.substr(colon + 1), "password");
  if (o.user.empty()) throw failure("mariadb URL: no user");
  std::string_view port;
  if (host_port.starts_with('[')) {
    const auto close = host_port.find(']');
    if (close == std::string_view::npos) throw failure("mariadb URL: an unclosed [ in the host");
    o.host = std::string(host_port.substr(1, close - 1));
    const std::string_view after = host_port.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) throw failure("mariadb URL: junk after the host");
    if (!after.empty()) port = after.substr(1);
  } else {
    const auto port_colon = host_port.rfind(':');
    o.host = std::string(host_port.substr(0, port_colon));
    if (port_colon != std::string_view::npos) port = host_port.substr(port_colon + 1);
  }
  if (o.host.empty()) throw failure("mariadb URL: no host");
  if (!port.empty()) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || ptr != port.data() + port.size() || value == 0 || value > 65535) {
      throw failure("mariadb URL: the port must be a number from 1 to 65535");
    }
    o.port = value;
  }
  return o;
}

}  // namespace natter::store::mariadb
