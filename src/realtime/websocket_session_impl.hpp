#pragma once
// The definitions of websocket_session, included by the two translation units
// that instantiate it: websocket_session_tcp.cpp and websocket_session_tls.cpp.

#include "realtime/websocket_session.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "common/log_line.hpp"
#include "protocol/codec.hpp"
#include "protocol/reply_budget.hpp"
#include "realtime/own_rename.hpp"
#include "realtime/websocket_session_close.hpp"

namespace natter::realtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// What fits of a sync reply's presence list (protocol::max_sync_presence_bytes);
// the people left out show up with their next presence change.
inline std::vector<protocol::presence_event> fitting_presence(std::vector<protocol::presence_event> people) {
  protocol::reply_budget room(protocol::max_sync_presence_bytes);
  std::size_t kept = 0;
  while (kept < people.size() && room.take(people[kept])) ++kept;
  people.resize(kept);
  return people;
}

inline constexpr const char* too_many_sessions = "You have as many connections open as allowed; close one first.";

// Live events a session's inbox holds before it counts as a slow consumer
// (close 4008): what its gate may hold during a sync plus what its outbound
// queue may take. A drain runs each turn of the strand, so only a session
// whose strand is that far behind gets there.
inline std::size_t inbox_limit(const session_limits& limits) {
  return limits.sync_buffer + limits.outbound_frames;
}

