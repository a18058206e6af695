#pragma once
// One WebSocket connection to natterd's /ws, plain (ws) or TLS (wss): opens,
// reads whole text frames, and writes from a bounded queue with one write in
// flight. Beast's keep-alive pings find dead peers.
// Thread: every member must be called on the executor it was made with (the
// session's one I/O thread). Held by shared_ptr: pending operations keep it
// alive.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>

#include "client/server_url.hpp"

namespace natter::client {

class ws_connection : public std::enable_shared_from_this<ws_connection> {
 public:
  // Frames waiting to be written; beyond that send() refuses. 1024 matches
  // the server's own outbound queue.
  static constexpr std::size_t max_queued_frames = 1024;
  static constexpr std::size_t max_frame_bytes = 1 << 20;

  ws_connection(boost::asio::any_io_executor executor, std::shared_ptr<boost::asio::ssl::context> tls,
                std::chrono::seconds timeout);

  // Resolves, connects, does TLS when the URL says https, and upgrades.
  boost::asio::awaitable<boost::beast::error_code> open(const server_url& server);
  // The next whole text frame.
  boost::asio::awaitable<std::tuple<boost::beast::error_code, std::string>> read();
  // Queues a frame; false when the queue is full or the connection closed.
  bool send(std::string frame);
  // Ends the connection at once; pending reads complete with an error.
  void close();
  // Shows every text frame sent (outgoing true, when queued) and read to
  // `observer` (session_options::frame_observer).
  void observe_frames(std::function<void(bool outgoing, std::string_view frame)> observer) {
    observer_ = std::move(observer);
  }
  bool is_open() const { return open_; }

 private:
  using plain_ws = boost::beast::websocket::stream<boost::beast::tcp_stream>;
  using tls_ws = boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

  boost::asio::awaitable<void> write_queue();
  template <class Ws>
  void configure(Ws& ws);

  boost::asio::any_io_executor executor_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::chrono::seconds timeout_;
  std::function<void(bool, std::string_view)> observer_;
  std::variant<std::monostate, plain_ws, tls_ws> ws_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool open_ = false;
  bool closed_ = false;  // close() ran: an open() under way gives up
};

}  // namespace natter::client
