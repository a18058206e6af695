#include "delivery/session_gate.hpp"

#include <algorithm>
#include <iterator>

namespace natter::delivery {

namespace {
bool before(const std::pair<conversation_id, seq_t>& entry, conversation_id c) {
  return entry.first < c;
}
}  // namespace

seq_t& session_gate::sent_in(conversation_id c) {
  auto it = std::lower_bound(sent_seq_.begin(), sent_seq_.end(), c, before);
  if (it == sent_seq_.end() || it->first != c) it = sent_seq_.insert(it, {c, 0});
  return it->second;
}

void session_gate::note_covered(const std::vector<std::pair<conversation_id, seq_t>>& covered) {
  const auto known = static_cast<std::ptrdiff_t>(sent_seq_.size());
  for (const auto& [c, last] : covered) {
    auto end = sent_seq_.begin() + known;
    auto it = std::lower_bound(sent_seq_.begin(), end, c, before);
    if (it != end && it->first == c) {
      it->second = std::max(it->second, last);
    } else {
      sent_seq_.emplace_back(c, last);
    }
  }
  if (static_cast<std::ptrdiff_t>(sent_seq_.size()) == known) return;
  // By conversation, then seq: of a conversation named twice, keep the highest.
  std::sort(sent_seq_.begin(), sent_seq_.end());
  auto out = sent_seq_.begin();
  for (auto it = sent_seq_.begin(); it != sent_seq_.end(); ++it) {
    if (out != sent_seq_.begin() && std::prev(out)->first == it->first) {
      std::prev(out)->second = it->second;
    } else {
      *out++ = *it;
    }
  }
  sent_seq_.erase(out, sent_seq_.end());
}

bool session_gate::first_time(conversation_id c, seq_t seq) {
  if (seq <= 0) return true;
  auto& sent = sent_in(c);
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
  auto released = sync_ended_events(covered);
  std::vector<frame> out;
  out.reserve(released.size());
  for (auto& e : released) out.push_back(std::move(e.f));
  return out;
}

std::vector<session_gate::held_event> session_gate::sync_ended_events(
    const std::vector<std::pair<conversation_id, seq_t>>* covered) {
  --syncing_;
  if (covered != nullptr) {
    note_covered(*covered);
    synced_ = true;
  }
  std::vector<held_event> out;
  if (syncing_ > 0) return out;
  auto held = std::move(held_);
  held_.clear();
  if (!synced_) return out;
  for (auto& e : held) {
    if (first_time(e.conversation, e.seq)) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace natter::delivery
