#pragma once
// The address of a natterd: http://host:port or https://host:port (an
// optional path prefix is kept). WebSocket URLs follow: ws for http, wss for
// https, at <prefix>/ws.

#include <string>
#include <string_view>

#include "client/outcome.hpp"

namespace natter::client {

struct server_url {
  bool tls = false;
  std::string host;
  std::string port;    // always set: 80/443 when the URL had none
  std::string prefix;  // "" or "/something", no trailing slash

  // Errors: local BAD_URL for anything but http(s)://host[:port][/prefix].
  static outcome<server_url> parse(std::string_view text);

  // "host:port", as the Host header wants it.
  std::string authority() const { return host + ":" + port; }
  std::string to_string() const;
};

}  // namespace natter::client
