#pragma once
// Which channels this node needs: the users it holds and, for each
// conversation, which of them are members. A conversation's channel is wanted
// while at least one local user is attached to it (reference counts by user).
// Thread-safe; never calls out while holding its lock.

#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/conversation_records.hpp"
#include "store/records.hpp"

namespace natter::delivery {

class local_routes {
 public:
  // u's first local session. False if already held.
  bool add_user(store::user_id u);
  // u's last local session left: detaches u everywhere and returns the
  // conversations no local user needs any more.
  std::vector<store::conversation_id> remove_user(store::user_id u);
  bool holds(store::user_id u) const;

  // Attaches a held user to c; true when c's channel is newly wanted. Does
  // nothing (false) for a user this node does not hold.
  bool attach(store::user_id u, store::conversation_id c);
  // True when c's channel is no longer wanted.
  bool detach(store::user_id u, store::conversation_id c);
  bool wanted(store::conversation_id c) const;
  std::vector<store::user_id> attached(store::conversation_id c) const;

  // Ready: the user's channels are subscribed (see relay::routes_ready).
  void set_ready(store::user_id u);
  bool ready(store::user_id u) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<store::user_id, std::unordered_set<store::conversation_id>> users_;
  std::unordered_map<store::conversation_id, std::unordered_set<store::user_id>> conversations_;
  std::unordered_set<store::user_id> ready_;
};

}  // namespace natter::delivery
