#pragma once
// How a WebSocket session ends (the timers that end it: no sign-in in time,
// an expired token; ended sessions, server shutdown), and its log lines: one
// when it opens, one when it closes (who, from where, how it ended, how long,
// how much), with the close counted in the metrics. Part of
// websocket_session_impl.hpp; nothing a user wrote is logged.

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <random>
#include <string>

#include <fmt/format.h>

#include "common/log_line.hpp"
#include "delivery/frame.hpp"
#include "protocol/codec.hpp"
#include "realtime/websocket_session.hpp"

namespace natter::realtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// A slow consumer that does not read our close frame within this time is
// dropped without one.
inline constexpr std::chrono::seconds close_grace{5};

// Names a connection in the log, like an HTTP request id.
inline std::string new_log_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::log_opened() const {
  log_line line("ws.session.opened");
  line.str("session", log_id_).str("remote", remote_);
  if (!Dialect::log_protocol.empty()) line.str("protocol", Dialect::log_protocol);
  if (user_) line.num("user_id", user_->id);
  line.info();
}

// How it ended: natterd's close code, else the client's, else 1006 (the
// connection dropped or timed out without a close frame).
template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::log_closed() {
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
  if (!Dialect::log_protocol.empty()) line.str("protocol", Dialect::log_protocol);
  if (user_) line.num("user_id", user_->id);
  line.num("code", code).str("by", closed_by_label(by));
  if (!reason.empty()) line.str("reason", reason);
  line.ms("duration_ms", lasted.count())
      .num("requests", static_cast<std::int64_t>(requests_read_))
      .num("events_sent", static_cast<std::int64_t>(events_sent_))
      .info();
}

template <class Dialect, class NextLayer>
asio::ip::tcp::socket& websocket_session<Dialect, NextLayer>::socket() {
  auto& lowest = beast::get_lowest_layer(ws_);
  if constexpr (requires { lowest.socket(); }) {
    return lowest.socket();
  } else {
    return lowest;
  }
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::close_with(std::uint16_t code, const std::string& reason) {
  if (closing_) return;
  closing_ = true;
  close_code_ = code;
  close_reason_ = reason;
  reader_wake_.cancel();
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

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::shutdown() {
  std::weak_ptr<websocket_session> weak = this->shared_from_this();
  asio::post(ws_.get_executor(), [weak] {
    if (auto self = weak.lock())
      self->close_with(static_cast<std::uint16_t>(websocket::close_code::going_away), "server shutting down");
  });
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::end_if_session_in(
    std::shared_ptr<const std::vector<std::string>> families) {
  asio::post(ws_.get_executor(), [self = this->shared_from_this(), families] {
    if (!self->user_ || std::find(families->begin(), families->end(), self->session_id_) == families->end()) return;
    self->end(ending::session_ended);
  });
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::recheck_session() {
  asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
    if (self->user_ && !self->closing_) asio::co_spawn(self->ws_.get_executor(), self->recheck(), asio::detached);
  });
}

template <class Dialect, class NextLayer>
asio::awaitable<void> websocket_session<Dialect, NextLayer>::recheck() {
  auto self = this->shared_from_this();
  core::access_claims claims;
  claims.user = user_->id;
  claims.session = session_id_;
  auto open = co_await env_.guard.check(claims);
  // Busy or unreachable store: keep the socket; the next recheck or auth decides.
  if (!open && open.err().code == errc::unauthorized && claims.session == session_id_) end(ending::session_ended);
}

template <class Dialect, class NextLayer>
asio::awaitable<void> websocket_session<Dialect, NextLayer>::auth_deadline() {
  auto self = this->shared_from_this();
  auth_timer_.expires_after(env_.limits.auth_timeout);
  auto [ec] = co_await auth_timer_.async_wait(use_tuple);
  if (!ec && !user_) end(ending::auth_timeout);
}

// Two waits on one timer, as plain callbacks (no coroutine frame is kept for
// the life of the token): token.expiring a minute before expiry, then the
// end. A newer authentication re-arms the timer (the old wait ends aborted)
// and bumps auth_generation_.
template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::watch_expiry() {
  const auto expires = std::chrono::system_clock::time_point(std::chrono::milliseconds(expires_at_));
  expiry_timer_.expires_after(expires - env_.limits.expiry_warning - std::chrono::system_clock::now());
  expiry_timer_.async_wait(
      [weak = this->weak_from_this(), generation = auth_generation_, expires](beast::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || generation != self->auth_generation_ || self->closing_) return;
        auto warning = delivery::make_frame(protocol::encode_event(protocol::token_expiring_event{self->expires_at_}));
        self->dialect_.push_user(*self, warning);
        self->expiry_timer_.expires_after(expires - std::chrono::system_clock::now());
        self->expiry_timer_.async_wait([weak, generation](beast::error_code expired) {
          auto again = weak.lock();
          if (!expired && again && generation == again->auth_generation_) again->end(ending::token_expired);
        });
      });
}

}  // namespace natter::realtime
