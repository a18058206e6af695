// The TLS flavour of an HTTP session (see http_connection.hpp).
#include <boost/beast/ssl/ssl_stream.hpp>

#include "transport/http_connection.hpp"

namespace natter::transport::detail {

asio::awaitable<void> run_tls(tcp::socket socket, http_session_env& env, asio::ip::address peer,
                              connection_limiter::ticket ticket) {
  auto c = std::make_shared<connection<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), *env.tls);
  c->ticket = std::move(ticket);
  registration reg{env.connections, register_connection(c, env.connections)};
  beast::get_lowest_layer(c->stream).expires_after(env.limits.header_timeout);
  auto [ec] = co_await c->stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
  if (!ec) {
    co_await serve(*c, env, peer, true);
    if (!c->upgraded) {
      beast::get_lowest_layer(c->stream).expires_after(std::chrono::seconds(2));
      co_await c->stream.async_shutdown(use_tuple);
    }
  }
}

}  // namespace natter::transport::detail
