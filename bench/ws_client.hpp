#pragma once
// One WebSocket connection of the load generator. It speaks the protocol
// itself on a plain TCP socket (RFC 6455: masked frames out, unmasked frames
// in), so that one read takes up to read_chunk bytes (many frames per system
// call) and every frame queued while a write is in flight goes out in the
// next single write. Nothing is allocated per frame once the buffers have
// grown.
//
// Threads: a connection belongs to the io_context it was made with (its
// shard). connect(), request(), start() and stop_reading() must run on that
// io_context's thread (harness.cpp's call() and open_clients() see to it);
// send() and close() may be called from any thread (they are posted to the
// shard unless already on it); open(), dropped() and close_code() may be read
// from any thread.
//
// Writing: frames beyond max_queued waiting are dropped and counted, so an
// overloaded server shows up as missing deliveries, never as unbounded
// generator memory.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
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
  static constexpr std::size_t read_chunk = 64 * 1024;
  static constexpr std::size_t max_message = 1 << 20;

  explicit ws_client(boost::asio::io_context& io);

  // TCP connect to 127.0.0.1:port (5 s) and the WebSocket handshake on target.
  // small_receive_buffer: a 4 KiB socket receive buffer (slow consumers fill up fast).
  boost::asio::awaitable<bool> connect(std::uint16_t port, std::string target, bool small_receive_buffer = false);
  // Sends text, then reads until the reply whose "re" is id (anything else read
  // meanwhile is dropped). Only before start(). nullopt when the connection
  // failed or 10 s passed.
  boost::asio::awaitable<std::optional<std::string>> request(std::string text, std::string id);

  // Reads until the connection closes or stop_reading(), handing each message on.
  void start(frame_handler on_frame);
  // A slow consumer: no reads after the one in progress.
  void stop_reading() { reading_ = false; }
  void send(std::string_view text);
  void close();

  boost::asio::io_context::executor_type executor() const { return ex_; }
  bool open() const { return open_.load(std::memory_order_relaxed); }
  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  // Messages handed to the frame handler so far.
  std::uint64_t received() const { return received_.load(std::memory_order_relaxed); }
  // The close code the server sent (0: none seen).
  std::uint16_t close_code() const { return close_code_.load(std::memory_order_relaxed); }

 private:
  boost::asio::awaitable<void> read_loop(frame_handler on_frame);
  boost::asio::awaitable<void> write_loop();
  // Reads more bytes into the input buffer; false when the connection ended.
  boost::asio::awaitable<bool> fill();
  // The next complete data message in the input buffer (control frames are
  // handled on the way); false when more bytes are needed or it closed. The
  // view stays valid until the next fill().
  bool take_message(std::string_view& message);
  // One frame's payload: true when it completes a data message (then in
  // message); control frames are answered (ping) or end the connection (close).
  bool handle_frame(bool fin, std::uint8_t opcode, std::string_view payload, std::string_view& message);
  void append_frame(std::uint8_t opcode, std::string_view payload);
  void queue_frame(std::uint8_t opcode, std::string_view payload);
  void close_here();
  void fail();

  boost::asio::io_context::executor_type ex_;
  boost::asio::ip::tcp::socket socket_;
  std::unique_ptr<char[]> in_;
  std::size_t in_capacity_ = 0;
  std::size_t in_begin_ = 0;  // first unparsed byte
  std::size_t in_end_ = 0;    // one past the last byte read
  std::size_t in_need_ = 0;   // bytes from in_begin_ the next frame needs
  bool in_fragment_ = false;  // fragments_ holds the start of a message
  std::string fragments_;     // a fragmented message being assembled
  std::string out_;           // frames waiting for the next write
  std::string writing_;       // the frames of the write in flight
  std::size_t queued_ = 0;    // frames in out_
  std::uint32_t mask_;
  bool write_active_ = false;
  std::atomic<bool> reading_ = true;
  std::atomic<bool> open_ = false;
  std::atomic<std::uint64_t> received_ = 0;
  std::atomic<std::uint64_t> dropped_ = 0;
  std::atomic<std::uint16_t> close_code_ = 0;
};

}  // namespace natter::bench
