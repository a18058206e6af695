#pragma once
// The listener: accepts TCP connections (TLS when configured) and runs an HTTP
// session for each on its own strand. stop() stops accepting and asks every
// connection to finish its current request and close.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <optional>
#include <string>

#include "common/connection_limiter.hpp"
#include "common/connection_registry.hpp"
#include "transport/connection_refusals.hpp"
#include "transport/http_session.hpp"

namespace natter::transport {

struct tls_files {
  std::string certificate_chain;  // PEM
  std::string private_key;        // PEM
};

struct server_options {
  boost::asio::ip::tcp::endpoint listen;
  std::optional<tls_files> tls;
  http_limits limits;
  realtime::session_env* websocket = nullptr;  // null: no /ws endpoint
  std::vector<std::string> allowed_origins;
  // Open connections (HTTP and WebSocket) allowed in all and per address;
  // trusted proxies are not subject to the per-address cap.
  connection_caps caps;
  trusted_proxies proxies;
};

class server {
 public:
  // Throws std::runtime_error (with the reason) when the TLS files cannot be loaded.
  // connections: where every HTTP and WebSocket connection registers, so that
  // stop() reaches them.
  server(boost::asio::io_context& io, server_options options, http_service& service, metrics::registry& metrics,
         connection_registry& connections);

  // Binds and starts accepting. Throws boost::system::system_error when the
  // address cannot be bound: a server that cannot listen must not run.
  boost::asio::ip::tcp::endpoint start();

  // Stops accepting and asks every connection to close. Thread-safe.
  void stop();

  connection_registry& connections() { return connections_; }

 private:
  boost::asio::awaitable<void> accept_loop();
  result<connection_limiter::ticket> admit(const boost::asio::ip::address& peer);

  boost::asio::io_context& io_;
  server_options options_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  connection_registry& connections_;
  connection_limiter limiter_;
  connection_refusals refusals_;
  http_session_env env_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace natter::transport
