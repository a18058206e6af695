#pragma once
// A logged-in connection to natterd that stays up: the client library's main
// class. It runs on its own thread with its own io_context, and
//  - gets an access token through options.authenticate (login or refresh),
//  - connects (ws or wss), authenticates with `auth`, and syncs,
//  - refreshes and re-authenticates in-band on `token.expiring`,
//  - reconnects with capped, jittered exponential backoff when the connection
//    drops, then syncs from the last seq it holds per conversation, so that
//    every conversation event reaches the user once and in order,
//  - keeps unacknowledged sends in an outbox and resends them after a
//    reconnect with the same client_msg_id (the server never stores one twice).
//
// Every public member is thread-safe. Results arrive as futures or through
// callbacks; callbacks and the event handler run on the session's thread and
// must not block it (nor call a future's get() on the same session).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>

#include "client/http_api.hpp"
#include "client/outcome.hpp"
#include "client/reply_type.hpp"
#include "client/session_event.hpp"
#include "client/session_options.hpp"
#include "protocol/frames.hpp"

namespace natter::client {

class event_queue;
class session_engine;

class session {
 public:
  using event_handler = std::function<void(const session_event&)>;
  using reply_handler = std::function<void(outcome<protocol::reply>)>;

  // Throws boost::system::system_error when options.tls.ca_file cannot be
  // read. Does not connect: see start().
  explicit session(session_options options);
  // Stops and joins the session's thread.
  ~session();
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  // Events go to `handler` (on the session's thread) instead of the queue.
  // Call before start().
  void on_event(event_handler handler);
  // Starts connecting. Once.
  void start();
  // Disconnects for good; pending requests and unsent messages fail with
  // local STOPPED. Idempotent.
  void stop();

  // The next event from the queue, or nothing within `wait`.
  std::optional<session_event> next_event(std::chrono::milliseconds wait);
  connection_state state() const;
  // Waits until online (ok), stopped (its reason) or `wait` passes
  // (connection failure TIMEOUT).
  outcome<success> wait_online(std::chrono::milliseconds wait) const;
  // Who this session is logged in as, once it has been online.
  std::optional<protocol::user_summary> user() const;

  // Any request. See session_engine::request for what happens offline:
  // message.send waits in the outbox, everything else fails at once.
  void request(protocol::request r, reply_handler done);
  std::future<outcome<protocol::reply>> request(protocol::request r);

  // Typed: call(protocol::room_list_request{}) gives outcome<rooms_reply>.
  template <class Request>
  std::future<outcome<reply_type_t<Request>>> call(Request r) {
    using reply = reply_type_t<Request>;
    auto promise = std::make_shared<std::promise<outcome<reply>>>();
    auto result = promise->get_future();
    request(protocol::request(std::move(r)), [promise](outcome<protocol::reply> got) {
      if (!got) return promise->set_value(got.error());
      auto* body = std::get_if<reply>(&got.value());
      if (!body) return promise->set_value(failure::local("BAD_RESPONSE", "Unexpected reply body."));
      promise->set_value(std::move(*body));
    });
    return result;
  }

  // An access token of this user for HTTP calls (uploads and downloads with
  // http()): the session's own while more than a minute of it is left, else
  // a fresh one from options.authenticate. Errors: what the authenticator
  // gives; local STOPPED.
  std::future<outcome<std::string>> access_token();
  // natterd's HTTP API, with the session's TLS settings and timeout.
  const http_api& http() const;

  // message.send to "@user" or "#room" (a new client_msg_id each call).
  std::future<outcome<protocol::message_reply>> send_text(std::string to, std::string text);
  std::future<outcome<protocol::message_reply>> send_text(protocol::conversation_id conversation, std::string text);

 private:
  void publish(session_event e);

  struct runner;
  std::unique_ptr<event_queue> queue_;
  event_handler handler_;
  mutable std::mutex state_mutex_;
  mutable std::condition_variable state_changed_;
  connection_state state_ = connection_state::connecting;
  std::optional<failure> stop_reason_;
  std::optional<protocol::user_summary> user_;
  std::unique_ptr<runner> runner_;
};

}  // namespace natter::client
