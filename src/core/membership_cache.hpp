#pragma once
// Who is in each conversation, kept in memory for fan-out and membership
// checks. Entries are immutable sorted snapshots, replaced whole on change.
//
// Only the database writer thread changes entries (membership changes are
// writes), right after the write that changed them, so a message written later
// in the same group commit already fans out to the new membership. Any thread
// may read. If a group commit fails, clear() drops everything and entries are
// reloaded from the store. Bounded: past max_entries, an arbitrary entry is
// dropped (it is reloaded on next use).
//
// With several nodes, another node's membership change reaches this cache
// only when its event arrives (forget()). So the audience of an entry a
// write appends is taken with members_at(), which checks the cached list
// against the log: each entry remembers the seq through which it is known to
// be right, and a join or leave logged after that seq means reloading. The
// check runs in the appending transaction, after the append took the
// conversation's row lock, so no membership change can commit in between.

#include <mutex>
#include <unordered_map>

#include "core/event_sink.hpp"
#include "store/conversation_store.hpp"

namespace natter::core {

class membership_cache {
 public:
  explicit membership_cache(std::size_t max_entries = 200'000) : max_entries_(max_entries) {}

  // The members of c, loading them through s on a miss.
  member_list members(store::conversation_id c, store::conversation_store& s);
  // The members of c for the entry at `seq` just appended through s (on the
  // writer, in the appending transaction): exact even when another node
  // changed c's membership and this cache has not heard of it yet.
  member_list members_at(store::conversation_id c, store::seq_t seq, store::conversation_store& s);
  // The cached members of c, or null.
  member_list cached(store::conversation_id c) const;
  // Reloads c's members from s (call on the writer thread after changing them).
  member_list refresh(store::conversation_id c, store::conversation_store& s);
  void clear();
  // Drops c's entry: another node changed its membership (the shared store is
  // authoritative; the next use reloads it). Any thread.
  void forget(store::conversation_id c);
  // Caches ids (members of c read by a reader) unless c has an entry already,
  // which the writer's refresh made and which is at least as new. Any thread.
  member_list remember_if_absent(store::conversation_id c, std::vector<store::user_id> ids);

  static bool contains(const member_list& members, store::user_id u);

 private:
  static constexpr store::seq_t unverified = -1;
  struct entry {
    member_list members;
    store::seq_t verified = unverified;  // right as of the log up to this seq
  };
  member_list store_entry(store::conversation_id c, std::vector<store::user_id> ids,
                          store::seq_t verified = unverified);
  entry lookup(store::conversation_id c) const;

  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<store::conversation_id, entry> entries_;
};

}  // namespace natter::core
