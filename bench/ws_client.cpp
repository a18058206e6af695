#include "ws_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>

namespace natter::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

ws_client::ws_client(asio::any_io_executor ex) : ws_(ex) {}

asio::awaitable<bool> ws_client::connect(std::uint16_t port, std::string target, bool small_receive_buffer) {
  auto self = shared_from_this();
  auto& tcp = beast::get_lowest_layer(ws_);
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), port);
  if (small_receive_buffer) {
    boost::system::error_code ignored;
    tcp.socket().open(asio::ip::tcp::v4(), ignored);
    tcp.socket().set_option(asio::socket_base::receive_buffer_size(4096), ignored);
  }
  tcp.expires_after(std::chrono::seconds(5));
  auto [ec] = co_await tcp.async_connect(endpoint, use_tuple);
  if (ec) co_return false;
  tcp.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  tcp.expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  ws_.read_message_max(1 << 20);
  ws_.text(true);
  const std::string host = "127.0.0.1:" + std::to_string(port);
  auto [hec] = co_await ws_.async_handshake(host, target, use_tuple);
  open_ = !hec;
  co_return open_;
}

asio::awaitable<std::optional<std::string>> ws_client::request(std::string text, std::string id) {
  auto self = shared_from_this();
  auto [wec, written] = co_await ws_.async_write(asio::buffer(text), use_tuple);
  if (wec) {
    note_error(wec);
    co_return std::nullopt;
  }
  const std::string marker = "\"re\":\"" + id + "\"";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  beast::flat_buffer buffer;
  while (std::chrono::steady_clock::now() < deadline) {
    buffer.clear();
    auto [ec, n] = co_await ws_.async_read(buffer, use_tuple);
    if (ec) {
      note_error(ec);
      co_return std::nullopt;
    }
    std::string frame(static_cast<const char*>(buffer.data().data()), buffer.size());
    if (frame.find(marker) != std::string::npos) co_return frame;
  }
  co_return std::nullopt;
}

void ws_client::start(frame_handler on_frame) {
  reading_ = true;
  asio::co_spawn(ws_.get_executor(), read_loop(std::move(on_frame)), asio::detached);
}

asio::awaitable<void> ws_client::read_loop(frame_handler on_frame) {
  auto self = shared_from_this();
  beast::flat_buffer buffer;
  while (reading_ && open_) {
    buffer.clear();
    auto [ec, n] = co_await ws_.async_read(buffer, use_tuple);
    if (ec) {
      note_error(ec);
      co_return;
    }
    on_frame(std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size()));
  }
}

void ws_client::send(std::string text) {
  if (!open_) return;
  if (queue_.size() >= max_queued) {
    ++dropped_;
    return;
  }
  queue_.push_back(std::move(text));
  if (!writing_) {
    writing_ = true;
    asio::co_spawn(ws_.get_executor(), write_loop(), asio::detached);
  }
}

asio::awaitable<void> ws_client::write_loop() {
  auto self = shared_from_this();
  while (!queue_.empty() && open_) {
    std::string text = std::move(queue_.front());
    queue_.pop_front();
    auto buffer = asio::buffer(text);
    auto [ec, n] = co_await ws_.async_write(buffer, use_tuple);
    if (ec) {
      note_error(ec);
      break;
    }
  }
  dropped_ += queue_.size();
  if (!open_) queue_.clear();
  writing_ = false;
}

void ws_client::note_error(const boost::system::error_code& ec) {
  if (ec == websocket::error::closed) close_code_ = ws_.reason().code;
  open_ = false;
}

void ws_client::close() {
  open_ = false;
  reading_ = false;
  boost::system::error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

}  // namespace natter::bench
