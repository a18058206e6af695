#pragma once
// One WebSocket connection of the load generator, on a single-threaded
// io_context (no strands: every call must come from that thread).
//
// Set-up is sequential (connect, then request() for auth/sync/joins); then
// start() hands every frame to a handler. Writing: one write in flight and a
// bounded queue behind it; frames beyond max_queued are dropped and counted,
// so an overloaded server shows up as missing deliveries, never as unbounded
// generator memory.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace natter::bench {

class ws_client : public std::enable_shared_from_this<ws_client> {
 public:
  using frame_handler = std::function<void(std::string_view)>;
  static constexpr std::size_t max_queued = 1 << 16;

  explicit ws_client(boost::asio::any_io_executor ex);

  // TCP connect to 127.0.0.1:port (5 s) and the WebSocket handshake on target.
  // small_receive_buffer: a 4 KiB socket receive buffer (slow consumers fill up fast).
  boost::asio::awaitable<bool> connect(std::uint16_t port, std::string target, bool small_receive_buffer = false);
  // Sends text, then reads until the reply whose "re" is id (anything else read
  // meanwhile is dropped). Only before start(). nullopt when the connection
  // failed or 10 s passed.
  boost::asio::awaitable<std::optional<std::string>> request(std::string text, std::string id);

  // Reads until the connection closes or stop_reading(), handing each frame on.
  void start(frame_handler on_frame);
  // A slow consumer: no reads after the one in progress.
  void stop_reading() { reading_ = false; }
  void send(std::string text);
  void close();

  bool open() const { return open_; }
  bool writing() const { return writing_; }
  std::uint64_t dropped() const { return dropped_; }
  // The close code the server sent (0: none seen).
  std::uint16_t close_code() const { return close_code_; }

 private:
  boost::asio::awaitable<void> read_loop(frame_handler on_frame);
  boost::asio::awaitable<void> write_loop();
  void note_error(const boost::system::error_code& ec);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool reading_ = true;
  bool open_ = false;
  std::uint64_t dropped_ = 0;
  std::uint16_t close_code_ = 0;
};

}  // namespace natter::bench
