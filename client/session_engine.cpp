// The connection loop: authenticate, connect, auth, sync, serve; on a drop,
// back off and do it again. Frame handling is in session_engine_frames.cpp.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "client/asio_tokens.hpp"
#include "client/session_engine.hpp"

namespace natter::client {

namespace asio = boost::asio;
using detail::use_tuple;

namespace {

// Refresh ahead of expiry: the server warns one minute before.
constexpr auto token_margin = std::chrono::seconds(60);

failure stopped_failure() {
  return failure::local("STOPPED", "The session was stopped.");
}

}  // namespace

std::string_view to_string(connection_state state) noexcept {
  switch (state) {
    case connection_state::connecting:
      return "connecting";
    case connection_state::online:
      return "online";
    case connection_state::reconnecting:
      return "reconnecting";
    case connection_state::stopped:
      return "stopped";
  }
  return "unknown";
}

session_engine::session_engine(asio::io_context& io, session_options options, event_sink sink)
    : io_(io),
      options_(std::move(options)),
      sink_(std::move(sink)),
      tls_(options_.server.tls ? make_tls_context(options_.tls) : nullptr),
      http_(options_.server, tls_, options_.timeout),
      backoff_(options_.backoff),
      retry_timer_(io) {
  for (const auto& [conversation, seq] : options_.resume_from) seqs_.advance_to(conversation, seq);
}

void session_engine::start() {
  auto loop = run();
  asio::co_spawn(io_, std::move(loop), asio::detached);
}

void session_engine::stop() {
  stopping_ = true;
  retry_timer_.cancel();
  if (connection_) connection_->close();
}

void session_engine::set_state(connection_state state, std::optional<failure> reason) {
  if (state_announced_ && state == state_) return;
  state_ = state;
  state_announced_ = true;
  sink_(state_change{state, std::move(reason)});
}

asio::awaitable<void> session_engine::run() {
  int failures = 0;
  std::optional<attempt_end> end;
  while (!stopping_) {
    set_state(ever_online_ ? connection_state::reconnecting : connection_state::connecting,
              end ? std::optional<failure>(end->why) : std::nullopt);
    end = co_await connect_once();
    if (stopping_ || give_up(end, failures)) break;
    retry_timer_.expires_after(backoff_.next());
    co_await retry_timer_.async_wait(use_tuple);  // cancelled by stop(): the loop ends
  }
  finish(end && !stopping_ ? end->why : stopped_failure());
}

// True when the loop should stop: a fatal end, or too many failures before
// the first success.
bool session_engine::give_up(const std::optional<attempt_end>& end, int& failures) {
  if (!end) return false;
  if (end->fatal) return true;
  if (ever_online_) return false;
  ++failures;
  return options_.attempts_before_online > 0 && failures >= options_.attempts_before_online;
}

void session_engine::finish(const failure& why) {
  stopped_ = true;
  online_ = false;
  // Destroying the stream (once its last operation lets go) also cancels
  // Beast's keep-alive timer, which would otherwise hold io.run() open.
  connection_.reset();
  auto pending = std::exchange(pending_, {});
  for (auto& [id, p] : pending) {
    if (!p.resent_on_reconnect) p.done(stopped_failure());
  }
  outbox_.fail_all(stopping_ ? stopped_failure() : why);
  set_state(connection_state::stopped, stopping_ ? std::nullopt : std::optional<failure>(why));
}

std::optional<session_engine::attempt_end> session_engine::ensure_token(bool force) {
  const bool fresh = !access_token_.empty() && std::chrono::steady_clock::now() + token_margin < access_expiry_;
  if (fresh && !force) return std::nullopt;
  if (!options_.authenticate) return attempt_end{failure::local("NO_CREDENTIALS", "No way to log in."), true};
  auto got = options_.authenticate(http_);
  if (!got) return attempt_end{got.error(), got.error().what != failure::kind::connection};
  access_token_ = got->access_token;
  access_expiry_ = std::chrono::steady_clock::now() + got->expires_in;
  return std::nullopt;
}

outcome<std::string> session_engine::access_token() {
  if (stopped_ || stopping_) return stopped_failure();
  if (auto end = ensure_token(false)) return end->why;
  return access_token_;
}

asio::awaitable<std::optional<session_engine::attempt_end>> session_engine::connect_once() {
  if (auto end = ensure_token(false)) co_return end;
  connection_ = std::make_shared<ws_connection>(io_.get_executor(), tls_, options_.timeout);
  if (options_.frame_observer) connection_->observe_frames(options_.frame_observer);
  auto connection = connection_;
  auto ec = co_await connection->open(options_.server);
  if (ec) co_return attempt_end{failure::connection("connect to " + options_.server.to_string() + ": " + ec.message())};
  if (auto end = co_await handshake()) {
    drop_connection();
    co_return end;
  }
  co_await serve();
  co_return attempt_end{failure::connection("connection lost")};
}

// hello, auth, sync. On success the session is online and the outbox resent.
asio::awaitable<std::optional<session_engine::attempt_end>> session_engine::handshake() {
  auto [ec, first] = co_await connection_->read();
  if (ec) co_return attempt_end{failure::connection("no hello: " + ec.message())};
  protocol::auth_request first_auth{access_token_, std::nullopt};
  if (!options_.counts_presence) first_auth.presence = false;
  protocol::request auth{std::move(first_auth)};
  auto authed = co_await handshake_request(std::move(auth));
  if (!authed) {
    // A token the server no longer takes: get a new one on the next attempt.
    if (authed.error().what == failure::kind::refused) access_token_.clear();
    co_return attempt_end{authed.error()};
  }
  const auto& auth_reply = std::get<protocol::auth_reply>(authed.value());
  user_ = auth_reply.user;
  // A sync reply holds at most max_reply_bytes: one far behind comes in pages.
  protocol::conversation_id after = 0;
  for (;;) {
    protocol::request sync{protocol::sync_request{seqs_.since(), after}};
    auto synced = co_await handshake_request(std::move(sync));
    if (!synced) co_return attempt_end{synced.error()};
    const auto& page = std::get<protocol::sync_reply>(synced.value());
    apply_sync(page);
    if (!page.has_more || page.conversations.empty()) break;
    after = page.conversations.back().conversation;
  }
  online_ = true;
  ever_online_ = true;
  backoff_.reset();
  set_state(connection_state::online);
  for (const auto& send : outbox_.pending()) transmit_send(send);
  co_return std::nullopt;
}

// One request before the session is online: read frames until its reply,
// handling whatever else comes meanwhile.
asio::awaitable<outcome<protocol::reply>> session_engine::handshake_request(protocol::request r) {
  const std::string id = "h" + std::to_string(++next_id_);
  const std::string type(protocol::type_name(r));
  if (!connection_->send(protocol::encode_request(id, r))) co_return failure::connection("connection closed");
  for (;;) {
    auto [ec, text] = co_await connection_->read();
    if (ec) co_return failure::connection("connection lost: " + ec.message());
    auto frame = protocol::decode_incoming(text);
    const auto* reply = frame ? std::get_if<protocol::incoming_reply>(&frame.value()) : nullptr;
    if (!reply || reply->id != id) {
      on_frame(text);
      continue;
    }
    auto body = protocol::decode_reply(text, type);
    if (!body) co_return failure::refused(std::string(info(body.err().code).code), body.err().message);
    co_return std::move(body).value();
  }
}

asio::awaitable<void> session_engine::serve() {
  auto connection = connection_;
  for (;;) {
    auto [ec, text] = co_await connection->read();
    if (ec) break;
    on_frame(text);
  }
  drop_connection();
}

// The connection is gone: requests waiting for a reply fail, except sends,
// which the outbox resends on the next connection.
void session_engine::drop_connection() {
  online_ = false;
  fetching_.clear();
  if (connection_) connection_->close();
  auto pending = std::exchange(pending_, {});
  for (auto& [id, p] : pending) {
    if (!p.resent_on_reconnect) p.done(failure::connection("The connection dropped before the reply."));
  }
}

void session_engine::request(protocol::request r, reply_handler done) {
  if (stopped_ || stopping_) return done(stopped_failure());
  if (auto* send = std::get_if<protocol::send_request>(&r)) {
    auto complete = [done](outcome<protocol::message> m) {
      if (!m) return done(m.error());
      done(protocol::reply(protocol::message_reply{std::move(m).value()}));
    };
    auto queued = outbox_.add(std::move(*send), std::move(complete));
    if (!queued) return done(failure::local("OUTBOX_FULL", "Too many messages wait to be sent."));
    if (online_) transmit_send(*queued);
    return;
  }
  if (!online_) return done(failure::connection("Not connected."));
  transmit(r, {std::string(protocol::type_name(r)), std::move(done)});
}

void session_engine::transmit(const protocol::request& r, pending_request p) {
  const std::string id = std::to_string(++next_id_);
  if (!connection_ || !connection_->send(protocol::encode_request(id, r))) {
    if (!p.resent_on_reconnect) p.done(failure::local("BUSY", "Too many requests wait to be written."));
    return;
  }
  pending_.emplace(id, std::move(p));
}

void session_engine::transmit_send(const protocol::send_request& r) {
  auto acknowledged = [this, client_msg_id = r.client_msg_id](outcome<protocol::reply> reply) {
    auto done = outbox_.take(client_msg_id);
    if (!done) return;
    if (!reply) return (*done)(reply.error());
    const auto* ack = std::get_if<protocol::message_reply>(&reply.value());
    if (!ack) return (*done)(failure::local("BAD_RESPONSE", "message.send got a reply without a message."));
    (*done)(ack->msg);
  };
  transmit(protocol::request(r), {"message.send", std::move(acknowledged), true});
}

// In-band re-authentication on token.expiring: refresh over HTTP, then `auth`
// on the same connection. If either fails the server closes at expiry and
// the reconnect path logs in again.
void session_engine::renew_token() {
  if (ensure_token(true)) return;
  auto renewed = [this](outcome<protocol::reply> r) {
    if (!r) access_token_.clear();
  };
  transmit(protocol::request(protocol::auth_request{access_token_, std::nullopt}), {"auth", std::move(renewed)});
}

}  // namespace natter::client
