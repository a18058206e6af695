#pragma once
// The working part of a session (session.hpp is its thread-safe face): the
// connection loop (authenticate, connect, auth, sync, serve, back off,
// again), requests and their replies, the outbox, and the seq filter.
// Thread: every member runs on the session's one I/O thread; session posts
// calls here.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "client/backoff.hpp"
#include "client/http_api.hpp"
#include "client/outbox.hpp"
#include "client/seq_tracker.hpp"
#include "client/session_event.hpp"
#include "client/session_options.hpp"
#include "client/ws_connection.hpp"
#include "protocol/codec.hpp"

namespace natter::client {

class session_engine {
 public:
  using reply_handler = std::function<void(outcome<protocol::reply>)>;
  using event_sink = std::function<void(session_event)>;

  session_engine(boost::asio::io_context& io, session_options options, event_sink sink);

  // Starts the connection loop. Once.
  void start();
  // Ends the connection and the loop; pending requests and unsent messages
  // fail with local STOPPED.
  void stop();
  // Sends a request. message.send goes through the outbox: it waits while
  // offline and is resent after a reconnect until acknowledged. Any other
  // request fails at once with a connection failure while offline, and when
  // the connection drops before its reply.
  void request(protocol::request r, reply_handler done);

  std::optional<protocol::user_summary> user() const { return user_; }
  // The session's access token, refreshed first when less than a minute of
  // it is left. Errors: what the authenticator gives; local STOPPED.
  outcome<std::string> access_token();
  // Immutable after construction: safe to read from any thread.
  const http_api& http() const { return http_; }

 private:
  struct pending_request {
    std::string type;
    reply_handler done;
    bool resent_on_reconnect = false;  // a send: the outbox owns its fate
  };
  struct attempt_end {
    failure why;
    bool fatal = false;
  };

  boost::asio::awaitable<void> run();
  boost::asio::awaitable<std::optional<attempt_end>> connect_once();
  boost::asio::awaitable<std::optional<attempt_end>> handshake();
  boost::asio::awaitable<outcome<protocol::reply>> handshake_request(protocol::request r);
  boost::asio::awaitable<void> serve();
  std::optional<attempt_end> ensure_token(bool force);
  bool give_up(const std::optional<attempt_end>& end, int& failures);

  void set_state(connection_state state, std::optional<failure> reason = {});
  void on_frame(const std::string& text);
  void on_reply(const protocol::incoming_reply& reply, const std::string& text);
  void on_event(protocol::event e);
  void deliver(const protocol::log_event& e);
  void apply_sync(const protocol::sync_reply& s);
  void fetch_after(protocol::conversation_id conversation);
  void renew_token();
  void transmit(const protocol::request& r, pending_request p);
  void transmit_send(const protocol::send_request& r);
  void drop_connection();
  void finish(const failure& why);

  boost::asio::io_context& io_;
  session_options options_;
  event_sink sink_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  http_api http_;
  backoff backoff_;
  boost::asio::steady_timer retry_timer_;
  std::shared_ptr<ws_connection> connection_;
  std::map<std::string, pending_request> pending_;
  outbox outbox_;
  seq_tracker seqs_;
  std::set<protocol::conversation_id> fetching_;
  std::optional<protocol::user_summary> user_;
  std::string access_token_;
  std::chrono::steady_clock::time_point access_expiry_{};
  connection_state state_ = connection_state::connecting;
  bool state_announced_ = false;
  bool online_ = false;
  bool ever_online_ = false;
  bool stopping_ = false;
  bool stopped_ = false;
  std::uint64_t next_id_ = 0;
};

}  // namespace natter::client
