#include "client/seq_tracker.hpp"

#include <algorithm>

namespace natter::client {

seq_tracker::verdict seq_tracker::accept(protocol::conversation_id conversation, protocol::seq_t seq) {
  auto [it, inserted] = last_.try_emplace(conversation, seq);
  if (inserted) return verdict::fresh;  // a conversation that started after the last sync
  if (seq <= it->second) return verdict::duplicate;
  if (seq > it->second + 1) return verdict::gap;
  it->second = seq;
  return verdict::fresh;
}

void seq_tracker::advance_to(protocol::conversation_id conversation, protocol::seq_t seq) {
  auto& last = last_[conversation];
  last = std::max(last, seq);
}

protocol::seq_t seq_tracker::last(protocol::conversation_id conversation) const {
  auto it = last_.find(conversation);
  return it == last_.end() ? 0 : it->second;
}

}  // namespace natter::client
