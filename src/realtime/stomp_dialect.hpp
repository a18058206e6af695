#pragma once
// STOMP 1.2's dialect of websocket_session (GET /stomp, docs/stomp.md): the
// same realtime core as the JSON protocol (the same dispatcher, hub, session
// gate, inbox, outbound queue, limits, sign-in and token expiry), spoken in
// STOMP frames. What is STOMP's alone lives here: frames, subscriptions,
// receipts and heart-beats.
//
// Frames are read in order; SEND and ACK run as requests of their own (at
// most limits.in_flight_requests at once, then reading pauses), while
// CONNECT, SUBSCRIBE, UNSUBSCRIBE and DISCONNECT wait for those in flight and
// run before the next frame is read, so that what follows them sees their
// effect. A frame that cannot be served is answered with ERROR and the
// connection closes.
//
// Conversation events reach the subscriptions only once the first
// subscription to events (/user/queue/events or /topic/conversations.<id>)
// has run the session's sync (its `since` says where the client stands);
// a later subscription with `since` catches up from history while the live
// events for it wait, so each subscription sees its events once, in order.
//
// stomp_dialect_frames.hpp holds what a client sends, stomp_dialect_delivery.hpp
// what goes out to subscriptions.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/session_env.hpp"
#include "realtime/stomp_wire.hpp"
#include "realtime/upgrade_auth.hpp"
#include "realtime/websocket_session.hpp"
#include "stomp/frame.hpp"

namespace natter::realtime {

class stomp_dialect {
 public:
  static constexpr std::string_view log_protocol = "stomp";
  // A request's reply goes to /user/queue/replies when answer (not for an
  // ACK); the receipt, if asked for, follows it.
  struct after_reply {
    std::optional<std::string> receipt;
    bool answer = true;
  };

  template <class Executor>
  stomp_dialect(const Executor& strand, const session_env& env)
      : frame_limits_(stomp_wire::frame_limits(static_cast<std::size_t>(env.hello.max_frame_bytes))),
        idle_wake_(strand),
        beat_timer_(strand),
        listen_timer_(strand) {}

  // Answers with the subprotocol the client offered (v12.stomp or v11.stomp).
  template <class WebSocket>
  void prepare(WebSocket& ws, const upgrade_request& upgrade);
  // identity: from an Authorization header on the upgrade, used by a CONNECT
  // that carries no token of its own.
  template <class S>
  void opened(S& s, std::optional<upgrade_identity>& identity);
  // Every frame of the message, in order.
  template <class S>
  boost::asio::awaitable<void> on_message(S& s, const boost::beast::flat_buffer& buffer);
  template <class S>
  boost::asio::awaitable<reply_text> sync(S& s, const std::string& id, protocol::sync_request req);
  template <class S>
  boost::asio::awaitable<void> answer(S& s, const std::string& id, const reply_text& reply, after_reply tail);
  template <class S>
  void push_user(S& s, const delivery::frame& f) {
    fan_out(s, 0, 0, f, true);
  }
  template <class S>
  void push_conversation(S& s, conversation_id c, seq_t seq, const delivery::frame& f) {
    fan_out(s, c, seq, f, false);
  }
  // ERROR, then the close the JSON protocol would use.
  template <class S>
  void end(S& s, ending why);
  template <class S>
  void ended(S& s);

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

  // One frame; false when the connection is closing.
  template <class S>
  boost::asio::awaitable<bool> on_frame(S& s, stomp::frame f);
  template <class S>
  boost::asio::awaitable<void> connect(S& s, const stomp::frame& f);
  template <class S>
  boost::asio::awaitable<void> subscribe(S& s, const stomp::frame& f);
  template <class S>
  void unsubscribe(S& s, const stomp::frame& f);
  template <class S>
  boost::asio::awaitable<void> send(S& s, stomp::frame f);
  template <class S>
  boost::asio::awaitable<void> ack(S& s, stomp::frame f);
  // Waits until no request is in flight.
  template <class S>
  boost::asio::awaitable<void> wait_idle(S& s);
  template <class S>
  boost::asio::awaitable<void> beat(S& s);
  template <class S>
  boost::asio::awaitable<void> listen_for_beats(S& s);

  // The session's first sync, with what the client holds; its backlog goes to sub.
  template <class S>
  boost::asio::awaitable<status> first_sync(S& s, const std::string& sub, std::map<conversation_id, seq_t> since);
  // A later subscription's backlog, from history.
  template <class S>
  boost::asio::awaitable<status> catch_up(S& s, const std::string& sub, std::map<conversation_id, seq_t> since);
  // Entries of c after seq `after`, from history, to sub; the last seq sent.
  template <class S>
  boost::asio::awaitable<result<seq_t>> history_after(S& s, const std::string& sub, conversation_id c, seq_t after);
  // One backlog event (sync, history) to sub, if it wants it; waits for room.
  template <class S>
  boost::asio::awaitable<void> backlog(S& s, const std::string& sub, conversation_id c, seq_t seq, std::string json,
                                       bool user_event);
  // A live event to every subscription it belongs to.
  template <class S>
  void fan_out(S& s, conversation_id c, seq_t seq, const delivery::frame& f, bool user_event);
  template <class S>
  void send_message(S& s, subscription& sub, conversation_id c, seq_t seq, std::string_view json);
  // "<conversation>.<seq>" for a log entry, "n<counter>" for what has no seq.
  std::string message_id(conversation_id c, seq_t seq);
  subscription* find(std::string_view id);
  // A reply to the subscriptions of /user/queue/replies.
  template <class S>
  void reply_message(S& s, const std::string& request_id, const reply_text& reply);
  // ERROR, then close (WebSocket close code as the JSON protocol would use).
  // code 0: 4001 for unauthorized and token_expired, 4029 for
  // too_many_connections, else 1000.
  template <class S>
  void fail(S& s, const error& e, const std::string* receipt = nullptr, std::uint16_t code = 0);

  stomp::frame_limits frame_limits_;
  std::optional<upgrade_identity> upgrade_identity_;
  bool connected_ = false;   // CONNECTED sent
  bool delivering_ = false;  // the first sync began: later subscriptions catch up from history
  std::vector<subscription> subscriptions_;
  std::uint64_t next_message_ = 0;  // message-ids of what has no seq, and request ids
  stomp_wire::heart_beat beats_;
  std::chrono::steady_clock::time_point last_heard_;
  boost::asio::steady_timer idle_wake_;  // wait_idle: cancelled when a request ends
  boost::asio::steady_timer beat_timer_;
  boost::asio::steady_timer listen_timer_;
};

}  // namespace natter::realtime