template <class NextLayer>
websocket_session<NextLayer>::websocket_session(NextLayer stream, session_env& env, std::string remote,
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
      expiry_timer_(ws_.get_executor()) {}

template <class NextLayer>
websocket_session<NextLayer>::~websocket_session() = default;

template <class NextLayer>
void websocket_session<NextLayer>::shutdown() {
  std::weak_ptr<websocket_session> weak = this->shared_from_this();
  asio::post(ws_.get_executor(), [weak] {
    if (auto self = weak.lock())
      self->close_with(static_cast<std::uint16_t>(websocket::close_code::going_away), "server shutting down");
  });
}

template <class NextLayer>
asio::awaitable<void> websocket_session<NextLayer>::run(upgrade_request upgrade,
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
  auto [ec] = co_await ws_.async_accept(upgrade, use_tuple);
  if (ec) co_return;
  env_.metrics.websocket_connections.add(1);
  opened_at_ = std::chrono::steady_clock::now();
  log_id_ = new_log_id();
  registration_ = env_.connections.add([weak = std::weak_ptr(self)] {
    if (auto s = weak.lock()) s->shutdown();
  });
  enqueue(protocol::encode_hello({protocol::version, "natterd/0.1.0", env_.hello}));
  upgrade = {};  // the request's buffers are not needed for the life of the session
  if (identity && !signed_in(identity->claims, identity->who)) {
    env_.metrics.connections_refused.with(R"(reason="per_user")").inc();
    close_with(close_too_many_connections, "too many connections for this user");
  }
  if (!user_) asio::co_spawn(ws_.get_executor(), auth_deadline(), asio::detached);
  log_opened();

  co_await read_loop();
  log_closed();

  env_.connections.remove(registration_);
  ended_ = true;
  room_wake_.cancel();
  auth_timer_.cancel();
  expiry_timer_.cancel();
  if (user_) {
    env_.sessions.remove(user_->id, this);
    if (counts_presence_) env_.presence.disconnected(*user_);
  }
  env_.metrics.websocket_connections.add(-1);
}

template <class NextLayer>
asio::awaitable<void> websocket_session<NextLayer>::read_loop() {
  beast::flat_buffer buffer;
  for (;;) {
    while (in_flight_ >= env_.limits.in_flight_requests) {
      reader_wake_.expires_at(asio::steady_timer::time_point::max());
      co_await reader_wake_.async_wait(use_tuple);
    }
    // An idle connection holds no read buffer: Beast fills it only once a
    // frame's payload arrives.
    buffer.clear();
    buffer.shrink_to_fit();
    auto [ec, n] = co_await ws_.async_read(buffer, use_tuple);
    if (ec) co_return;
    if (!ws_.got_text()) {
      close_with(static_cast<std::uint16_t>(websocket::close_code::unknown_data), "binary frames are not supported");
      continue;
    }
    if (closing_) continue;  // closed by us (session ended, slow consumer): nothing more is served
    std::string_view text(static_cast<const char*>(buffer.data().data()), buffer.size());
    ++requests_read_;
    auto decoded = protocol::decode_request(text);
    if (!decoded.body) {
      env_.counts.answered(std::nullopt, decoded.body.err().code);
      enqueue(protocol::encode_error(decoded.id, decoded.body.err()));
      continue;
    }
    if (!user_ && !std::holds_alternative<protocol::auth_request>(*decoded.body)) {
      env_.counts.answered(decoded.body->index(), errc::unauthorized);
      enqueue(protocol::encode_error(decoded.id, error(errc::unauthorized, "Send auth first.")));
      continue;
    }
    ++in_flight_;
    asio::co_spawn(ws_.get_executor(), handle(std::move(*decoded.id), std::move(*decoded.body)), asio::detached);
  }
}

template <class NextLayer>
asio::awaitable<void> websocket_session<NextLayer>::handle(std::string id, protocol::request req) {
  auto self = this->shared_from_this();
  const auto type = req.index();
  reply_text reply;
  try {
    if (auto* auth = std::get_if<protocol::auth_request>(&req)) {
      reply = co_await authenticate(id, *auth);
    } else if (auto* sync_req = std::get_if<protocol::sync_request>(&req)) {
      reply = co_await sync(id, std::move(*sync_req));
    } else {
      reply = co_await env_.requests.dispatch(*user_, id, std::move(req));
    }
  } catch (const std::exception& e) {
    log_line("ws.request_failed")
        .str("session", log_id_)
        .str("type", protocol::type_name(req))
        .str("error", e.what())
        .error();
    reply = {protocol::encode_error(id, errc::internal), errc::internal};
  }
  env_.counts.answered(type, reply.failure);
  if (!reply.failure && std::holds_alternative<protocol::send_request>(req)) env_.counts.message_stored();
  if (!reply.text.empty()) {
    co_await room_for(reply.text.size());
    enqueue_reply(reply.text);
  }
  --in_flight_;
  reader_wake_.cancel();
}

template <class NextLayer>
asio::awaitable<reply_text> websocket_session<NextLayer>::authenticate(const std::string& id,
                                                                       const protocol::auth_request& auth) {
  auto claims = co_await env_.accounts.authenticate(auth.token);
  if (!claims) co_return reply_text{protocol::encode_error(id, claims.err()), claims.err().code};
  if (user_ && claims->user != user_->id)
    co_return reply_text{protocol::encode_error(id, errc::forbidden), errc::forbidden};
  auto user = co_await env_.accounts.user(claims->user);
  if (!user) co_return reply_text{protocol::encode_error(id, errc::unauthorized), errc::unauthorized};
  if (!signed_in(*claims, {user->id, user->username}, auth.presence.value_or(true))) {
    // Over the per-user cap: the error (when auth was a request), then 4029.
    env_.metrics.connections_refused.with(R"(reason="per_user")").inc();
    if (!id.empty()) enqueue(protocol::encode_error(id, error(errc::too_many_connections, too_many_sessions)));
    close_with(close_too_many_connections, "too many connections for this user");
    co_return reply_text{std::string(), errc::too_many_connections};
  }
  auto chosen = co_await env_.presence.chosen_by(user->id);
  protocol::auth_reply reply{{user->id, user->username, user->display_name}, claims->expires_at, std::move(chosen)};
  co_return reply_text{protocol::encode_reply(id, reply), std::nullopt};
}

template <class NextLayer>
bool websocket_session<NextLayer>::signed_in(const core::access_claims& claims, core::caller who,
                                             bool counts_presence) {
  if (!user_) {
    if (!env_.sessions.try_add(who.id, this->shared_from_this(), env_.limits.sessions_per_user)) return false;
    user_ = who;
    auth_timer_.cancel();
    counts_presence_ = counts_presence;
    if (counts_presence) asio::co_spawn(ws_.get_executor(), env_.presence.connected(who), asio::detached);
  } else {
    user_->username = who.username;  // renamed since: a new auth reads the profile again
  }
  expires_at_ = claims.expires_at;
  session_id_ = claims.session;
  ++auth_generation_;
  watch_expiry();
  // The session may have ended between the check and now: the guard learns of
  // an end before the hub closes sockets, so one of the two sees this socket.
  if (env_.guard.known_ended(session_id_)) close_with(close_session_ended, "session ended");
  return true;
}

template <class NextLayer>
asio::awaitable<void> websocket_session<NextLayer>::auth_deadline() {
  auto self = this->shared_from_this();
  auth_timer_.expires_after(env_.limits.auth_timeout);
  auto [ec] = co_await auth_timer_.async_wait(use_tuple);
  if (!ec && !user_) close_with(close_unauthorized, "authentication timeout");
}

// Two waits on one timer, as plain callbacks (no coroutine frame is kept for
// the life of the token): token.expiring a minute before expiry, then 4001.
// A newer authentication re-arms the timer (the old wait ends aborted) and
// bumps auth_generation_.
template <class NextLayer>
void websocket_session<NextLayer>::watch_expiry() {
  const auto expires = std::chrono::system_clock::time_point(std::chrono::milliseconds(expires_at_));
  expiry_timer_.expires_after(expires - env_.limits.expiry_warning - std::chrono::system_clock::now());
  expiry_timer_.async_wait(
      [weak = this->weak_from_this(), generation = auth_generation_, expires](beast::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || generation != self->auth_generation_ || self->closing_) return;
        self->enqueue(protocol::encode_event(protocol::token_expiring_event{self->expires_at_}));
        self->expiry_timer_.expires_after(expires - std::chrono::system_clock::now());
        self->expiry_timer_.async_wait([weak, generation](beast::error_code expired) {
          auto again = weak.lock();
          if (!expired && again && generation == again->auth_generation_) {
            again->close_with(close_unauthorized, "token expired");
          }
        });
      });
}

