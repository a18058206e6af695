#pragma once
// The definitions of stomp_dialect for what a client sends (CONNECT, SEND,
// ACK, DISCONNECT, heart-beats) and how a STOMP session ends (ERROR, then
// the close). Included with websocket_session_impl.hpp by
// stomp_session_tcp.cpp and stomp_session_tls.cpp.

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>

#include "realtime/websocket_session_impl.hpp"
// After it: use_tuple, too_many_sessions and the close codes.
#include "realtime/stomp_dialect.hpp"
#include "realtime/stomp_dialect_delivery.hpp"

namespace natter::realtime {

template <class WebSocket>
void stomp_dialect::prepare(WebSocket& ws, const upgrade_request& upgrade) {
  auto subprotocol = stomp_wire::choose_subprotocol(upgrade[beast::http::field::sec_websocket_protocol]);
  if (subprotocol.empty()) return;
  ws.set_option(websocket::stream_base::decorator([subprotocol](websocket::response_type& res) {
    res.set(beast::http::field::sec_websocket_protocol, subprotocol);
  }));
}

template <class S>
void stomp_dialect::opened(S& /*s*/, std::optional<upgrade_identity>& identity) {
  last_heard_ = std::chrono::steady_clock::now();
  upgrade_identity_ = std::move(identity);
}

template <class S>
asio::awaitable<void> stomp_dialect::on_message(S& s, const beast::flat_buffer& buffer) {
  last_heard_ = std::chrono::steady_clock::now();
  // A copy: the frames of this message are served while the buffer is reused.
  const std::string text = beast::buffers_to_string(buffer.data());
  std::string_view rest = text;
  while (!s.closing_) {
    auto got = stomp::parse(rest, frame_limits_);
    if (got.error) co_return fail(s, stomp_wire::frame_failure(*got.error));
    if (!got.f) co_return;
    ++s.requests_read_;
    if (!co_await on_frame(s, std::move(*got.f))) co_return;
  }
}

template <class S>
asio::awaitable<bool> stomp_dialect::on_frame(S& s, stomp::frame f) {
  const auto* receipt = f.header("receipt");
  if (receipt && (receipt->empty() || receipt->size() > stomp_wire::max_id_bytes)) {
    fail(s, error(errc::bad_request, "A receipt header holds 1 to 64 bytes.", "receipt"));
    co_return false;
  }
  const std::string& command = f.command;
  if (command == "CONNECT" || command == "STOMP") {
    if (connected_) {
      fail(s, error(errc::bad_request, "Already connected."), receipt);
    } else {
      co_await connect(s, f);
    }
  } else if (!connected_) {
    fail(s, error(errc::unauthorized, "Send CONNECT first."), receipt);
  } else if (command == "SEND") {
    co_await send(s, std::move(f));
  } else if (command == "ACK" || command == "NACK") {
    co_await ack(s, std::move(f));
  } else if (command == "SUBSCRIBE") {
    co_await wait_idle(s);
    co_await subscribe(s, f);
  } else if (command == "UNSUBSCRIBE") {
    co_await wait_idle(s);
    unsubscribe(s, f);
  } else if (command == "DISCONNECT") {
    co_await wait_idle(s);
    if (receipt) s.enqueue_reply(stomp_wire::receipt_frame(*receipt));
    s.close_with(static_cast<std::uint16_t>(websocket::close_code::normal), "disconnect");
  } else if (command == "BEGIN" || command == "COMMIT" || command == "ABORT") {
    fail(s, error(errc::bad_request, "Transactions are not supported."), receipt);
  } else {
    fail(s, error(errc::unknown_type, "Not a frame a client sends."), receipt);
  }
  co_return !s.closing_;
}

template <class S>
asio::awaitable<void> stomp_dialect::connect(S& s, const stomp::frame& f) {
  auto version = stomp_wire::negotiate_version(f.header("accept-version"));
  if (!version) co_return fail(s, error(errc::bad_request, "Supported versions: 1.1,1.2.", "accept-version"));
  auto beats = stomp_wire::negotiate_heart_beat(f.header("heart-beat"));
  if (!beats) co_return fail(s, error(errc::bad_request, "heart-beat must be two numbers.", "heart-beat"));
  std::string token;
  const auto* authorization = f.header("Authorization");
  if (!authorization) authorization = f.header("authorization");
  if (const auto* passcode = f.header("passcode"); passcode && !passcode->empty()) {
    token = *passcode;
  } else if (authorization) {
    constexpr std::string_view scheme = "Bearer ";
    if (!authorization->starts_with(scheme)) co_return fail(s, error(errc::unauthorized, "Not a bearer token."));
    token = authorization->substr(scheme.size());
  }
  std::optional<upgrade_identity> identity;
  if (!token.empty()) {
    auto who = co_await s.env_.accounts.authenticate_user(token);
    if (!who) co_return fail(s, who.err());
    identity = identity_of(std::move(*who));
  } else if (upgrade_identity_) {
    identity = std::move(upgrade_identity_);
  } else {
    co_return fail(s, error(errc::unauthorized, "CONNECT needs passcode or Authorization: Bearer <access token>."));
  }
  upgrade_identity_.reset();
  if (s.closing_) co_return;
  if (!s.signed_in(*identity)) co_return s.end(ending::too_many_sessions);
  beats_ = *beats;
  connected_ = true;
  s.enqueue_reply(stomp_wire::connected_frame(*version, beats_, s.log_id_, s.user_->username));
  last_heard_ = std::chrono::steady_clock::now();
  if (beats_.send_every.count() > 0) asio::co_spawn(s.executor(), beat(s), asio::detached);
  if (beats_.expect_every.count() > 0) asio::co_spawn(s.executor(), listen_for_beats(s), asio::detached);
}

template <class S>
asio::awaitable<void> stomp_dialect::send(S& s, stomp::frame f) {
  const auto* receipt = f.header("receipt");
  const auto* destination = f.header("destination");
  if (!destination) co_return fail(s, error(errc::bad_request, "SEND needs a destination.", "destination"), receipt);
  auto type = stomp_wire::request_type(*destination);
  if (!type) co_return fail(s, error(errc::not_found, "SEND goes to /app/<request type>.", "destination"), receipt);
  std::optional<std::string> receipt_id;
  if (receipt) receipt_id = *receipt;
  std::string id = receipt ? *receipt : "stomp-" + std::to_string(++next_message_);
  auto req = stomp_wire::decode_send(*type, id, f.body);
  if (!req) {
    s.env_.counts.answered(std::nullopt, req.err().code);
    reply_message(s, id, {protocol::encode_error(id, req.err()), req.err().code});
    if (receipt_id) s.enqueue_reply(stomp_wire::receipt_frame(*receipt_id));
    co_return;
  }
  co_await s.wait_for_slot();
  s.start_request(std::move(id), std::move(*req), {std::move(receipt_id), true});
}

template <class S>
asio::awaitable<void> stomp_dialect::ack(S& s, stomp::frame f) {
  const auto* receipt = f.header("receipt");
  const auto* id = f.header("id");
  if (!id) id = f.header("message-id");  // STOMP 1.1
  if (!id) co_return fail(s, error(errc::bad_request, "ACK and NACK need an id.", "id"), receipt);
  std::optional<std::string> receipt_id;
  if (receipt) receipt_id = *receipt;
  auto entry = stomp_wire::acked_entry(*id);
  if (f.command != "ACK" || !entry) {
    // A NACK changes nothing: natterd does not send a message again; resume
    // with `since` instead. What has no seq is not acknowledged.
    if (receipt_id) s.enqueue_reply(stomp_wire::receipt_frame(*receipt_id));
    co_return;
  }
  co_await s.wait_for_slot();
  protocol::request delivered(protocol::receipt_delivered_request{entry->first, entry->second});
  s.start_request("ack-" + std::to_string(++next_message_), std::move(delivered), {std::move(receipt_id), false});
}

template <class S>
asio::awaitable<reply_text> stomp_dialect::sync(S& /*s*/, const std::string& id, protocol::sync_request /*req*/) {
  const error why(errc::bad_request, "Subscribe with a since header instead.");
  co_return reply_text{protocol::encode_error(id, why), why.code};
}

template <class S>
asio::awaitable<void> stomp_dialect::answer(S& s, const std::string& id, const reply_text& reply, after_reply tail) {
  if (tail.answer && !reply.text.empty()) {
    co_await s.room_for(reply.text.size());
    reply_message(s, id, reply);
  }
  if (tail.receipt) s.enqueue_reply(stomp_wire::receipt_frame(*tail.receipt));
  idle_wake_.cancel();  // wait_idle looks again once the session counted this request out
}

template <class S>
asio::awaitable<void> stomp_dialect::wait_idle(S& s) {
  while (s.in_flight_ > 0 && !s.ended_) {
    idle_wake_.expires_at(asio::steady_timer::time_point::max());
    co_await idle_wake_.async_wait(use_tuple);
  }
}

// Server heart-beats: an EOL every interval, whatever else went out (a frame
// in the queue is not yet on the wire, and a gap may not exceed the interval).
template <class S>
asio::awaitable<void> stomp_dialect::beat(S& s) {
  auto self = s.shared_from_this();
  for (;;) {
    beat_timer_.expires_after(beats_.send_every);
    auto [ec] = co_await beat_timer_.async_wait(use_tuple);
    if (ec || s.closing_ || s.ended_) co_return;
    s.enqueue("\n");
  }
}

// Client heart-beats: anything read counts; silence beyond twice the
// client's interval closes the connection (checked every half interval).
template <class S>
asio::awaitable<void> stomp_dialect::listen_for_beats(S& s) {
  auto self = s.shared_from_this();
  for (;;) {
    listen_timer_.expires_after(beats_.expect_every / 2);
    auto [ec] = co_await listen_timer_.async_wait(use_tuple);
    if (ec || s.closing_ || s.ended_) co_return;
    if (std::chrono::steady_clock::now() - last_heard_ > 2 * beats_.expect_every) {
      co_return s.close_with(stomp_wire::close_heart_beat_missed, "heart-beats missed");
    }
  }
}

template <class S>
void stomp_dialect::end(S& s, ending why) {
  switch (why) {
    case ending::auth_timeout:
      return fail(s, error(errc::unauthorized, "No CONNECT in time."));
    case ending::token_expired:
      return fail(s, error(errc::token_expired));
    case ending::session_ended:
      return fail(s, error(errc::unauthorized, "session ended"), nullptr, close_session_ended);
    case ending::too_many_sessions:
      return fail(s, error(errc::too_many_connections, too_many_sessions));
  }
}

template <class S>
void stomp_dialect::ended(S& /*s*/) {
  for (auto* timer : {&beat_timer_, &listen_timer_, &idle_wake_}) timer->cancel();
}

template <class S>
void stomp_dialect::fail(S& s, const error& e, const std::string* receipt, std::uint16_t code) {
  if (s.closing_) return;
  if (code == 0) {
    code = static_cast<std::uint16_t>(websocket::close_code::normal);
    if (e.code == errc::unauthorized || e.code == errc::token_expired) code = close_unauthorized;
    if (e.code == errc::too_many_connections) code = close_too_many_connections;
  }
  if (s.ws_.is_open()) s.ws_.next_layer().append_text_frame(stomp_wire::error_frame(e, receipt));
  s.close_with(code, std::string(info(e.code).code));
}

}  // namespace natter::realtime
