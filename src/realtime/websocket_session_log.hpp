#pragma once
// The log lines of a WebSocket session: one when it opens, one when it closes
// (who, from where, how it ended, how long, how much). Part of
// websocket_session_impl.hpp; nothing a user wrote is logged.

#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <random>
#include <string>

#include <fmt/format.h>

#include "common/log_line.hpp"
#include "realtime/websocket_session.hpp"

namespace natter::realtime {

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

}  // namespace natter::realtime