template <class NextLayer>
asio::awaitable<reply_text> websocket_session<NextLayer>::sync(const std::string& id, protocol::sync_request req) {
  gate_.sync_started();
  // With many nodes: wait until this user's events reach this node, so that
  // whatever commits after the backlog is read arrives live.
  co_await env_.sessions.routes_ready(user_->id);
  const bool first_page = req.after == 0;
  auto reply = co_await env_.chats.sync(*user_, std::move(req));
  if (reply && first_page) {
    auto people = co_await env_.presence.visible_to(*user_);
    if (people) reply->presence = fitting_presence(std::move(*people));
  }
  std::string text;
  std::vector<std::pair<store::conversation_id, store::seq_t>> covered;
  if (reply) {
    text = protocol::encode_reply(id, *reply);
    co_await room_for(text.size());  // still holding live events: they follow the reply
    for (const auto& c : reply->conversations) covered.emplace_back(c.conversation, c.last_seq);
  }
  auto after = gate_.sync_ended(reply ? &covered : nullptr);
  if (reply) enqueue_reply(text);
  for (const auto& f : after) enqueue(*f);
  events_sent_ += after.size();
  env_.counts.events_sent(after.size());
  if (!reply) co_return reply_text{protocol::encode_error(id, reply.err()), reply.err().code};
  co_return reply_text{};
}

template <class NextLayer>
void websocket_session<NextLayer>::deliver_conversation(store::conversation_id c, store::seq_t seq,
                                                        const delivery::frame& f) {
  to_inbox({c, seq, f, false});
}

template <class NextLayer>
void websocket_session<NextLayer>::deliver_user(const delivery::frame& f) {
  to_inbox({0, 0, f, true});
}

