#pragma once
// One WebSocket connection of either protocol: the JSON protocol on /ws
// (json_dialect, docs/protocol.md part 2) or STOMP 1.2 on /stomp
// (stomp_dialect, docs/stomp.md). The session is the realtime core both
// share; the dialect only reads the peer's messages and says things in its
// own frames.
//
// All state lives on the connection's strand. Reading: one message at a time;
// requests run as coroutines of their own (at most limits.in_flight_requests
// at once; beyond that reading pauses, which pushes back on the client
// through TCP). Writing: frames are appended to the coalescing stream under
// the WebSocket (one buffer, flushed in one write whenever the socket is
// free). A live event that does not fit in the queue marks a slow consumer,
// closed with 4008; a reply waits for room instead (its request stays in
// flight, so a client that does not read stops being read), since the client
// asked for it and replies are bounded (protocol/reply_budget.hpp).
// Live events come through the session's inbox: the hub pushes from any
// thread, and only the first push of a burst posts a drain, which handles
// everything waiting in one turn of the strand and sends it in one write;
// conversation events pass the session gate (sync/live handover, once each).
//
// What a Dialect provides (all on the strand; S is the session):
//   static constexpr std::string_view log_protocol   "protocol" in the log, or empty
//   struct after_reply                                what a request's reply needs besides it
//   void prepare(ws, const upgrade_request&)          before the upgrade is accepted
//   void opened(S&, std::optional<upgrade_identity>&)  once accepted (it may take the identity)
//   awaitable<void> on_message(S&, buffer)            one WebSocket message (not while closing)
//   awaitable<reply_text> sync(S&, id, sync_request)  the sync request
//   awaitable<void> answer(S&, id, reply_text, after_reply)  a request's reply
//   void push_user(S&, const delivery::frame&)        a live event to the user
//   void push_conversation(S&, c, seq, const delivery::frame&)  one the gate let through
//   void end(S&, ending)                              the session must end, for this reason
//   void ended(S&)                                    the connection is gone

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <memory>
#include <optional>

#include "delivery/session_gate.hpp"
#include "realtime/coalescing_stream.hpp"
#include "realtime/session_env.hpp"
#include "realtime/session_inbox.hpp"
#include "realtime/upgrade_auth.hpp"

