#include "delivery/conversation_sequencer.hpp"

namespace natter::delivery {

void conversation_sequencer::track(store::conversation_id c, store::seq_t delivered) {
  std::lock_guard lock(mutex_);
  states_.try_emplace(c, state{delivered, false, false, {}});
}

void conversation_sequencer::untrack(store::conversation_id c) {
  std::lock_guard lock(mutex_);
  states_.erase(c);
}

std::optional<store::seq_t> conversation_sequencer::last(store::conversation_id c) const {
  std::lock_guard lock(mutex_);
  auto it = states_.find(c);
  if (it == states_.end()) return std::nullopt;
  return it->second.delivered;
}

std::vector<store::conversation_id> conversation_sequencer::tracked() const {
  std::lock_guard lock(mutex_);
  std::vector<store::conversation_id> out;
  for (const auto& [c, s] : states_) out.push_back(c);
  return out;
}

void conversation_sequencer::deliver_in_order(store::conversation_id c, state& s, sequenced_event& e) {
  s.delivered = e.seq;
  deliver_(c, e);
}

void conversation_sequencer::deliver_held(store::conversation_id c, state& s) {
  while (!s.held.empty() && s.held.begin()->first <= s.delivered + 1) {
    auto node = s.held.extract(s.held.begin());
    if (node.key() == s.delivered + 1) deliver_in_order(c, s, node.mapped());
  }
}

// The next seq goes out at once even while a catch-up is under way: the
// catch-up skips what was delivered meanwhile, and waiting for it would leave
// the event held for good if that catch-up read the store before the event
// was committed.
bool conversation_sequencer::offer(store::conversation_id c, sequenced_event e) {
  std::lock_guard lock(mutex_);
  auto it = states_.find(c);
  if (e.seq == 0 || it == states_.end()) {
    deliver_(c, e);
    return false;
  }
  auto& s = it->second;
  if (e.seq <= s.delivered) return false;  // already delivered (live or from the store)
  if (e.seq == s.delivered + 1) {
    deliver_in_order(c, s, e);
    deliver_held(c, s);
    return false;
  }
  if (s.held.size() < max_held) {
    s.held.emplace(e.seq, std::move(e));
  } else {
    s.lost_held = true;  // the next catch-up reads it from the store
  }
  if (s.repairing) return false;
  s.repairing = true;
  return true;
}

bool conversation_sequencer::caught_up(store::conversation_id c, std::vector<sequenced_event> fetched) {
  std::lock_guard lock(mutex_);
  auto it = states_.find(c);
  if (it == states_.end()) return false;
  auto& s = it->second;
  for (auto& e : fetched) {
    if (e.seq == s.delivered + 1) deliver_in_order(c, s, e);
  }
  deliver_held(c, s);
  const bool gap = !s.held.empty() || s.lost_held;
  s.lost_held = false;
  s.repairing = gap;
  return gap;
}

}  // namespace natter::delivery
