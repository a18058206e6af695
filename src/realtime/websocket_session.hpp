#pragma once
// One WebSocket connection (protocol v1, docs/protocol.md part 2).
//
// All state lives on the connection's strand. Reading: one frame at a time,
// each request run as its own coroutine (at most limits.in_flight_requests at
// once; beyond that reading pauses, which pushes back on the client through
// TCP). Writing: frames are appended to the coalescing stream under the
// WebSocket (one buffer, flushed in one write whenever the socket is free).
// A live event that does not fit in the queue marks a slow consumer, closed
// with 4008; a reply waits for room instead (its request stays in flight, so
// a client that does not read stops being read), since the client asked for
// it and sync and history replies are bounded (protocol/reply_budget.hpp).
// Live events come through the session's inbox: the hub pushes from any
// thread, and only the first push of a burst posts a drain, which handles
// everything waiting in one turn of the strand and sends it in one write.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
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

template <class NextLayer>
class websocket_session final : public delivery::session_handle,
                                public std::enable_shared_from_this<websocket_session<NextLayer>> {
 public:
  // ticket: the connection's place under the connection caps, held for its life.
  websocket_session(NextLayer stream, session_env& env, std::string remote, connection_limiter::ticket ticket);
  ~websocket_session() override;

  // Accepts the upgrade and serves until the connection closes; signed in
  // from the start when the upgrade carried valid credentials.
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
  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<void> handle(std::string id, protocol::request req);
  boost::asio::awaitable<reply_text> authenticate(const std::string& id, const protocol::auth_request& auth);
  boost::asio::awaitable<reply_text> sync(const std::string& id, protocol::sync_request req);
  boost::asio::awaitable<void> auth_deadline();
  boost::asio::awaitable<void> recheck();
  void watch_expiry();
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
  void close_with(std::uint16_t code, std::string reason);
  boost::asio::ip::tcp::socket& socket();
  // The session's open and close log lines (and the close metrics).
  void log_opened() const;
  void log_closed();
  // False when this is a new user of the session and they already hold
  // limits.sessions_per_user sessions: then nothing changed. The first
  // sign-in decides whether the connection counts toward the user's presence.
  bool signed_in(const core::access_claims& claims, core::caller who, bool counts_presence = true);

  boost::beast::websocket::stream<coalescing_stream<NextLayer>> ws_;
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
};

// Starts a WebSocket session on stream (plain or TLS) for this upgrade request,
// on the stream's executor (a strand), and returns at once: the session owns
// itself, so nothing of the HTTP connection that carried the upgrade stays
// allocated for the life of the WebSocket. A plain session runs on the bare
// socket (the WebSocket keeps its own timeouts; beast::tcp_stream's timer
// state would cost every idle connection about a kilobyte).
// identity: from authenticate_upgrade, which the caller ran first; ticket: the
// connection's place under the connection caps.
void start_websocket(boost::beast::tcp_stream stream, upgrade_request upgrade, session_env& env, std::string remote,
                     connection_limiter::ticket ticket, std::optional<upgrade_identity> identity);
void start_websocket(boost::beast::ssl_stream<boost::beast::tcp_stream> stream, upgrade_request upgrade,
                     session_env& env, std::string remote, connection_limiter::ticket ticket,
                     std::optional<upgrade_identity> identity);

}  // namespace natter::realtime
