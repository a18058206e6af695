#pragma once
// Presence and typing. Who is online lives in memory for this node's sessions,
// and in an online_directory for the other nodes (with one node alone, the
// local_online_directory: nobody elsewhere). A user is online from their first
// session on any node, and offline `offline_grace` after their last session
// on the last node closed (a reconnect within the grace period shows nothing).
// A chosen status (away, busy, invisible) is stored with the user and lasts
// across sessions, reconnects and restarts until they choose another.
// Invisible users appear offline to others. last_seen is stored when a user
// goes offline. Presence goes to the user's presence audience only: the people
// the user added as contacts, and fellow members of groups and accepted direct
// chats, unless either blocked the other (store::conversation_store::
// presence_audience). Everyone else sees the user offline with last_seen 0,
// exactly as someone who never came online.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "core/event_sink.hpp"
#include "core/membership_cache.hpp"
#include "core/online_directory.hpp"
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
  // directory: who is online on other nodes; null: this node alone. It must
  // outlive the presence.
  presence(store::database& db, event_sink& sink, membership_cache& members, const clock& clock,
           boost::asio::any_io_executor timers, presence_options options, online_directory* directory = nullptr);

  // A session of the user opened / closed. stored: the user's choice as the
  // store had it at sign-in (accounts::authenticate_user reads it), read
  // before the session counts: until then nobody is shown the user as online,
  // so an invisible user never flashes online after a restart.
  boost::asio::awaitable<void> connected(caller who, std::string stored);
  void disconnected(const caller& who);

  // Stores the choice, then shows it. Errors: validation_failed (field
  // status), busy, store_unavailable.
  boost::asio::awaitable<status> set_status(caller who, std::string status);
  // What u chose: online, away, busy or invisible (for the auth reply); stored
  // (as read at sign-in) unless this node knows a newer choice. No I/O.
  std::string chosen_by(store::user_id u, std::string stored) const;

  // Errors: not_a_member, rate_limited, muted (in a room that muted the caller).
  boost::asio::awaitable<status> typing(caller who, store::conversation_id c);

  // Each of the two is sent the other's current presence, if they now share
  // it (a chat request between them was just accepted).
  boost::asio::awaitable<void> show_each_other(caller who, store::user_id other);

  // The presence of the people whose presence the user may see.
  boost::asio::awaitable<result<std::vector<protocol::presence_event>>> visible_to(caller who);

  // What others see of u right now ("online", "away", "busy" or "offline"),
  // as far as this node knows (its own sessions).
  std::string status_of(store::user_id u) const;
  // The same for each of users, on every node (asks the directory about those
  // without a session here).
  boost::asio::awaitable<std::vector<std::string>> statuses_of(std::vector<store::user_id> users);

 private:
  struct entry {
    std::string username;
    int sessions = 0;
    std::string chosen = "online";  // online | away | busy | invisible
    bool chosen_known = false;      // chosen was read from the store or set here
    std::uint64_t generation = 0;   // bumps on every connect, cancels stale offline timers
    bool announced = false;         // the directory knows this node holds the user
  };
  static std::string visible(const entry& e);
  // The stored choice; "invisible" when the store cannot say.
  boost::asio::awaitable<void> broadcast(caller who, std::string status, unix_ms last_seen);
  boost::asio::awaitable<void> go_offline_later(caller who, std::uint64_t generation);
  // The user's node died and no other node holds them.
  boost::asio::awaitable<void> gone_with_node(store::user_id u);
  bool here(store::user_id u) const;

  store::database& db_;
  event_sink& sink_;
  membership_cache& members_;
  const clock& clock_;
  boost::asio::any_io_executor timers_;
  presence_options options_;
  local_online_directory alone_;
  online_directory& directory_;
  rate_limiter typing_;
  mutable std::mutex mutex_;
  std::unordered_map<store::user_id, entry> online_;
};

}  // namespace natter::core
