#pragma once
// How http_api reaches natterd, shared by its JSON calls (http_api.cpp) and
// its file transfers (http_api_upload.cpp, http_api_download.cpp): resolve,
// connect, TLS (SNI and host name verification), then the caller's exchange
// on the stream; and the blocking face of it all, a private io_context run
// on the calling thread. Internal to the client library.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "client/asio_tokens.hpp"
#include "client/http_api.hpp"
#include "client/outcome.hpp"
#include "client/server_url.hpp"

namespace natter::client::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;

// How much of a file one read or write moves during an upload or download.
inline constexpr std::size_t transfer_piece_bytes = 64 * 1024;

// The connection failure for a failed step ("write: Broken pipe").
failure dropped(const beast::error_code& ec, std::string_view what);
// The failure an error answer stands for: the server's {"error": {"code",
// "message"}}, or HTTP_<status> when the body is not one.
failure refusal(const http_api::response& r);

void set_server_name(SSL* ssl, const std::string& host);

// Connects to `server` (TLS when its URL says https) within `timeout` and
// co_awaits exchange(stream), where stream is a beast::tcp_stream or a
// beast::ssl_stream<beast::tcp_stream> and the result an
// asio::awaitable<outcome<T>>. The stream is closed when this returns.
// Errors: connection, when the server cannot be reached.
template <class T, class Exchange>
asio::awaitable<outcome<T>> with_connection(server_url server, std::shared_ptr<asio::ssl::context> tls,
                                            std::chrono::seconds timeout, Exchange exchange) {
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(executor);
  auto [ec, endpoints] = co_await resolver.async_resolve(server.host, server.port, use_tuple);
  if (ec) co_return dropped(ec, "resolve " + server.host);
  beast::tcp_stream tcp_stream(executor);
  tcp_stream.expires_after(timeout);
  auto [cec, endpoint] = co_await tcp_stream.async_connect(endpoints, use_tuple);
  if (cec) co_return dropped(cec, "connect to " + server.authority());
  if (!server.tls) co_return co_await exchange(tcp_stream);
  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), *tls);
  set_server_name(stream.native_handle(), server.host);
  stream.set_verify_callback(asio::ssl::host_name_verification(server.host));
  auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
  if (hec) co_return dropped(hec, "TLS handshake");
  co_return co_await exchange(stream);
}

// Runs `work` to its end on a private io_context on this thread.
template <class T>
outcome<T> run_blocking(asio::awaitable<outcome<T>> work) {
  asio::io_context io;
  std::optional<outcome<T>> out;
  // co_spawn wants a default-constructible result: an optional around it.
  auto wrapped = [](asio::awaitable<outcome<T>> w) -> asio::awaitable<std::optional<outcome<T>>> {
    auto got = co_await std::move(w);
    co_return std::optional<outcome<T>>(std::move(got));
  };
  auto store = [&out](std::exception_ptr e, std::optional<outcome<T>> r) {
    if (!e && r) out = std::move(r);
  };
  asio::co_spawn(io, wrapped(std::move(work)), std::move(store));
  io.run();
  return out ? std::move(*out) : outcome<T>(failure::connection("no answer"));
}

}  // namespace natter::client::detail