namespace natter::realtime {

// Close codes of the protocol (docs/protocol.md).
inline constexpr std::uint16_t close_unauthorized = 4001;
inline constexpr std::uint16_t close_session_ended = 4003;
inline constexpr std::uint16_t close_slow_consumer = 4008;
inline constexpr std::uint16_t close_too_many_connections = 4029;

// Why the core ends a session; each dialect says it in its own words.
enum class ending {
  auth_timeout,       // not signed in within limits.auth_timeout
  token_expired,      // the access token it signed in with expired
  session_ended,      // the session (token family) was ended elsewhere
  too_many_sessions,  // the user holds limits.sessions_per_user already
};

template <class Dialect, class NextLayer>
class websocket_session final : public delivery::session_handle,
                                public std::enable_shared_from_this<websocket_session<Dialect, NextLayer>> {
 public:
  using ws_stream = boost::beast::websocket::stream<coalescing_stream<NextLayer>>;

  // ticket: the connection's place under the connection caps, held for its life.
  websocket_session(NextLayer stream, session_env& env, std::string remote, connection_limiter::ticket ticket);
  ~websocket_session() override;

  // Accepts the upgrade and serves until the connection closes. identity:
  // from the upgrade's credentials (authenticate_upgrade), if it had any.
  boost::asio::awaitable<void> run(upgrade_request upgrade, std::optional<upgrade_identity> identity);
  // The session's strand.
  auto executor() { return ws_.get_executor(); }

  void deliver_conversation(store::conversation_id c, store::seq_t seq, const delivery::frame& f) override;
  void deliver_user(const delivery::frame& f) override;
  void end_if_session_in(std::shared_ptr<const std::vector<std::string>> families) override;
  void recheck_session() override;

  // Server shutdown: close with 1001. Thread-safe.
  void shutdown();

 private:
  friend Dialect;  // the dialect drives the session through the members below

  boost::asio::awaitable<void> read_loop();
  // Waits while limits.in_flight_requests requests run (not once closing).
  boost::asio::awaitable<void> wait_for_slot();
  // Runs req as a request of its own; the dialect answers it with tail.
  void start_request(std::string id, protocol::request req, typename Dialect::after_reply tail);
  boost::asio::awaitable<void> run_request(std::string id, protocol::request req, typename Dialect::after_reply tail);
  // The reply to one request: auth and sync here and in the dialect, the rest by the dispatcher.
  boost::asio::awaitable<reply_text> reply_to(const std::string& id, protocol::request req);
  // The auth request: a new token for the same user (or the first sign-in).
  boost::asio::awaitable<reply_text> authenticate(const std::string& id, const std::string& token, bool presence);
  // False when this is a new user of the session and they already hold
  // limits.sessions_per_user sessions: then nothing changed (the refusal is
  // counted; the caller ends the session). The first sign-in decides whether
  // the connection counts toward the user's presence.
  bool signed_in(const upgrade_identity& identity, bool counts_presence = true);
  boost::asio::awaitable<void> auth_deadline();
  boost::asio::awaitable<void> recheck();
  void watch_expiry();
  void end(ending why) { dialect_.end(*this, why); }

  // A sync: the gate holds live events from sync_started until sync_ended,
  // which releases those the backlog did not cover (covered: what it did;
  // nothing when the sync failed) after first() ran.
  boost::asio::awaitable<void> sync_started();
  template <class First>
  void sync_ended(const std::vector<std::pair<store::conversation_id, store::seq_t>>* covered, First first);

  // Any thread: adds a live event to the inbox, posting a drain if none is pending.
  void to_inbox(session_inbox::event e);
  // On the strand: everything in the inbox, in order, then one write.
  void drain_inbox();
  void on_conversation_event(store::conversation_id c, store::seq_t seq, const delivery::frame& f);
  // Queues one frame for the peer (copied into the stream's buffer); closes
  // with 4008 when the queue is full.
  void enqueue(std::string_view text);
  // Waits until a reply of this size fits in the queue (or the queue is empty).
  boost::asio::awaitable<void> room_for(std::size_t bytes);
  void enqueue_reply(std::string_view text);
  void close_with(std::uint16_t code, const std::string& reason);
  boost::asio::ip::tcp::socket& socket();
  // The session's open and close log lines (and the close metrics).
  void log_opened() const;
  void log_closed();

  ws_stream ws_;
  session_env& env_;
  std::string remote_;
  connection_limiter::ticket ticket_;
  std::uint64_t registration_ = 0;

  std::optional<core::caller> user_;
  bool counts_presence_ = false;  // auth "presence": false leaves the user's presence alone
  std::string session_id_;        // sid of the access token it authenticated with last
  unix_ms expires_at_ = 0;
  std::uint64_t auth_generation_ = 0;
  delivery::session_gate gate_;                // conversation events: sync/live handover, once each
  session_inbox inbox_;                        // live events from the hub, any thread
  std::vector<session_inbox::event> drained_;  // the inbox's last burst; on the strand

  bool closing_ = false;
  bool ended_ = false;  // the connection is gone; run() is over

  // For the log and metrics: set on the strand.
  std::string log_id_;  // random, names this connection in the log ("session")
  std::chrono::steady_clock::time_point opened_at_;
  std::uint16_t close_code_ = 0;  // set by close_with
  std::string close_reason_;
  std::uint64_t requests_read_ = 0;  // request frames read
  std::uint64_t events_sent_ = 0;    // live events queued to the peer

  int in_flight_ = 0;
  boost::asio::steady_timer reader_wake_;
  boost::asio::steady_timer room_wake_;  // never expires: cancelled after each write
  boost::asio::steady_timer auth_timer_;
  boost::asio::steady_timer expiry_timer_;
  [[no_unique_address]] Dialect dialect_;
};

// The dialects (json_dialect.hpp on /ws, stomp_dialect.hpp on /stomp).
class json_dialect;
class stomp_dialect;

// Starts a WebSocket session of Dialect on stream (plain or TLS) for this
// upgrade request, on the stream's executor (a strand), and returns at once:
// the session owns itself, so nothing of the HTTP connection that carried the
// upgrade stays allocated for the life of the WebSocket. A plain session runs
// on the bare socket (the WebSocket keeps its own timeouts; beast::tcp_stream's
// timer state would cost every idle connection about a kilobyte).
// identity: from authenticate_upgrade, which the caller ran first; ticket: the
// connection's place under the connection caps. Instantiated for both
// dialects (websocket_session_tcp/tls.cpp, stomp_session_tcp/tls.cpp).
template <class Dialect>
void start_session(boost::beast::tcp_stream stream, upgrade_request upgrade, session_env& env, std::string remote,
                   connection_limiter::ticket ticket, std::optional<upgrade_identity> identity);
template <class Dialect>
void start_session(boost::beast::ssl_stream<boost::beast::tcp_stream> stream, upgrade_request upgrade, session_env& env,
                   std::string remote, connection_limiter::ticket ticket, std::optional<upgrade_identity> identity);

}  // namespace natter::realtime
