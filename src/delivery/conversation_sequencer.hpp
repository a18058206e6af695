#pragma once
// Delivers each tracked conversation's events to this node's sessions in seq
// order, whether they were committed here or arrived from another node.
//
// Per tracked conversation it keeps the last seq delivered. An event right
// after it is delivered at once, followed by the held events that now follow
// it; one already delivered is dropped; one past a gap is held (at most
// max_held per conversation, more are dropped and fetched again) and the owner
// is told to catch up from the store, whose entries then go out in order,
// followed by what was held. Events without a seq (typing, receipts) and
// conversations not tracked go straight through.
//
// A catch-up that leaves a gap (caught_up returns true) must be followed by
// another one, whatever it read: until the gap is filled, later events only
// pile up behind it. Held events were committed, and so was everything before
// them, so a store read that starts after they were offered fills the gap.
//
// Thread-safe. Delivery happens under the lock, which is what keeps the order;
// deliver must not block nor call back into the sequencer.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "delivery/frame.hpp"
#include "store/conversation_records.hpp"
#include "store/records.hpp"

namespace natter::delivery {

struct sequenced_event {
  store::seq_t seq = 0;
  delivery::frame frame;
  std::vector<store::user_id> recipients;
};

class conversation_sequencer {
 public:
  static constexpr std::size_t max_held = 1024;
  using deliver_fn = std::function<void(store::conversation_id, const sequenced_event&)>;

  explicit conversation_sequencer(deliver_fn deliver) : deliver_(std::move(deliver)) {}

  // Starts tracking c as delivered up to `delivered`, unless tracked already.
  void track(store::conversation_id c, store::seq_t delivered);
  void untrack(store::conversation_id c);
  std::optional<store::seq_t> last(store::conversation_id c) const;
  std::vector<store::conversation_id> tracked() const;

  // Delivers, drops or holds e. True when c needs a catch-up from the store
  // (once per gap: later offers past the same gap return false).
  bool offer(store::conversation_id c, sequenced_event e);

  // Entries read from the store after last(c), in seq order: delivers the new
  // ones, then the held events that now follow. True when a gap remains: the
  // owner must catch up again.
  bool caught_up(store::conversation_id c, std::vector<sequenced_event> fetched);

 private:
  struct state {
    store::seq_t delivered = 0;
    bool repairing = false;  // a catch-up is due or under way
    bool lost_held = false;
    std::map<store::seq_t, sequenced_event> held;
  };
  void deliver_in_order(store::conversation_id c, state& s, sequenced_event& e);
  void deliver_held(store::conversation_id c, state& s);

  deliver_fn deliver_;
  mutable std::mutex mutex_;
  std::unordered_map<store::conversation_id, state> states_;
};

}  // namespace natter::delivery
