#pragma once
// Whether the session (the refresh-token family, claim sid) an access token
// belongs to is still open. A logout, a logout of every session, a password
// change and a reused refresh token end sessions in the store; the access
// tokens of an ended session are refused from then on, not only once they
// expire.
//
// Each node keeps what it learned per session: "ended" as soon as this node
// ends it or hears of it from another node (the bus), and "open" for
// recheck_after after reading it from the store. So a session ended on another
// node whose bus message is lost is still refused after recheck_after at the
// latest. Thread-safe; the store is read through the database executor, never
// on the calling thread.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/access_tokens.hpp"
#include "store/database.hpp"

namespace natter::core {

struct session_guard_options {
  std::chrono::milliseconds recheck_after{5000};             // how long "open" from the store is trusted
  std::chrono::milliseconds remember_ended{15 * 60 * 1000};  // the access token lifetime: no token outlives it
  std::size_t max_entries = 100'000;                         // beyond: stale entries are dropped, then every "open" one
};

class session_guard {
 public:
  session_guard(store::database& db, const clock& clock, session_guard_options options);

  // Ok while the claims' session is open. A token without a session is
  // refused. Errors: unauthorized, busy, store_unavailable.
  boost::asio::awaitable<status> check(const access_claims& claims);

  // These sessions were ended (by this node, or by another one as the bus
  // says): refused from now on, whatever was read from the store before.
  void ended(const std::vector<std::string>& families);

  // Who hears that this node ended sessions of a user (core::end_sessions),
  // after the commit that ended them; not told of ends heard from the bus
  // (their origin node tells). Set once, before serving.
  using end_listener = std::function<void(store::user_id user)>;
  void on_ended_here(end_listener listener) { ended_here_ = std::move(listener); }
  // Called by core::end_sessions: tells the listener, if any.
  void ended_here(store::user_id user) const {
    if (ended_here_) ended_here_(user);
  }

  // True when this node knows the session ended; no I/O.
  bool known_ended(const std::string& family) const;

  // What this node knows of the session without I/O: open (read from the
  // store within recheck_after), ended, or unknown (to be read).
  enum class verdict { open, ended, unknown };
  verdict lookup(const std::string& family) const;

  // Records whether the store found the session open (read by the caller in
  // a query of its own, e.g. together with the user). Ok when it is open and
  // no end was learned meanwhile; unauthorized otherwise.
  status learned(const std::string& family, bool open);

  // Forgets every "open" answer, so that each session is read from the store
  // again (after the bus lost messages).
  void forget_open();

 private:
  struct entry {
    bool open = false;
    unix_ms at = 0;  // when it was read (open) or learned (ended)
  };
  // Records what the store said; false when the session is (now) known ended.
  bool remember_open(const std::string& family);
  void make_room_locked(unix_ms now);

  store::database& db_;
  const clock& clock_;
  session_guard_options options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
  end_listener ended_here_;
};

}  // namespace natter::core
