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
  member_list store_entry(store::conversation_id c, std::vector<store::user_id> ids);

  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<store::conversation_id, member_list> entries_;
};

}  // namespace natter::core
