#pragma once
// The definitions of stomp_session, included by stomp_session_tcp.cpp and
// stomp_session_tls.cpp: the connection and the frames a client sends.
// stomp_session_delivery.hpp holds what goes out to subscriptions,
// stomp_session_close.hpp how it ends.

#include "realtime/stomp_session.hpp"

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>

#include "realtime/websocket_session_impl.hpp"
// After it: fitting_presence, inbox_limit, use_tuple and the close helpers.
#include "realtime/stomp_session_close.hpp"
#include "realtime/stomp_session_delivery.hpp"

namespace natter::realtime {

template <class NextLayer>
stomp_session<NextLayer>::stomp_session(NextLayer stream, session_env& env, std::string remote,
                                        connection_limiter::ticket ticket)
    : ws_(std::move(stream)),
      env_(env),
      remote_(std::move(remote)),
      ticket_(std::move(ticket)),
      frame_limits_(stomp_wire::frame_limits(static_cast<std::size_t>(env.hello.max_frame_bytes))),
      gate_(env.limits.sync_buffer),
      inbox_(inbox_limit(env.limits)),
      reader_wake_(ws_.get_executor()),
      idle_wake_(ws_.get_executor()),
      room_wake_(ws_.get_executor(), asio::steady_timer::time_point::max()),
      auth_timer_(ws_.get_executor()),
      expiry_timer_(ws_.get_executor()),
      beat_timer_(ws_.get_executor()),
      listen_timer_(ws_.get_executor()) {}

template <class NextLayer>
stomp_session<NextLayer>::~stomp_session() = default;

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::run(upgrade_request upgrade, std::optional<upgrade_identity> identity) {
  auto self = this->shared_from_this();
  ws_.next_layer().set_owner(self);
  ws_.next_layer().set_on_written([this] { room_wake_.cancel(); });
  if constexpr (requires { beast::get_lowest_layer(ws_).expires_never(); }) {
    beast::get_lowest_layer(ws_).expires_never();
  }
  websocket::stream_base::timeout timeouts{std::chrono::seconds(30), env_.limits.idle_timeout, true};
  ws_.set_option(timeouts);
  ws_.read_message_max(static_cast<std::size_t>(env_.hello.max_frame_bytes));
  auto subprotocol = stomp_wire::choose_subprotocol(upgrade[beast::http::field::sec_websocket_protocol]);
  if (!subprotocol.empty()) {
    ws_.set_option(websocket::stream_base::decorator([subprotocol](websocket::response_type& res) {
      res.set(beast::http::field::sec_websocket_protocol, subprotocol);
    }));
  }
  auto [ec] = co_await ws_.async_accept(upgrade, use_tuple);
  if (ec) co_return;
  env_.metrics.websocket_connections.add(1);
  opened_at_ = std::chrono::steady_clock::now();
  last_heard_ = opened_at_;
  log_id_ = new_log_id();
  registration_ = env_.connections.add([weak = std::weak_ptr(self)] {
    if (auto s = weak.lock()) s->shutdown();
  });
  upgrade = {};
  upgrade_identity_ = std::move(identity);
  asio::co_spawn(ws_.get_executor(), auth_deadline(), asio::detached);
  log_opened();

  co_await read_loop();
  log_closed();

  env_.connections.remove(registration_);
  ended_ = true;
  for (auto* timer : {&room_wake_, &auth_timer_, &expiry_timer_, &beat_timer_, &listen_timer_, &idle_wake_}) {
    timer->cancel();
  }
  if (user_) {
    env_.sessions.remove(user_->id, this);
    env_.presence.disconnected(*user_);
  }
  env_.metrics.websocket_connections.add(-1);
}

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::read_loop() {
  beast::flat_buffer buffer;
  for (;;) {
    buffer.clear();
    buffer.shrink_to_fit();
    auto [ec, n] = co_await ws_.async_read(buffer, use_tuple);
    if (ec) co_return;
    if (closing_) continue;
    last_heard_ = std::chrono::steady_clock::now();
    // A copy: frames of this message are served while the next is read.
    const std::string text = beast::buffers_to_string(buffer.data());
    std::string_view rest = text;
    while (!closing_) {
      auto got = stomp::parse(rest, frame_limits_);
      if (got.error) {
        fail(stomp_wire::frame_failure(*got.error));
        break;
      }
      if (!got.f) break;
      ++requests_read_;
      if (!co_await on_frame(std::move(*got.f))) break;
    }
  }
}

template <class NextLayer>
asio::awaitable<bool> stomp_session<NextLayer>::on_frame(stomp::frame f) {
  const auto* receipt = f.header("receipt");
  if (receipt && (receipt->empty() || receipt->size() > stomp_wire::max_id_bytes)) {
    fail(error(errc::bad_request, "A receipt header holds 1 to 64 bytes.", "receipt"));
    co_return false;
  }
  const std::string& command = f.command;
  if (command == "CONNECT" || command == "STOMP") {
    if (connected_) {
      fail(error(errc::bad_request, "Already connected."), receipt);
    } else {
      co_await connect(f);
    }
  } else if (!connected_) {
    fail(error(errc::unauthorized, "Send CONNECT first."), receipt);
  } else if (command == "SEND") {
    co_await send(std::move(f));
  } else if (command == "ACK" || command == "NACK") {
    co_await ack(std::move(f));
  } else if (command == "SUBSCRIBE") {
    co_await wait_idle();
    co_await subscribe(f);
  } else if (command == "UNSUBSCRIBE") {
    co_await wait_idle();
    unsubscribe(f);
  } else if (command == "DISCONNECT") {
    co_await wait_idle();
    if (receipt) enqueue_reply(stomp_wire::receipt_frame(*receipt));
    close_with(static_cast<std::uint16_t>(websocket::close_code::normal), "disconnect");
  } else if (command == "BEGIN" || command == "COMMIT" || command == "ABORT") {
    fail(error(errc::bad_request, "Transactions are not supported."), receipt);
  } else {
    fail(error(errc::unknown_type, "Not a frame a client sends."), receipt);
  }
  co_return !closing_;
}

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::connect(const stomp::frame& f) {
  auto version = stomp_wire::negotiate_version(f.header("accept-version"));
  if (!version) co_return fail(error(errc::bad_request, "Supported versions: 1.1,1.2.", "accept-version"));
  auto beats = stomp_wire::negotiate_heart_beat(f.header("heart-beat"));
  if (!beats) co_return fail(error(errc::bad_request, "heart-beat must be two numbers.", "heart-beat"));
  std::string token;
  const auto* authorization = f.header("Authorization");
  if (!authorization) authorization = f.header("authorization");
  if (const auto* passcode = f.header("passcode"); passcode && !passcode->empty()) {
    token = *passcode;
  } else if (authorization) {
    constexpr std::string_view scheme = "Bearer ";
    if (!authorization->starts_with(scheme)) co_return fail(error(errc::unauthorized, "Not a bearer token."));
    token = authorization->substr(scheme.size());
  }
  std::optional<upgrade_identity> identity;
  if (!token.empty()) {
    auto claims = co_await env_.accounts.authenticate(token);
    if (!claims) co_return fail(claims.err());
    auto user = co_await env_.accounts.user(claims->user);
    if (!user) co_return fail(error(errc::unauthorized));
    identity = upgrade_identity{*claims, {user->id, user->username}};
  } else if (upgrade_identity_) {
    identity = std::move(upgrade_identity_);
  } else {
    co_return fail(error(errc::unauthorized, "CONNECT needs passcode or Authorization: Bearer <access token>."));
  }
  upgrade_identity_.reset();
  if (closing_) co_return;
  if (!signed_in(identity->claims, identity->who)) {
    env_.metrics.connections_refused.with(R"(reason="per_user")").inc();
    co_return fail(error(errc::too_many_connections, too_many_sessions));
  }
  beats_ = *beats;
  connected_ = true;
  enqueue_reply(stomp_wire::connected_frame(*version, beats_, log_id_, user_->username));
  last_heard_ = std::chrono::steady_clock::now();
  if (beats_.send_every.count() > 0) asio::co_spawn(ws_.get_executor(), beat(), asio::detached);
  if (beats_.expect_every.count() > 0) asio::co_spawn(ws_.get_executor(), listen_for_beats(), asio::detached);
}

template <class NextLayer>
bool stomp_session<NextLayer>::signed_in(const core::access_claims& claims, const core::caller& who) {
  if (!user_) {
    if (!env_.sessions.try_add(who.id, this->shared_from_this(), env_.limits.sessions_per_user)) return false;
    user_ = who;
    auth_timer_.cancel();
    asio::co_spawn(ws_.get_executor(), env_.presence.connected(who), asio::detached);
  } else {
    user_->username = who.username;
  }
  expires_at_ = claims.expires_at;
  session_id_ = claims.session;
  ++auth_generation_;
  watch_expiry();
  if (env_.guard.known_ended(session_id_))
    fail(error(errc::unauthorized, "session ended"), nullptr, close_session_ended);
  return true;
}

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::send(stomp::frame f) {
  const auto* receipt = f.header("receipt");
  const auto* destination = f.header("destination");
  if (!destination) co_return fail(error(errc::bad_request, "SEND needs a destination.", "destination"), receipt);
  auto type = stomp_wire::request_type(*destination);
  if (!type) co_return fail(error(errc::not_found, "SEND goes to /app/<request type>.", "destination"), receipt);
  std::optional<std::string> receipt_id;
  if (receipt) receipt_id = *receipt;
  std::string id = receipt ? *receipt : "stomp-" + std::to_string(++next_message_);
  auto req = stomp_wire::decode_send(*type, id, f.body);
  if (!req) {
    env_.counts.answered(std::nullopt, req.err().code);
    reply_message(id, {protocol::encode_error(id, req.err()), req.err().code});
    if (receipt_id) enqueue_reply(stomp_wire::receipt_frame(*receipt_id));
    co_return;
  }
  while (in_flight_ >= env_.limits.in_flight_requests && !closing_) {
    reader_wake_.expires_at(asio::steady_timer::time_point::max());
    co_await reader_wake_.async_wait(use_tuple);
  }
  ++in_flight_;
  asio::co_spawn(ws_.get_executor(), run_request(std::move(id), std::move(*req), std::move(receipt_id), true),
                 asio::detached);
}

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::ack(stomp::frame f) {
  const auto* receipt = f.header("receipt");
  const auto* id = f.header("id");
  if (!id) id = f.header("message-id");  // STOMP 1.1
  if (!id) co_return fail(error(errc::bad_request, "ACK and NACK need an id.", "id"), receipt);
  std::optional<std::string> receipt_id;
  if (receipt) receipt_id = *receipt;
  auto entry = stomp_wire::acked_entry(*id);
  if (f.command != "ACK" || !entry) {
    // A NACK changes nothing: natterd does not send a message again; resume
    // with `since` instead. What has no seq is not acknowledged.
    if (receipt_id) enqueue_reply(stomp_wire::receipt_frame(*receipt_id));
    co_return;
  }
  while (in_flight_ >= env_.limits.in_flight_requests && !closing_) {
    reader_wake_.expires_at(asio::steady_timer::time_point::max());
    co_await reader_wake_.async_wait(use_tuple);
  }
  ++in_flight_;
  protocol::request delivered(protocol::receipt_delivered_request{entry->first, entry->second});
  asio::co_spawn(
      ws_.get_executor(),
      run_request("ack-" + std::to_string(++next_message_), std::move(delivered), std::move(receipt_id), false),
      asio::detached);
}

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::run_request(std::string id, protocol::request req,
                                                            std::optional<std::string> receipt, bool answer) {
  auto self = this->shared_from_this();
  const auto type = req.index();
  const bool is_send = std::holds_alternative<protocol::send_request>(req);
  reply_text reply;
  try {
    if (auto* auth = std::get_if<protocol::auth_request>(&req)) {
      reply = co_await authenticate(id, auth->token);
    } else if (std::holds_alternative<protocol::sync_request>(req)) {
      const error why(errc::bad_request, "Subscribe with a since header instead.");
      reply = {protocol::encode_error(id, why), why.code};
    } else {
      reply = co_await env_.requests.dispatch(*user_, id, std::move(req));
    }
  } catch (const std::exception& e) {
    log_line("ws.request_failed").str("session", log_id_).str("error", e.what()).error();
    reply = {protocol::encode_error(id, errc::internal), errc::internal};
  }
  env_.counts.answered(type, reply.failure);
  if (!reply.failure && is_send) env_.counts.message_stored();
  if (answer && !reply.text.empty()) {
    co_await room_for(reply.text.size());
    reply_message(id, reply);
  }
  if (receipt) enqueue_reply(stomp_wire::receipt_frame(*receipt));
  --in_flight_;
  reader_wake_.cancel();
  idle_wake_.cancel();
}

template <class NextLayer>
asio::awaitable<reply_text> stomp_session<NextLayer>::authenticate(const std::string& id, const std::string& token) {
  auto claims = co_await env_.accounts.authenticate(token);
  if (!claims) co_return reply_text{protocol::encode_error(id, claims.err()), claims.err().code};
  if (claims->user != user_->id) co_return reply_text{protocol::encode_error(id, errc::forbidden), errc::forbidden};
  auto user = co_await env_.accounts.user(claims->user);
  if (!user) co_return reply_text{protocol::encode_error(id, errc::unauthorized), errc::unauthorized};
  signed_in(*claims, {user->id, user->username});
  auto chosen = co_await env_.presence.chosen_by(user->id);
  protocol::auth_reply reply{{user->id, user->username, user->display_name}, claims->expires_at, std::move(chosen)};
  co_return reply_text{protocol::encode_reply(id, reply), std::nullopt};
}

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::wait_idle() {
  while (in_flight_ > 0 && !ended_) {
    idle_wake_.expires_at(asio::steady_timer::time_point::max());
    co_await idle_wake_.async_wait(use_tuple);
  }
}

}  // namespace natter::realtime
