#pragma once
// One HTTP/1.1 connection, plain or TLS: reads requests with explicit limits
// and timeouts, hands each to the http_service, writes the answers in order.
// Everything runs on the connection's strand.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstddef>
#include <optional>

#include "common/connection_limiter.hpp"
#include "common/connection_registry.hpp"
#include "common/metrics.hpp"
#include "realtime/session_env.hpp"
#include "transport/http_service.hpp"
#include "transport/origin_check.hpp"
#include "transport/trusted_proxies.hpp"

namespace natter::transport {

struct http_limits {
  std::size_t body_limit = 64 * 1024;               // larger bodies: 413 PAYLOAD_TOO_LARGE
  std::size_t header_limit = 16 * 1024;             // larger headers: 431, connection closed
  std::chrono::seconds idle_timeout{60};            // between requests on a keep-alive connection
  std::chrono::milliseconds header_timeout{10000};  // from a request's first byte to its header's end; TLS handshake
  std::chrono::seconds request_timeout{30};         // to read one request's body or write one response
                                                    // (an upload or download: each piece of it)
  std::uint64_t upload_limit = 25 * 1024 * 1024;    // bodies of routes that stream them (uploads)
};

struct http_session_env {
  http_service& service;
  connection_registry& connections;
  metrics::registry& metrics;
  http_limits limits;
  boost::asio::ssl::context* tls = nullptr;    // null: plain HTTP
  realtime::session_env* websocket = nullptr;  // null: no WebSocket endpoint
  std::vector<std::string> allowed_origins;    // empty: same host only
  trusted_proxies proxies;                     // whose forwarding headers name the client
};

// Serves the connection until it closes. The socket's executor must be a
// strand. The ticket is the connection's place under the caps; it stays with
// the connection, and with the WebSocket it may become.
boost::asio::awaitable<void> run_http_session(boost::asio::ip::tcp::socket socket, http_session_env& env,
                                              connection_limiter::ticket ticket);

}  // namespace natter::transport
