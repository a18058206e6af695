#pragma once
// How a WebSocket session closes, and its log lines: one when it opens, one
// when it closes (who, from where, how it ended, how long, how much), with the
// close counted in the metrics. Part of websocket_session_impl.hpp; nothing a
// user wrote is logged.

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <random>
#include <string>

#include <fmt/format.h>

#include "common/log_line.hpp"
#include "realtime/websocket_session.hpp"

namespace natter::realtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

// A slow consumer that does not read our close frame within this time is
// dropped without one.
inline constexpr std::chrono::seconds close_grace{5};

// Names a connection in the log, like an HTTP request id.
inline std::string new_log_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

template <class NextLayer>
void websocket_session<NextLayer>::log_opened() const {
  log_line line("ws.session.opened");
  line.str("session", log_id_).str("remote", remote_);
  if (user_) line.num("user_id", user_->id);
  line.info();
}

// How it ended: natterd's close code, else the client's, else 1006 (the
// connection dropped or timed out without a close frame).
template <class NextLayer>
void websocket_session<NextLayer>::log_closed() {
  auto by = closed_by::server;
  std::uint16_t code = close_code_;
  std::string reason = close_reason_;
  if (code == 0) {
    const auto& peer = ws_.reason();
    by = peer.code != 0 ? closed_by::client : closed_by::none;
    code = peer.code != 0 ? static_cast<std::uint16_t>(peer.code) : std::uint16_t{1006};
    reason.clear();  // the client's words are not logged
  }
  env_.counts.closed(code, by);
  const std::chrono::duration<double, std::milli> lasted = std::chrono::steady_clock::now() - opened_at_;
  log_line line("ws.session.closed");
  line.str("session", log_id_).str("remote", remote_);
  if (user_) line.num("user_id", user_->id);
  line.num("code", code).str("by", closed_by_label(by));
  if (!reason.empty()) line.str("reason", reason);
  line.ms("duration_ms", lasted.count())
      .num("requests", static_cast<std::int64_t>(requests_read_))
      .num("events_sent", static_cast<std::int64_t>(events_sent_))
      .info();
}

template <class NextLayer>
asio::ip::tcp::socket& websocket_session<NextLayer>::socket() {
  auto& lowest = beast::get_lowest_layer(ws_);
  if constexpr (requires { lowest.socket(); }) {
    return lowest.socket();
  } else {
    return lowest;
  }
}

template <class NextLayer>
void websocket_session<NextLayer>::close_with(std::uint16_t code, std::string reason) {
  if (closing_) return;
  closing_ = true;
  close_code_ = code;
  close_reason_ = reason;
  if (code == close_slow_consumer) ws_.next_layer().discard_pending();
  const websocket::close_reason why(static_cast<websocket::close_code>(code), reason);
  ws_.async_close(why, [self = this->shared_from_this()](beast::error_code) {});
  // A peer that does not take our close frame in time is dropped.
  auto timer = std::make_shared<asio::steady_timer>(ws_.get_executor(), close_grace);
  timer->async_wait([self = this->shared_from_this(), timer](boost::system::error_code) {
    beast::error_code ignored;
    self->socket().close(ignored);
  });
}

}  // namespace natter::realtime
