#pragma once
// How a STOMP session ends: ERROR frames, the timers that end it (no CONNECT
// in time, an expired token, heart-beats missed), ended sessions, server
// shutdown, and its log lines (those of websocket_session, with
// "protocol":"stomp"). Part of stomp_session_impl.hpp.

#include "realtime/stomp_session.hpp"
#include "realtime/websocket_session_impl.hpp"

namespace natter::realtime {

template <class NextLayer>
void stomp_session<NextLayer>::fail(const error& e, const std::string* receipt, std::uint16_t code) {
  if (closing_) return;
  if (code == 0) {
    code = static_cast<std::uint16_t>(websocket::close_code::normal);
    if (e.code == errc::unauthorized || e.code == errc::token_expired) code = close_unauthorized;
    if (e.code == errc::too_many_connections) code = close_too_many_connections;
  }
  if (ws_.is_open()) ws_.next_layer().append_text_frame(stomp_wire::error_frame(e, receipt));
  close_with(code, std::string(info(e.code).code));
}

template <class NextLayer>
void stomp_session<NextLayer>::close_with(std::uint16_t code, const std::string& reason) {
  if (closing_) return;
  closing_ = true;
  close_code_ = code;
  close_reason_ = reason;
  reader_wake_.cancel();
  if (code == close_slow_consumer) ws_.next_layer().discard_pending();
  const websocket::close_reason why(static_cast<websocket::close_code>(code), reason);
  ws_.async_close(why, [self = this->shared_from_this()](beast::error_code) {});
  auto timer = std::make_shared<asio::steady_timer>(ws_.get_executor(), close_grace);
  timer->async_wait([self = this->shared_from_this(), timer](boost::system::error_code) {
    beast::error_code ignored;
    self->socket().close(ignored);
  });
}

template <class NextLayer>
asio::ip::tcp::socket& stomp_session<NextLayer>::socket() {
  auto& lowest = beast::get_lowest_layer(ws_);
  if constexpr (requires { lowest.socket(); }) {
    return lowest.socket();
  } else {
    return lowest;
  }
}

template <class NextLayer>
void stomp_session<NextLayer>::shutdown() {
  std::weak_ptr<stomp_session> weak = this->shared_from_this();
  asio::post(ws_.get_executor(), [weak] {
    if (auto self = weak.lock())
      self->close_with(static_cast<std::uint16_t>(websocket::close_code::going_away), "server shutting down");
  });
}

template <class NextLayer>
void stomp_session<NextLayer>::end_if_session_in(std::shared_ptr<const std::vector<std::string>> families) {
  asio::post(ws_.get_executor(), [self = this->shared_from_this(), families] {
    if (!self->user_ || std::find(families->begin(), families->end(), self->session_id_) == families->end()) return;
    self->fail(error(errc::unauthorized, "session ended"), nullptr, close_session_ended);
  });
}

template <class NextLayer>
void stomp_session<NextLayer>::recheck_session() {
  asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
    if (self->user_ && !self->closing_) asio::co_spawn(self->ws_.get_executor(), self->recheck(), asio::detached);
  });
}

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::recheck() {
  auto self = this->shared_from_this();
  core::access_claims claims;
  claims.user = user_->id;
  claims.session = session_id_;
  auto open = co_await env_.guard.check(claims);
  // Busy or unreachable store: keep the connection; the next recheck decides.
  if (!open && open.err().code == errc::unauthorized && claims.session == session_id_) {
    fail(error(errc::unauthorized, "session ended"), nullptr, close_session_ended);
  }
}

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::auth_deadline() {
  auto self = this->shared_from_this();
  auth_timer_.expires_after(env_.limits.auth_timeout);
  auto [ec] = co_await auth_timer_.async_wait(use_tuple);
  if (!ec && !user_) fail(error(errc::unauthorized, "No CONNECT in time."));
}

// Server heart-beats: an EOL every interval, whatever else went out (a frame
// in the queue is not yet on the wire, and a gap may not exceed the interval).
template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::beat() {
  auto self = this->shared_from_this();
  for (;;) {
    beat_timer_.expires_after(beats_.send_every);
    auto [ec] = co_await beat_timer_.async_wait(use_tuple);
    if (ec || closing_ || ended_) co_return;
    enqueue("\n");
  }
}

// Client heart-beats: anything read counts; silence beyond twice the
// client's interval closes the connection (checked every half interval).
template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::listen_for_beats() {
  auto self = this->shared_from_this();
  for (;;) {
    listen_timer_.expires_after(beats_.expect_every / 2);
    auto [ec] = co_await listen_timer_.async_wait(use_tuple);
    if (ec || closing_ || ended_) co_return;
    if (std::chrono::steady_clock::now() - last_heard_ > 2 * beats_.expect_every) {
      close_with(stomp_wire::close_heart_beat_missed, "heart-beats missed");
      co_return;
    }
  }
}

// As websocket_session::watch_expiry: token.expiring a minute before, then
// ERROR TOKEN_EXPIRED.
template <class NextLayer>
void stomp_session<NextLayer>::watch_expiry() {
  const auto expires = std::chrono::system_clock::time_point(std::chrono::milliseconds(expires_at_));
  expiry_timer_.expires_after(expires - env_.limits.expiry_warning - std::chrono::system_clock::now());
  expiry_timer_.async_wait(
      [weak = this->weak_from_this(), generation = auth_generation_, expires](beast::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || generation != self->auth_generation_ || self->closing_) return;
        auto warning = delivery::make_frame(protocol::encode_event(protocol::token_expiring_event{self->expires_at_}));
        self->fan_out(0, 0, warning, true);
        self->expiry_timer_.expires_after(expires - std::chrono::system_clock::now());
        self->expiry_timer_.async_wait([weak, generation](beast::error_code expired) {
          auto again = weak.lock();
          if (!expired && again && generation == again->auth_generation_) again->fail(error(errc::token_expired));
        });
      });
}

template <class NextLayer>
void stomp_session<NextLayer>::log_opened() const {
  log_line line("ws.session.opened");
  line.str("session", log_id_).str("remote", remote_).str("protocol", "stomp");
  line.info();
}

template <class NextLayer>
void stomp_session<NextLayer>::log_closed() {
  auto by = closed_by::server;
  std::uint16_t code = close_code_;
  std::string reason = close_reason_;
  if (code == 0) {
    const auto& peer = ws_.reason();
    by = peer.code != 0 ? closed_by::client : closed_by::none;
    code = peer.code != 0 ? static_cast<std::uint16_t>(peer.code) : std::uint16_t{1006};
    reason.clear();
  }
  env_.counts.closed(code, by);
  const std::chrono::duration<double, std::milli> lasted = std::chrono::steady_clock::now() - opened_at_;
  log_line line("ws.session.closed");
  line.str("session", log_id_).str("remote", remote_).str("protocol", "stomp");
  if (user_) line.num("user_id", user_->id);
  line.num("code", code).str("by", closed_by_label(by));
  if (!reason.empty()) line.str("reason", reason);
  line.ms("duration_ms", lasted.count())
      .num("requests", static_cast<std::int64_t>(requests_read_))
      .num("events_sent", static_cast<std::int64_t>(events_sent_))
      .info();
}

}  // namespace natter::realtime
