#pragma once
// Presence and typing. Who is online lives in memory (per node): a user is
// online from their first session on, and offline `offline_grace` after their
// last session closed (a reconnect within the grace period shows nothing).
// A chosen status (away, busy, invisible) lasts while the user stays online.
// Invisible users appear offline to others. last_seen is stored when a user
// goes offline. Presence goes to the user's presence audience (contacts, in
// both directions, and fellow members of direct chats and groups).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "core/event_sink.hpp"
#include "core/membership_cache.hpp"
#include "core/rate_limiter.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

struct presence_options {
  std::chrono::milliseconds offline_grace{3000};
  rate_limit typing{3, 30};  // per user and conversation
};

class presence {
 public:
  presence(store::database& db, event_sink& sink, membership_cache& members, const clock& clock,
           boost::asio::any_io_executor timers, presence_options options);

  // A session of the user opened / closed.
  boost::asio::awaitable<void> connected(caller who);
  void disconnected(const caller& who);

  // Errors: validation_failed (field status).
  boost::asio::awaitable<status> set_status(caller who, std::string status);

  // Errors: not_a_member, rate_limited.
  boost::asio::awaitable<status> typing(caller who, store::conversation_id c);

  // The presence of the people the user can see.
  boost::asio::awaitable<result<std::vector<protocol::presence_event>>> visible_to(caller who);

  // What others see of u right now ("online", "away", "busy" or "offline").
  std::string status_of(store::user_id u) const;

 private:
  struct entry {
    std::string username;
    int sessions = 0;
    std::string chosen = "online";  // online | away | busy | invisible
    std::uint64_t generation = 0;   // bumps on every connect, cancels stale offline timers
  };
  static std::string visible(const entry& e);
  boost::asio::awaitable<void> broadcast(caller who, std::string status, unix_ms last_seen);
  boost::asio::awaitable<void> go_offline_later(caller who, std::uint64_t generation);

  store::database& db_;
  event_sink& sink_;
  membership_cache& members_;
  const clock& clock_;
  boost::asio::any_io_executor timers_;
  presence_options options_;
  rate_limiter typing_;
  mutable std::mutex mutex_;
  std::unordered_map<store::user_id, entry> online_;
};

}  // namespace natter::core
