#pragma once
// Real-time events across nodes (--bus redis://...), written against
// node_link (Redis pub/sub in production, memory_link in tests).
//
// A decorator of the local hub (core::event_sink): the origin node delivers
// each event to its own sessions directly and publishes it once, already
// encoded, on the conversation's channel (user events: on each user's
// channel). Other nodes deliver the received frame to their sessions of the
// conversation's members (core::membership_cache, reloaded from the shared
// store after a membership change). Nothing received is published again, and
// a node ignores its own publications.
//
// Ended sessions (logout, password change...) go to every node on one
// sessions channel: each marks them in its session_guard and closes its
// WebSockets of them. After the link comes back, each node forgets what it
// had read about open sessions and rechecks its WebSockets against the store,
// so an end published while the link was away is not missed for long.
//
// A node listens to the channels of the users it holds: their user channel
// and the channels of their conversations, counted by local user
// (local_routes). Membership changes are announced on one membership channel,
// after which the nodes holding a new member subscribe to the conversation
// and catch up on it from the store.
//
// Order and loss: conversation_sequencer delivers each conversation in seq
// order; a gap is filled from the store. After the link comes back, every
// subscribed conversation catches up from the store.
//
// Threads: publishing and listening happen on the link's threads; what is
// received is handled one at a time on a strand of the I/O executor
// (`inbox`, bounded: overflow drops, and gap repair fetches the dropped
// events when the conversation's next event arrives).

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <deque>
#include <variant>

#include "common/metrics.hpp"
#include "core/membership_cache.hpp"
#include "core/session_guard.hpp"
#include "delivery/bus_message.hpp"
#include "delivery/conversation_sequencer.hpp"
#include "delivery/hub.hpp"
#include "delivery/local_routes.hpp"
#include "delivery/node_link.hpp"
#include "store/database.hpp"

namespace natter::delivery {

struct relay_options {
  std::string node_id;                             // unique per running node
  std::string prefix = "natter";                   // channel and key prefix
  std::size_t inbox_limit = 65536;                 // received messages waiting; overflow: dropped (and repaired)
  std::chrono::milliseconds routes_timeout{3000};  // longest wait of a sync for subscriptions
  int catch_up_batch = 500;                        // log entries per catch-up read
};

// Audiences up to this size travel with the event (flag_exact).
inline constexpr std::size_t max_named_recipients = 64;

class relay final : public core::event_sink, public local_users_observer {
 public:
  // Starts the link; throws only on bad arguments. The link outlives the relay.
  relay(node_link& link, relay_options options, hub& sessions, store::database& db, core::membership_cache& members,
        core::session_guard& guard, boost::asio::any_io_executor io, metrics::registry& metrics);
  ~relay() override;
  void stop();

  // Received messages waiting to be delivered here: how far this node is
  // behind the bus. Any thread.
  std::size_t inbox_depth() const noexcept { return inbox_size_.load(std::memory_order_relaxed); }

  // core::event_sink (called by core services: writer or I/O threads).
  void to_conversation(store::conversation_id conversation, const core::member_list& members, store::seq_t seq,
                       const protocol::event& e) override;
  void to_users(const std::vector<store::user_id>& users, const protocol::event& e) override;
  void sessions_ended(store::user_id user, const std::vector<std::string>& families) override;

  // delivery::local_users_observer (called by the hub).
  void first_session(store::user_id user) override;
  void last_session_gone(store::user_id user) override;
  boost::asio::awaitable<void> routes_ready(store::user_id user) override;

 private:
  struct catch_up {
    store::conversation_id conversation;
  };
  struct reconcile {
    store::conversation_id conversation;
    store::seq_t delivered;
  };
  struct load_user {
    store::user_id user;
  };
  struct drop_unwanted {
    std::vector<store::conversation_id> conversations;
  };
  struct resync_all {};
  using job = std::variant<bus_message, catch_up, reconcile, load_user, drop_unwanted, resync_all>;

  void on_message(std::string channel, std::string payload);  // subscriber thread
  void enqueue(job j);                                        // any thread
  boost::asio::awaitable<void> work();
  boost::asio::awaitable<void> handle(bus_message m);
  boost::asio::awaitable<void> handle(catch_up j);
  boost::asio::awaitable<void> handle(reconcile j);
  boost::asio::awaitable<void> handle(load_user j);
  boost::asio::awaitable<void> handle(drop_unwanted j);
  boost::asio::awaitable<void> handle(resync_all j);
  boost::asio::awaitable<core::member_list> members_of(store::conversation_id c);

  void want_conversation(store::conversation_id c, store::seq_t delivered);
  // Without holding up the inbox meanwhile.
  void catch_up_later(store::conversation_id c, std::chrono::milliseconds delay);
  // drop_unwanted again once c's held events had time to go out.
  void drop_later(store::conversation_id c);
  void publish(const std::string& channel, const bus_message& m);
  void set_ready(store::user_id user);
  void deliver(store::conversation_id c, const sequenced_event& e);

  node_link& link_;
  relay_options options_;
  channels channels_;
  hub& hub_;
  store::database& db_;
  core::membership_cache& members_;
  core::session_guard& guard_;
  metrics::registry& metrics_;
  metrics::counter& received_;  // counted per message: looked up once
  metrics::counter& inbox_dropped_;
  local_routes routes_;
  conversation_sequencer sequencer_;
  boost::asio::strand<boost::asio::any_io_executor> strand_;

  std::atomic<std::size_t> inbox_size_{0};
  std::deque<job> inbox_;  // on strand_
  bool working_ = false;   // on strand_

  std::mutex waiters_mutex_;
  std::unordered_map<store::user_id, std::vector<std::shared_ptr<boost::asio::steady_timer>>> waiters_;
};

}  // namespace natter::delivery
