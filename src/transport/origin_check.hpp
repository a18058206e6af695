#pragma once
// The WebSocket Origin check: a browser page may open /ws only from an origin
// natterd trusts. Origins are compared as (scheme, host, port), exactly, with
// the scheme's default port filled in: http://chat.example is not
// https://chat.example, and https://chat.example:443 is https://chat.example.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transport/http_types.hpp"

namespace natter::transport {

struct web_origin {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // lower case; an IPv6 address keeps its brackets
  unsigned port = 0;   // the scheme's default when the origin names none

  bool operator==(const web_origin&) const = default;
};

// "scheme://host[:port]" with scheme http or https, or nothing (a path, user
// info, "null", another scheme, a bad port).
std::optional<web_origin> parse_origin(std::string_view text);

// Whether a WebSocket upgrade from this request's Origin may proceed: no
// Origin (not a browser), one of `allowed`, or, when allowed is empty, the
// scheme this connection speaks (https when `secure`) with the same host and
// port as the request's Host header.
bool origin_allowed(const request& req, const std::vector<std::string>& allowed, bool secure);

}  // namespace natter::transport
