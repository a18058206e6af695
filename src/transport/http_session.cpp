#include "transport/http_session.hpp"

#include <array>

#include "transport/http_connection.hpp"

namespace natter::transport {

namespace detail {
namespace {

// Closes a plain connection without losing the last response: a peer still
// sending (an oversized body) would otherwise get a reset instead of it.
asio::awaitable<void> close_gently(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, 16 * 1024> sink{};
  for (std::size_t drained = 0; drained < 4 * 1024 * 1024;) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), use_tuple);
    if (ec) break;
    drained += n;
  }
  stream.socket().close(ignored);
}

}  // namespace

asio::awaitable<void> run_plain(tcp::socket socket, http_session_env& env, asio::ip::address peer,
                                connection_limiter::ticket ticket) {
  auto c = std::make_shared<connection<beast::tcp_stream>>(std::move(socket));
  c->ticket = std::move(ticket);
  registration reg{env.connections, register_connection(c, env.connections)};
  co_await serve(*c, env, peer, false);
  if (!c->upgraded) co_await close_gently(c->stream);
}

}  // namespace detail

namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::asio::ip::tcp;

asio::awaitable<void> run_http_session(tcp::socket socket, http_session_env& env, connection_limiter::ticket ticket) {
  beast::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  if (ec) co_return;  // already gone
  env.metrics.http_connections.add(1);
  if (env.tls) {
    co_await detail::run_tls(std::move(socket), env, unmapped(peer.address()), std::move(ticket));
  } else {
    co_await detail::run_plain(std::move(socket), env, unmapped(peer.address()), std::move(ticket));
  }
  env.metrics.http_connections.add(-1);
}

}  // namespace natter::transport
