#include "client/ws_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "client/asio_tokens.hpp"

namespace natter::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;

using detail::use_tuple;

ws_connection::ws_connection(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls,
                             std::chrono::seconds timeout)
    : executor_(std::move(executor)), tls_(std::move(tls)), timeout_(timeout) {}

template <class Ws>
void ws_connection::configure(Ws& ws) {
  beast::get_lowest_layer(ws).expires_never();
  websocket::stream_base::timeout t{};
  t.handshake_timeout = timeout_;
  t.idle_timeout = std::chrono::seconds(30);  // a ping at 15 s of silence, dropped at 30 s
  t.keep_alive_pings = true;
  ws.set_option(t);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::request_type& req) { req.set(beast::http::field::user_agent, "natter-client/0.1"); }));
  ws.read_message_max(max_frame_bytes);
  ws.text(true);
}

asio::awaitable<beast::error_code> ws_connection::open(const server_url& server) {
  tcp::resolver resolver(executor_);
  auto [ec, endpoints] = co_await resolver.async_resolve(server.host, server.port, use_tuple);
  if (ec) co_return ec;
  // close() may have run while this waited: there was no socket to close yet.
  if (closed_) co_return asio::error::operation_aborted;
  beast::tcp_stream stream(executor_);
  stream.expires_after(timeout_);
  auto [cec, endpoint] = co_await stream.async_connect(endpoints, use_tuple);
  if (cec) co_return cec;
  if (closed_) co_return asio::error::operation_aborted;
  const std::string target = server.prefix + "/ws";
  if (!server.tls) {
    auto& ws = ws_.emplace<plain_ws>(std::move(stream));
    configure(ws);
    auto [hec] = co_await ws.async_handshake(server.authority(), target, use_tuple);
    open_ = !hec && !closed_;
    co_return hec;
  }
  if (!tls_) co_return asio::error::no_protocol_option;
  auto& ws = ws_.emplace<tls_ws>(std::move(stream), *tls_);
  SSL_ctrl(ws.next_layer().native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
           const_cast<char*>(server.host.c_str()));  // SNI (SSL_set_tlsext_host_name, without its C cast)
  ws.next_layer().set_verify_callback(asio::ssl::host_name_verification(server.host));
  auto [tec] = co_await ws.next_layer().async_handshake(asio::ssl::stream_base::client, use_tuple);
  if (tec) co_return tec;
  configure(ws);
  auto [hec] = co_await ws.async_handshake(server.authority(), target, use_tuple);
  open_ = !hec && !closed_;
  co_return hec;
}

asio::awaitable<std::tuple<beast::error_code, std::string>> ws_connection::read() {
  auto self = shared_from_this();
  buffer_.clear();
  beast::error_code ec = asio::error::not_connected;
  if (auto* plain = std::get_if<plain_ws>(&ws_)) {
    std::tie(ec, std::ignore) = co_await plain->async_read(buffer_, use_tuple);
  } else if (auto* secure = std::get_if<tls_ws>(&ws_)) {
    std::tie(ec, std::ignore) = co_await secure->async_read(buffer_, use_tuple);
  }
  if (ec) {
    open_ = false;
    co_return std::tuple(ec, std::string());
  }
  auto text = beast::buffers_to_string(buffer_.data());
  if (observer_) observer_(false, text);
  co_return std::tuple(ec, std::move(text));
}

bool ws_connection::send(std::string frame) {
  if (!open_ || queue_.size() >= max_queued_frames) return false;
  if (observer_) observer_(true, frame);
  queue_.push_back(std::move(frame));
  if (!writing_) {
    writing_ = true;
    asio::co_spawn(executor_, write_queue(), asio::detached);
  }
  return true;
}

asio::awaitable<void> ws_connection::write_queue() {
  auto self = shared_from_this();
  while (open_ && !queue_.empty()) {
    beast::error_code ec;
    const auto buffer = asio::buffer(queue_.front());
    if (auto* plain = std::get_if<plain_ws>(&ws_)) {
      std::tie(ec, std::ignore) = co_await plain->async_write(buffer, use_tuple);
    } else if (auto* secure = std::get_if<tls_ws>(&ws_)) {
      std::tie(ec, std::ignore) = co_await secure->async_write(buffer, use_tuple);
    }
    if (ec) {
      close();
      break;
    }
    queue_.pop_front();
  }
  // The frames left behind die with the connection; the session resends what
  // must survive (its outbox) on the next one.
  if (!open_) queue_.clear();
  writing_ = false;
}

void ws_connection::close() {
  open_ = false;
  closed_ = true;
  beast::error_code ignored;
  if (auto* plain = std::get_if<plain_ws>(&ws_)) {
    beast::get_lowest_layer(*plain).socket().close(ignored);
  } else if (auto* secure = std::get_if<tls_ws>(&ws_)) {
    beast::get_lowest_layer(*secure).socket().close(ignored);
  }
}

}  // namespace natter::client
