#pragma once
// One STOMP 1.2 connection over WebSocket (GET /stomp, docs/stomp.md): the
// same realtime core as the JSON protocol's websocket_session (the same
// dispatcher, hub, session gate, inbox, outbound queue and limits), spoken
// in STOMP frames.
//
// All state lives on the connection's strand. Frames are read in order;
// SEND and ACK run as requests of their own (at most
// limits.in_flight_requests at once, then reading pauses), while CONNECT,
// SUBSCRIBE, UNSUBSCRIBE and DISCONNECT wait for those in flight and run
// before the next frame is read, so that what follows them sees their
// effect. A frame that cannot be served is answered with ERROR and the
// connection closes.
//
// Conversation events reach the subscriptions only once the first
// subscription to events (/user/queue/events or /topic/conversations.<id>)
// has run the session's sync (its `since` says where the client stands);
// a later subscription with `since` catches up from history while the live
// events for it wait, so each subscription sees its events once, in order.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <map>
#include <memory>
#include <optional>

#include "delivery/session_gate.hpp"
#include "realtime/coalescing_stream.hpp"
#include "realtime/session_env.hpp"
#include "realtime/session_inbox.hpp"
#include "realtime/stomp_wire.hpp"
#include "realtime/upgrade_auth.hpp"
#include "stomp/frame.hpp"

