#include "transport/connection_refusals.hpp"

#include <spdlog/spdlog.h>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/write.hpp>
#include <sstream>

#include "api/http.hpp"
#include "transport/security_headers.hpp"

namespace natter::transport {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

constexpr std::chrono::seconds answer_timeout{1};
constexpr std::size_t drain_bytes = 64 * 1024;
constexpr std::chrono::seconds log_every{10};

std::string wire_answer(const error& why) {
  auto res = api::error_response(why);
  add_security_headers(res, false);
  res.keep_alive(false);
  std::ostringstream out;
  out << res;
  return std::move(out).str();
}

// Decrements a counter however the coroutine ends.
// Shares the count with the coroutine frame: a frame still queued when the
// server is destroyed is destroyed later, with the io_context.
struct in_progress {
  std::shared_ptr<std::atomic<int>> count;
  ~in_progress() { --*count; }
};

}  // namespace

connection_refusals::connection_refusals(metrics::registry& metrics, bool tls)
    : metrics_(metrics), tls_(tls), too_many_connections_(wire_answer(errc::too_many_connections)) {
  error busy(errc::busy, "The server holds as many connections as it allows; retry later.");
  busy.retry_after = std::chrono::seconds(5);
  busy_ = wire_answer(busy);
}

void connection_refusals::refuse(tcp::socket socket, const error& why) {
  note(why);
  if (tls_ || *answering_ >= max_answering) {
    boost::system::error_code ignored;
    socket.close(ignored);
    return;
  }
  ++*answering_;
  const std::string& bytes = why.code == errc::busy ? busy_ : too_many_connections_;
  auto executor = socket.get_executor();
  asio::co_spawn(executor, answer(std::move(socket), bytes), asio::detached);
}

// Writes the answer, then reads (and drops) what the client sends until it
// closes, so that closing does not reset the connection before the client
// has read the answer.
asio::awaitable<void> connection_refusals::answer(tcp::socket socket, const std::string& bytes) {
  const in_progress done{answering_};
  beast::tcp_stream stream(std::move(socket));
  stream.expires_after(answer_timeout);
  auto [ec, n] = co_await asio::async_write(stream, asio::buffer(bytes), use_tuple);
  if (!ec) {
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 4096> sink{};
    for (std::size_t drained = 0; !ec && drained < drain_bytes; drained += n) {
      std::tie(ec, n) = co_await stream.async_read_some(asio::buffer(sink), use_tuple);
    }
  }
  stream.socket().close(ec);
}

void connection_refusals::note(const error& why) {
  const bool per_address = why.code == errc::too_many_connections;
  metrics_.connections_refused.with(per_address ? R"(reason="per_address")" : R"(reason="total")").inc();
  std::lock_guard lock(log_mutex_);
  ++unlogged_;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_log_ < log_every) return;
  spdlog::warn("connections refused by the connection caps: {} since the last report (latest: {})", unlogged_,
               per_address ? "an address over --max-connections-per-address" : "over --max-connections");
  unlogged_ = 0;
  last_log_ = now;
}

}  // namespace natter::transport