template <class NextLayer>
void websocket_session<NextLayer>::to_inbox(session_inbox::event e) {
  if (!inbox_.push(std::move(e))) return;  // a drain is pending: it takes this one too
  asio::post(ws_.get_executor(), [self = this->shared_from_this()] { self->drain_inbox(); });
}

template <class NextLayer>
void websocket_session<NextLayer>::drain_inbox() {
  const bool overflowed = inbox_.take(drained_);
  auto& out = ws_.next_layer();
  out.hold();
  const auto sent_before = events_sent_;
  for (const auto& e : drained_) {
    if (!e.user_event) {
      on_conversation_event(e.conversation, e.seq, e.f);
    } else if (user_) {
      if (auto name = own_new_username(*e.f, user_->id)) user_->username = std::move(*name);
      enqueue(*e.f);
      ++events_sent_;
    }
  }
  out.release();
  env_.counts.events_sent(events_sent_ - sent_before);
  drained_.clear();
  if (overflowed) close_with(close_slow_consumer, "slow consumer");
}

template <class NextLayer>
void websocket_session<NextLayer>::end_if_session_in(std::shared_ptr<const std::vector<std::string>> families) {
  asio::post(ws_.get_executor(), [self = this->shared_from_this(), families] {
    if (!self->user_ || std::find(families->begin(), families->end(), self->session_id_) == families->end()) return;
    self->close_with(close_session_ended, "session ended");
  });
}

template <class NextLayer>
void websocket_session<NextLayer>::recheck_session() {
  asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
    if (self->user_ && !self->closing_) asio::co_spawn(self->ws_.get_executor(), self->recheck(), asio::detached);
  });
}

template <class NextLayer>
asio::awaitable<void> websocket_session<NextLayer>::recheck() {
  auto self = this->shared_from_this();
  core::access_claims claims;
  claims.user = user_->id;
  claims.session = session_id_;
  auto open = co_await env_.guard.check(claims);
  // Busy or unreachable store: keep the socket; the next recheck or auth decides.
  if (!open && open.err().code == errc::unauthorized && claims.session == session_id_) {
    close_with(close_session_ended, "session ended");
  }
}

template <class NextLayer>
void websocket_session<NextLayer>::on_conversation_event(store::conversation_id c, store::seq_t seq,
                                                         const delivery::frame& f) {
  if (!user_ || closing_) return;
  switch (gate_.offer(c, seq, f)) {
    case delivery::session_gate::verdict::send:
      enqueue(*f);
      ++events_sent_;
      break;
    case delivery::session_gate::verdict::overflow:
      close_with(close_slow_consumer, "too many events during sync");
      break;
    case delivery::session_gate::verdict::held:
    case delivery::session_gate::verdict::dropped:
      break;
  }
}

template <class NextLayer>
void websocket_session<NextLayer>::enqueue(std::string_view text) {
  if (closing_ || !ws_.is_open()) return;
  auto& out = ws_.next_layer();
  const auto& limits = env_.limits;
  if (out.queued_frames() >= limits.outbound_frames || out.queued_bytes() + text.size() > limits.outbound_bytes) {
    close_with(close_slow_consumer, "slow consumer");
    return;
  }
  out.append_text_frame(text);
}

template <class NextLayer>
asio::awaitable<void> websocket_session<NextLayer>::room_for(std::size_t bytes) {
  const auto& out = ws_.next_layer();
  const auto& limits = env_.limits;
  while (!closing_ && !ended_ && out.queued_bytes() > 0 &&
         (out.queued_bytes() + bytes > limits.outbound_bytes || out.queued_frames() >= limits.outbound_frames)) {
    co_await room_wake_.async_wait(use_tuple);
  }
}

template <class NextLayer>
void websocket_session<NextLayer>::enqueue_reply(std::string_view text) {
  if (closing_ || !ws_.is_open()) return;
  ws_.next_layer().append_text_frame(text);
}

}  // namespace natter::realtime