namespace natter::realtime {

template <class NextLayer>
class stomp_session final : public delivery::session_handle,
                            public std::enable_shared_from_this<stomp_session<NextLayer>> {
 public:
  stomp_session(NextLayer stream, session_env& env, std::string remote, connection_limiter::ticket ticket);
  ~stomp_session() override;

  // Accepts the upgrade and serves until the connection closes. identity:
  // from an Authorization header on the upgrade, used by a CONNECT that
  // carries no token of its own.
  boost::asio::awaitable<void> run(upgrade_request upgrade, std::optional<upgrade_identity> identity);
  auto executor() { return ws_.get_executor(); }

  void deliver_conversation(store::conversation_id c, store::seq_t seq, const delivery::frame& f) override;
  void deliver_user(const delivery::frame& f) override;
  void end_if_session_in(std::shared_ptr<const std::vector<std::string>> families) override;
  void recheck_session() override;
  void shutdown();

 private:
  // A subscription's live events wait in `held` while it catches up from
  // history (a `since` after delivery began).
  struct held_event {
    conversation_id conversation = 0;
    seq_t seq = 0;
    delivery::frame f;
  };
  struct subscription {
    std::string id;
    stomp_wire::destination where;
    std::string name;   // the destination as subscribed
    bool acks = false;  // ack: client or client-individual
    bool catching_up = false;
    std::vector<held_event> held;
  };

  boost::asio::awaitable<void> read_loop();
  // One frame; false when the connection is closing.
  boost::asio::awaitable<bool> on_frame(stomp::frame f);
  boost::asio::awaitable<void> connect(const stomp::frame& f);
  boost::asio::awaitable<void> subscribe(const stomp::frame& f);
  void unsubscribe(const stomp::frame& f);
  boost::asio::awaitable<void> send(stomp::frame f);
  boost::asio::awaitable<void> ack(stomp::frame f);
  // answer: the reply goes to /user/queue/replies (not for an ACK).
  boost::asio::awaitable<void> run_request(std::string id, protocol::request req, std::optional<std::string> receipt,
                                           bool answer);
  boost::asio::awaitable<reply_text> authenticate(const std::string& id, const std::string& token);
  // The session's first sync, with what the client holds; its backlog goes to sub.
  boost::asio::awaitable<status> first_sync(const std::string& sub, std::map<conversation_id, seq_t> since);
  // A later subscription's backlog, from history.
  boost::asio::awaitable<status> catch_up(const std::string& sub, std::map<conversation_id, seq_t> since);
  // Entries of c after seq `after`, from history, to sub; the last seq sent.
  boost::asio::awaitable<result<seq_t>> history_after(const std::string& sub, conversation_id c, seq_t after);
  // One backlog event (sync, history) to sub, if it wants it; waits for room.
  boost::asio::awaitable<void> backlog(const std::string& sub, conversation_id c, seq_t seq, std::string json,
                                       bool user_event);
  boost::asio::awaitable<void> wait_idle();
  boost::asio::awaitable<void> auth_deadline();
  boost::asio::awaitable<void> recheck();
  boost::asio::awaitable<void> beat();
  boost::asio::awaitable<void> listen_for_beats();
  void watch_expiry();
  bool signed_in(const core::access_claims& claims, const core::caller& who);

  void to_inbox(session_inbox::event e);
  void drain_inbox();
  void on_conversation_event(conversation_id c, seq_t seq, const delivery::frame& f);
  // A live event to every subscription it belongs to.
  void fan_out(conversation_id c, seq_t seq, const delivery::frame& f, bool user_event);
  void send_message(subscription& s, conversation_id c, seq_t seq, std::string_view json);
  subscription* find(std::string_view id);
  // A reply to the subscriptions of /user/queue/replies.
  void reply_message(const std::string& request_id, const reply_text& reply);

  void enqueue(std::string_view text);
  boost::asio::awaitable<void> room_for(std::size_t bytes);
  void enqueue_reply(std::string_view text);
  // ERROR, then close (WebSocket close code as the JSON protocol would use).
  // code 0: 4001 for unauthorized and token_expired, 4029 for
  // too_many_connections, else 1000.
  void fail(const error& e, const std::string* receipt = nullptr, std::uint16_t code = 0);
  void close_with(std::uint16_t code, const std::string& reason);
  boost::asio::ip::tcp::socket& socket();
  void log_opened() const;
  void log_closed();

  boost::beast::websocket::stream<coalescing_stream<NextLayer>> ws_;
  session_env& env_;
  std::string remote_;
  connection_limiter::ticket ticket_;
  std::uint64_t registration_ = 0;
  std::optional<upgrade_identity> upgrade_identity_;
  stomp::frame_limits frame_limits_;

  std::optional<core::caller> user_;
  bool connected_ = false;  // CONNECTED sent
  std::string session_id_;
  unix_ms expires_at_ = 0;
  std::uint64_t auth_generation_ = 0;
  delivery::session_gate gate_;
  bool delivering_ = false;  // the first sync began: later subscriptions catch up from history
  session_inbox inbox_;
  std::vector<session_inbox::event> drained_;
  std::vector<subscription> subscriptions_;
  std::uint64_t next_message_ = 0;  // message-ids of what has no seq, and request ids
  stomp_wire::heart_beat beats_;
  std::chrono::steady_clock::time_point last_heard_;

  bool closing_ = false;
  bool ended_ = false;
  std::string log_id_;
  std::chrono::steady_clock::time_point opened_at_;
  std::uint16_t close_code_ = 0;
  std::string close_reason_;
  std::uint64_t requests_read_ = 0;
  std::uint64_t events_sent_ = 0;

  int in_flight_ = 0;
  boost::asio::steady_timer reader_wake_;
  boost::asio::steady_timer idle_wake_;  // wait_idle: cancelled when a request ends
  boost::asio::steady_timer room_wake_;
  boost::asio::steady_timer auth_timer_;
  boost::asio::steady_timer expiry_timer_;
  boost::asio::steady_timer beat_timer_;
  boost::asio::steady_timer listen_timer_;
};

// As start_websocket, for GET /stomp.
void start_stomp(boost::beast::tcp_stream stream, upgrade_request upgrade, session_env& env, std::string remote,
                 connection_limiter::ticket ticket, std::optional<upgrade_identity> identity);
void start_stomp(boost::beast::ssl_stream<boost::beast::tcp_stream> stream, upgrade_request upgrade, session_env& env,
                 std::string remote, connection_limiter::ticket ticket, std::optional<upgrade_identity> identity);

}  // namespace natter::realtime
