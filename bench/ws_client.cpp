#include "ws_client.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstring>

namespace natter::bench {

namespace asio = boost::asio;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

std::uint32_t next_mask() {
  static std::atomic<std::uint32_t> counter{0x9e3779b9u};
  return counter.fetch_add(0x7f4a7c15u, std::memory_order_relaxed) | 1u;
}

std::uint64_t big_endian(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

ws_client::ws_client(asio::io_context& io) : ex_(io.get_executor()), socket_(io), mask_(next_mask()) {}

asio::awaitable<bool> ws_client::connect(std::uint16_t port, std::string target, bool small_receive_buffer) {
  auto self = shared_from_this();
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), port);
  boost::system::error_code ignored;
  if (small_receive_buffer) {
    socket_.open(asio::ip::tcp::v4(), ignored);
    socket_.set_option(asio::socket_base::receive_buffer_size(4096), ignored);
  }
  // The whole set-up within 5 s: the timer closes a socket that hangs.
  auto deadline = std::make_shared<asio::steady_timer>(ex_, std::chrono::seconds(5));
  deadline->async_wait([self](boost::system::error_code ec) {
    if (!ec) self->fail();
  });
  auto [ec] = co_await socket_.async_connect(endpoint, use_tuple);
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  std::string hello = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: bmF0dGVyLWJlbmNoLWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  if (!ec) std::tie(ec, std::ignore) = co_await asio::async_write(socket_, asio::buffer(hello), use_tuple);
  open_ = !ec;
  std::size_t header_end = std::string_view::npos;
  while (open() && header_end == std::string_view::npos) {
    if (!co_await fill()) break;
    header_end = std::string_view(in_.get(), in_end_).find("\r\n\r\n");
  }
  deadline->cancel();
  if (header_end == std::string_view::npos || !std::string_view(in_.get(), in_end_).starts_with("HTTP/1.1 101")) {
    fail();
    co_return false;
  }
  in_begin_ = header_end + 4;  // frames the server sent at once stay in the buffer
  co_return true;
}

asio::awaitable<std::optional<std::string>> ws_client::request(std::string text, std::string id) {
  auto self = shared_from_this();
  if (!open()) co_return std::nullopt;
  std::string frame;
  std::swap(frame, out_);
  append_frame(0x1, text);
  std::swap(frame, out_);
  auto [wec, written] = co_await asio::async_write(socket_, asio::buffer(frame), use_tuple);
  if (wec) {
    fail();
    co_return std::nullopt;
  }
  const std::string marker = "\"re\":\"" + id + "\"";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string_view message;
    while (take_message(message)) {
      if (message.find(marker) != std::string_view::npos) co_return std::string(message);
    }
    if (!co_await fill()) co_return std::nullopt;
  }
  co_return std::nullopt;
}

void ws_client::start(frame_handler on_frame) {
  reading_ = true;
  asio::co_spawn(ex_, read_loop(std::move(on_frame)), asio::detached);
}

