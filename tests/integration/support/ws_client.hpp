#pragma once
// A WebSocket test client speaking protocol v1 to a real natterd. Requests get
// increasing ids; events that arrive while waiting for something else are kept
// in order for later. Waits fail the test after `patience` (they wait for an
// outcome; they never measure time).

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace natter::testing {

inline constexpr std::chrono::seconds patience{15};

class ws_client {
 public:
  // Connects to /ws and reads the hello frame.
  explicit ws_client(unsigned short port, std::map<std::string, std::string> headers = {});
  ~ws_client();

  const boost::json::object& hello() const { return hello_; }

  // Sends a request (adds "id") and returns its reply.
  boost::json::object request(boost::json::object req);
  // Sends a request without waiting; returns its id, for reply().
  std::string send_request(boost::json::object req);
  // The reply to the request with this id (other replies are kept for their turn).
  boost::json::object reply(const std::string& id);
  // Sends `auth` and expects ok.
  boost::json::object auth(const std::string& token);
  // request() that expects ok / an error code.
  boost::json::object ok(boost::json::object req);
  std::string error_of(boost::json::object req);

  // The next event of this type (earlier events of other types stay queued).
  boost::json::object event(const std::string& type);
  // The next event of this type, or nothing if none came within `wait`.
  std::optional<boost::json::object> maybe_event(const std::string& type, std::chrono::milliseconds wait);
  // Every event received so far, of any type, in order; clears the queue.
  std::deque<boost::json::object> drain(std::chrono::milliseconds settle = std::chrono::milliseconds(200));

  // Raw access for bad-input tests.
  void send_text(const std::string& text);
  void send_binary(const std::string& bytes);
  // The next frame of any kind, parsed, or nothing within `wait`.
  std::optional<boost::json::object> next_frame(std::chrono::milliseconds wait);
  // Waits for the server to close; returns its close code (or 0 if the
  // connection simply dropped).
  int wait_closed();
  // Closes from this end with this code and waits for the server's answer.
  void close(std::uint16_t code = 1000);
  bool is_open() const { return open_; }
  // The size of the largest frame received so far, in bytes.
  std::size_t largest_frame() const { return largest_frame_; }

 private:
  std::optional<std::string> read_text(std::chrono::milliseconds wait);

  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  bool reading_ = false;
  bool read_done_ = false;
  boost::beast::error_code read_error_;
  bool open_ = true;
  std::size_t largest_frame_ = 0;
  int next_id_ = 1;
  boost::json::object hello_;
  std::deque<boost::json::object> events_;
  std::map<std::string, boost::json::object> replies_;  // by id, not yet asked for
};

}  // namespace natter::testing
