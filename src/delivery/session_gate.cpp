#include "delivery/session_gate.hpp"

#include <algorithm>

namespace natter::delivery {

bool session_gate::first_time(conversation_id c, seq_t seq) {
  if (seq <= 0) return true;
  auto& sent = sent_seq_[c];
  if (seq <= sent) return false;
  sent = seq;
  return true;
}

session_gate::verdict session_gate::offer(conversation_id c, seq_t seq, const frame& f) {
  if (syncing_ > 0) {
    if (held_.size() >= hold_limit_) return verdict::overflow;
    held_.push_back({c, seq, f});
    return verdict::held;
  }
  if (!synced_ || !first_time(c, seq)) return verdict::dropped;
  return verdict::send;
}

void session_gate::sync_started() {
  ++syncing_;
}

std::vector<frame> session_gate::sync_ended(const std::vector<std::pair<conversation_id, seq_t>>* covered) {
  --syncing_;
  if (covered != nullptr) {
    for (const auto& [c, last] : *covered) {
      auto& sent = sent_seq_[c];
      sent = std::max(sent, last);
    }
    synced_ = true;
  }
  std::vector<frame> out;
  if (syncing_ > 0) return out;
  auto held = std::move(held_);
  held_.clear();
  if (!synced_) return out;
  for (auto& e : held) {
    if (first_time(e.conversation, e.seq)) out.push_back(std::move(e.f));
  }
  return out;
}

}  // namespace natter::delivery