asio::awaitable<void> ws_client::read_loop(frame_handler on_frame) {
  auto self = shared_from_this();
  while (reading_ && open()) {
    std::string_view message;
    while (reading_ && take_message(message)) {
      on_frame(message);
      received_.store(received_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }
    if (!reading_ || !co_await fill()) break;
  }
}

asio::awaitable<bool> ws_client::fill() {
  if (in_begin_ == in_end_) {
    in_begin_ = in_end_ = 0;
  } else if (in_capacity_ - in_end_ < in_capacity_ / 4 || in_begin_ + in_need_ > in_capacity_) {
    std::memmove(in_.get(), in_.get() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  if (in_end_ == in_capacity_ || in_need_ > in_capacity_) {
    const std::size_t capacity = std::max({read_chunk, in_capacity_ * 2, in_need_});
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    if (in_end_ > 0) std::memcpy(bigger.get(), in_.get(), in_end_);
    in_ = std::move(bigger);
    in_capacity_ = capacity;
  }
  auto [ec, n] = co_await socket_.async_read_some(asio::buffer(in_.get() + in_end_, in_capacity_ - in_end_), use_tuple);
  if (ec) {
    fail();
    co_return false;
  }
  in_end_ += n;
  co_return true;
}

bool ws_client::take_message(std::string_view& message) {
  while (open()) {
    const auto* p = reinterpret_cast<const unsigned char*>(in_.get() + in_begin_);
    const std::size_t available = in_end_ - in_begin_;
    in_need_ = 2;
    if (available < 2) return false;
    std::uint64_t length = p[1] & 0x7f;
    std::size_t header = 2;
    if (length >= 126) {
      header = length == 126 ? 4 : 10;
      in_need_ = header;
      if (available < header) return false;
      length = big_endian(p + 2, length == 126 ? 2 : 8);
    }
    if ((p[1] & 0x80) != 0 || length > max_message) {  // servers never mask; too big
      fail();
      return false;
    }
    in_need_ = header + static_cast<std::size_t>(length);
    if (available < in_need_) return false;
    const std::string_view payload(in_.get() + in_begin_ + header, static_cast<std::size_t>(length));
    in_begin_ += in_need_;
    in_need_ = 2;
    if (handle_frame((p[0] & 0x80) != 0, p[0] & 0x0f, payload, message)) return true;
  }
  return false;
}

bool ws_client::handle_frame(bool fin, std::uint8_t opcode, std::string_view payload, std::string_view& message) {
  switch (opcode) {
    case 0x1:
    case 0x2:
      if (fin) {
        message = payload;
        return true;
      }
      fragments_.assign(payload);
      in_fragment_ = true;
      return false;
    case 0x0:
      if (!in_fragment_ || fragments_.size() + payload.size() > max_message) break;
      fragments_.append(payload);
      if (!fin) return false;
      in_fragment_ = false;
      message = fragments_;
      return true;
    case 0x8: {
      const auto* code = reinterpret_cast<const unsigned char*>(payload.data());
      if (payload.size() >= 2) close_code_ = static_cast<std::uint16_t>(big_endian(code, 2));
      break;
    }
    case 0x9:
      queue_frame(0xA, payload);
      return false;
    case 0xA:
      return false;
    default:
      break;
  }
  fail();  // a close, or a frame no server sends
  return false;
}

void ws_client::append_frame(std::uint8_t opcode, std::string_view payload) {
  unsigned char header[14];
  std::size_t size = 2;
  header[0] = static_cast<unsigned char>(0x80 | opcode);
  if (payload.size() < 126) {
    header[1] = static_cast<unsigned char>(0x80 | payload.size());
  } else if (payload.size() <= 0xffff) {
    header[1] = 0x80 | 126;
    header[2] = static_cast<unsigned char>(payload.size() >> 8);
    header[3] = static_cast<unsigned char>(payload.size());
    size = 4;
  } else {
    header[1] = 0x80 | 127;
    for (int i = 0; i < 8; ++i)
      header[2 + i] = static_cast<unsigned char>(std::uint64_t{payload.size()} >> (56 - 8 * i));
    size = 10;
  }
  unsigned char key[4];
  std::memcpy(key, &mask_, 4);
  std::memcpy(header + size, key, 4);
  size += 4;
  const std::size_t at = out_.size();
  out_.resize(at + size + payload.size());
  char* dst = out_.data() + at;
  std::memcpy(dst, header, size);
  dst += size;
  for (std::size_t i = 0; i < payload.size(); ++i) dst[i] = static_cast<char>(payload[i] ^ key[i & 3]);
}

void ws_client::send(std::string_view text) {
  if (ex_.running_in_this_thread()) {
    queue_frame(0x1, text);
    return;
  }
  asio::post(ex_, [self = shared_from_this(), copy = std::string(text)] { self->queue_frame(0x1, copy); });
}

void ws_client::queue_frame(std::uint8_t opcode, std::string_view payload) {
  if (!open()) return;
  if (queued_ >= max_queued) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  append_frame(opcode, payload);
  ++queued_;
  if (!write_active_) {
    write_active_ = true;
    asio::co_spawn(ex_, write_loop(), asio::detached);
  }
}

asio::awaitable<void> ws_client::write_loop() {
  auto self = shared_from_this();
  while (!out_.empty() && open()) {
    writing_.swap(out_);
    out_.clear();
    queued_ = 0;
    auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(writing_), use_tuple);
    writing_.clear();
    if (ec) {
      fail();
      break;
    }
  }
  dropped_.fetch_add(queued_, std::memory_order_relaxed);
  out_.clear();
  queued_ = 0;
  write_active_ = false;
}

void ws_client::fail() {
  open_ = false;
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void ws_client::close() {
  if (!ex_.running_in_this_thread()) {
    asio::post(ex_, [self = shared_from_this()] { self->close_here(); });
    return;
  }
  close_here();
}

void ws_client::close_here() {
  reading_ = false;
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  fail();
}

}  // namespace natter::bench
