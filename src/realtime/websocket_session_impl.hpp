#pragma once
// The definitions of websocket_session, included with a dialect by the
// translation units that instantiate it (websocket_session_tcp/tls.cpp for
// the JSON protocol, stomp_session_tcp/tls.cpp for STOMP): the connection,
// reading and requests. websocket_session_delivery.hpp holds what goes out,
// websocket_session_close.hpp how it ends.

#include "realtime/websocket_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "common/log_line.hpp"
#include "protocol/codec.hpp"
#include "realtime/websocket_session_close.hpp"
#include "realtime/websocket_session_delivery.hpp"

namespace natter::realtime {

inline constexpr const char* too_many_sessions = "You have as many connections open as allowed; close one first.";

// Live events a session's inbox holds before it counts as a slow consumer
// (close 4008): what its gate may hold during a sync plus what its outbound
// queue may take. A drain runs each turn of the strand, so only a session
// whose strand is that far behind gets there.
inline std::size_t inbox_limit(const session_limits& limits) {
  return limits.sync_buffer + limits.outbound_frames;
}

template <class Dialect, class NextLayer>
websocket_session<Dialect, NextLayer>::websocket_session(NextLayer stream, session_env& env, std::string remote,
                                                         connection_limiter::ticket ticket)
    : ws_(std::move(stream)),
      env_(env),
      remote_(std::move(remote)),
      ticket_(std::move(ticket)),
      gate_(env.limits.sync_buffer),
      inbox_(inbox_limit(env.limits)),
      reader_wake_(ws_.get_executor()),
      room_wake_(ws_.get_executor(), asio::steady_timer::time_point::max()),
      auth_timer_(ws_.get_executor()),
      expiry_timer_(ws_.get_executor()),
      dialect_(ws_.get_executor(), env) {}

template <class Dialect, class NextLayer>
websocket_session<Dialect, NextLayer>::~websocket_session() = default;

template <class Dialect, class NextLayer>
void start_on(NextLayer stream, upgrade_request upgrade, session_env& env, std::string remote,
              connection_limiter::ticket ticket, std::optional<upgrade_identity> identity) {
  auto session = std::make_shared<websocket_session<Dialect, NextLayer>>(std::move(stream), env, std::move(remote),
                                                                         std::move(ticket));
  auto executor = session->executor();
  auto run = session->run(std::move(upgrade), std::move(identity));
  asio::co_spawn(executor, std::move(run), asio::detached);
}

template <class Dialect>
void start_session(beast::tcp_stream stream, upgrade_request upgrade, session_env& env, std::string remote,
                   connection_limiter::ticket ticket, std::optional<upgrade_identity> identity) {
  start_on<Dialect>(stream.release_socket(), std::move(upgrade), env, std::move(remote), std::move(ticket),
                    std::move(identity));
}

template <class Dialect>
void start_session(beast::ssl_stream<beast::tcp_stream> stream, upgrade_request upgrade, session_env& env,
                   std::string remote, connection_limiter::ticket ticket, std::optional<upgrade_identity> identity) {
  start_on<Dialect>(std::move(stream), std::move(upgrade), env, std::move(remote), std::move(ticket),
                    std::move(identity));
}

template <class Dialect, class NextLayer>
asio::awaitable<void> websocket_session<Dialect, NextLayer>::run(upgrade_request upgrade,
                                                                 std::optional<upgrade_identity> identity) {
  auto self = this->shared_from_this();
  ws_.next_layer().set_owner(self);
  ws_.next_layer().set_on_written([this] { room_wake_.cancel(); });
  if constexpr (requires { beast::get_lowest_layer(ws_).expires_never(); }) {
    beast::get_lowest_layer(ws_).expires_never();  // TLS: the WebSocket's own timeouts apply
  }
  websocket::stream_base::timeout timeouts{std::chrono::seconds(30), env_.limits.idle_timeout, true};
  ws_.set_option(timeouts);
  ws_.read_message_max(static_cast<std::size_t>(env_.hello.max_frame_bytes));
  dialect_.prepare(ws_, upgrade);
  auto [ec] = co_await ws_.async_accept(upgrade, use_tuple);
  if (ec) co_return;
  env_.metrics.websocket_connections.add(1);
  opened_at_ = std::chrono::steady_clock::now();
  log_id_ = new_log_id();
  registration_ = env_.connections.add([weak = std::weak_ptr(self)] {
    if (auto s = weak.lock()) s->shutdown();
  });
  upgrade = {};  // the request's buffers are not needed for the life of the session
  dialect_.opened(*this, identity);
  if (!user_) asio::co_spawn(ws_.get_executor(), auth_deadline(), asio::detached);
  log_opened();

  co_await read_loop();
  log_closed();

  env_.connections.remove(registration_);
  ended_ = true;
  room_wake_.cancel();
  auth_timer_.cancel();
  expiry_timer_.cancel();
  dialect_.ended(*this);
  if (user_) {
    env_.sessions.remove(user_->id, this);
    if (counts_presence_) env_.presence.disconnected(*user_);
  }
  env_.metrics.websocket_connections.add(-1);
}

template <class Dialect, class NextLayer>
asio::awaitable<void> websocket_session<Dialect, NextLayer>::read_loop() {
  beast::flat_buffer buffer;
  for (;;) {
    // An idle connection holds no read buffer: Beast fills it only once a
    // frame's payload arrives.
    buffer.clear();
    buffer.shrink_to_fit();
    auto [ec, n] = co_await ws_.async_read(buffer, use_tuple);
    if (ec) co_return;
    if (closing_) continue;  // closed by us (session ended, slow consumer): nothing more is served
    co_await dialect_.on_message(*this, buffer);
  }
}

template <class Dialect, class NextLayer>
asio::awaitable<void> websocket_session<Dialect, NextLayer>::wait_for_slot() {
  while (in_flight_ >= env_.limits.in_flight_requests && !closing_) {
    reader_wake_.expires_at(asio::steady_timer::time_point::max());
    co_await reader_wake_.async_wait(use_tuple);
  }
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::start_request(std::string id, protocol::request req,
                                                          typename Dialect::after_reply tail) {
  ++in_flight_;
  asio::co_spawn(ws_.get_executor(), run_request(std::move(id), std::move(req), std::move(tail)), asio::detached);
}

template <class Dialect, class NextLayer>
asio::awaitable<void> websocket_session<Dialect, NextLayer>::run_request(std::string id, protocol::request req,
                                                                         typename Dialect::after_reply tail) {
  auto self = this->shared_from_this();
  const auto type = req.index();
  const auto type_name = protocol::type_name(req);
  const bool is_send = std::holds_alternative<protocol::send_request>(req);
  reply_text reply;
  try {
    // clang-tidy reads co_await's expansion as a loop; req is moved once.
    reply = co_await reply_to(id, std::move(req));  // NOLINT(bugprone-use-after-move)
  } catch (const std::exception& e) {
    log_line("ws.request_failed").str("session", log_id_).str("type", type_name).str("error", e.what()).error();
    reply = {protocol::encode_error(id, errc::internal), errc::internal};
  }
  env_.counts.answered(type, reply.failure);
  if (!reply.failure && is_send) env_.counts.message_stored();
  co_await dialect_.answer(*this, id, reply, std::move(tail));
  --in_flight_;
  reader_wake_.cancel();
}

template <class Dialect, class NextLayer>
asio::awaitable<reply_text> websocket_session<Dialect, NextLayer>::reply_to(const std::string& id,
                                                                            protocol::request req) {
  if (auto* auth = std::get_if<protocol::auth_request>(&req)) {
    co_return co_await authenticate(id, auth->token, auth->presence.value_or(true));
  }
  if (auto* sync_req = std::get_if<protocol::sync_request>(&req))
    co_return co_await dialect_.sync(*this, id, std::move(*sync_req));
  co_return co_await env_.requests.dispatch(*user_, session_id_, id, std::move(req));
}

template <class Dialect, class NextLayer>
asio::awaitable<reply_text> websocket_session<Dialect, NextLayer>::authenticate(const std::string& id,
                                                                                const std::string& token,
                                                                                bool presence) {
  auto who = co_await env_.accounts.authenticate_user(token);
  if (!who) co_return reply_text{protocol::encode_error(id, who.err()), who.err().code};
  if (user_ && who->claims.user != user_->id)
    co_return reply_text{protocol::encode_error(id, errc::forbidden), errc::forbidden};
  protocol::auth_reply reply{{who->user.id, who->user.username, who->user.display_name},
                             who->claims.expires_at,
                             env_.presence.chosen_by(who->user.id, who->chosen)};
  if (!signed_in(identity_of(std::move(*who)), presence)) {
    // Over the per-user cap: the error (when auth was a request), then the end.
    if (!id.empty()) enqueue(protocol::encode_error(id, error(errc::too_many_connections, too_many_sessions)));
    end(ending::too_many_sessions);
    co_return reply_text{std::string(), errc::too_many_connections};
  }
  co_return reply_text{protocol::encode_reply(id, reply), std::nullopt};
}

template <class Dialect, class NextLayer>
bool websocket_session<Dialect, NextLayer>::signed_in(const upgrade_identity& identity, bool counts_presence) {
  const auto& [claims, who, chosen] = identity;
  if (!user_) {
    if (!env_.sessions.try_add(who.id, this->shared_from_this(), env_.limits.sessions_per_user)) {
      env_.metrics.connections_refused.with(R"(reason="per_user")").inc();
      return false;
    }
    user_ = who;
    auth_timer_.cancel();
    counts_presence_ = counts_presence;
    if (counts_presence) asio::co_spawn(ws_.get_executor(), env_.presence.connected(who, chosen), asio::detached);
  } else {
    user_->username = who.username;  // renamed since: a new auth reads the profile again
  }
  expires_at_ = claims.expires_at;
  session_id_ = claims.session;
  ++auth_generation_;
  watch_expiry();
  // The session may have ended between the check and now: the guard learns of
  // an end before the hub closes sockets, so one of the two sees this socket.
  if (env_.guard.known_ended(session_id_)) end(ending::session_ended);
  return true;
}

}  // namespace natter::realtime
