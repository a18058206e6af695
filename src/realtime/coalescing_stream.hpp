#pragma once
// The stream under each WebSocket session. Everything written to it — the
// session's frames and Beast's own handshake and control frames — is appended
// to one buffer, in call order, and the buffer goes out in one write as soon
// as the socket is free. A session with a backlog thus sends everything
// pending in one syscall and as few TCP segments as fit, instead of one write
// (and one wake-up of the reader) per frame; an idle session holds no buffer.
//
// Writes complete as soon as they are buffered; the session bounds the buffer
// (queued_bytes / queued_frames) and closes a slow consumer. All calls run on
// the stream's strand.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace natter::realtime {

template <class Next>
class coalescing_stream {
 public:
  using executor_type = typename Next::executor_type;
  using next_layer_type = Next;
  using done_handler = boost::asio::any_completion_handler<void(boost::system::error_code)>;

  explicit coalescing_stream(Next next) : next_(std::move(next)) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  Next& next_layer() noexcept { return next_; }
  const Next& next_layer() const noexcept { return next_; }

  // The object that keeps this stream alive while a write is in flight.
  void set_owner(std::weak_ptr<void> owner) { owner_ = std::move(owner); }
  // Called (on the strand) whenever a write ended, well or not: queued_bytes()
  // went down, or the stream failed.
  void set_on_written(std::function<void()> on_written) { on_written_ = std::move(on_written); }

  // What was accepted but has not yet been taken by the socket.
  std::size_t queued_bytes() const { return pending_.size() + in_flight_.size(); }
  std::size_t queued_frames() const { return pending_frames_ + in_flight_frames_; }

  // Appends one final, unmasked text frame (a server's frame, RFC 6455 5.2).
  void append_text_frame(std::string_view payload) {
    if (failed_) return;
    char header[10];
    std::size_t size = 2;
    header[0] = static_cast<char>(0x81);  // FIN, text
    const std::uint64_t n = payload.size();
    if (n < 126) {
      header[1] = static_cast<char>(n);
    } else if (n <= 0xffff) {
      header[1] = 126;
      for (int i = 0; i < 2; ++i) header[2 + i] = static_cast<char>(n >> (8 * (1 - i)));
      size = 4;
    } else {
      header[1] = 127;
      for (int i = 0; i < 8; ++i) header[2 + i] = static_cast<char>(n >> (8 * (7 - i)));
      size = 10;
    }
    pending_.append(header, size).append(payload);
    ++pending_frames_;
    if (!held_) flush();
  }

  // Between hold() and release(), frames appended with append_text_frame wait
  // in the buffer even when the socket is free; release() sends them in one
  // write. For a burst appended in one go (an inbox drain): one write instead
  // of a write for the first frame and another for the rest. Beast's own
  // writes are never held (they flush whatever is pending with them).
  void hold() { held_ = true; }
  void release() {
    held_ = false;
    flush();
  }

  // Drops what has not started to go out (a slow consumer being closed).
  void discard_pending() {
    pending_ = std::string();
    pending_frames_ = 0;
  }

  // Runs done once everything appended so far has been written (or failed).
  void after_flush(done_handler done) {
    flush();  // anything held goes out before the teardown
    if (!flushing_) {
      std::move(done)(failed_ ? boost::system::error_code(boost::asio::error::broken_pipe)
                              : boost::system::error_code());
      return;
    }
    after_flush_.emplace(std::move(done));
  }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return next_.async_read_some(buffers, std::forward<Token>(token));
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& data) {
          std::size_t n = 0;
          if (!failed_) {
            for (auto b : boost::beast::buffers_range_ref(data)) {
              pending_.append(static_cast<const char*>(b.data()), b.size());
              n += b.size();
            }
            flush();
          }
          boost::system::error_code ec;
          if (failed_) ec = boost::asio::error::broken_pipe;
          boost::asio::post(get_executor(), boost::beast::bind_front_handler(std::move(handler), ec, n));
        },
        token, buffers);
  }

 private:
  void flush() {
    if (flushing_ || pending_.empty()) return;
    auto owner = owner_.lock();
    if (!owner) return;
    std::swap(pending_, in_flight_);
    in_flight_frames_ = pending_frames_;
    pending_frames_ = 0;
    flushing_ = true;
    boost::asio::async_write(
        next_, boost::asio::buffer(in_flight_),
        [this, owner = std::move(owner)](boost::system::error_code ec, std::size_t) { on_flushed(ec); });
  }

  void on_flushed(boost::system::error_code ec) {
    flushing_ = false;
    in_flight_frames_ = 0;
    if (ec) {
      failed_ = true;
      discard_pending();
    }
    if (pending_.empty()) {
      in_flight_ = std::string();  // idle: hold no buffer (pending_ may be
      pending_ = std::string();    // an earlier in_flight_'s capacity)
      if (on_written_) on_written_();
      if (after_flush_) {
        auto done = std::move(*after_flush_);
        after_flush_.reset();
        std::move(done)(ec);
      }
      return;
    }
    in_flight_.clear();
    flush();
    if (on_written_) on_written_();
  }

  Next next_;
  std::weak_ptr<void> owner_;
  std::string pending_;    // appended, waiting for the socket
  std::string in_flight_;  // being written
  std::size_t pending_frames_ = 0;
  std::size_t in_flight_frames_ = 0;
  bool flushing_ = false;
  bool held_ = false;
  bool failed_ = false;
  std::optional<done_handler> after_flush_;
  std::function<void()> on_written_;
};

// Closing the WebSocket: what was written before the close frame goes out
// first, then the next layer is torn down as usual.
template <class Next, class Handler>
void async_teardown(boost::beast::role_type role, coalescing_stream<Next>& stream, Handler&& handler) {
  stream.after_flush([role, &stream, h = std::forward<Handler>(handler)](boost::system::error_code) mutable {
    using boost::beast::websocket::async_teardown;
    async_teardown(role, stream.next_layer(), std::move(h));
  });
}

template <class Next>
void teardown(boost::beast::role_type role, coalescing_stream<Next>& stream, boost::system::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, stream.next_layer(), ec);
}

}  // namespace natter::realtime
