#include "realtime/session_inbox.hpp"

#include <utility>

namespace natter::realtime {

bool session_inbox::push(event e) {
  std::lock_guard lock(mutex_);
  if (events_.size() < limit_) {
    events_.push_back(std::move(e));
  } else {
    overflowed_ = true;
  }
  if (scheduled_) return false;
  scheduled_ = true;
  return true;
}

bool session_inbox::take(std::vector<event>& out) {
  out.clear();
  // Keep a small buffer for the next burst; after a large one, hold none.
  if (out.capacity() > retained_events) out = std::vector<event>();
  std::lock_guard lock(mutex_);
  out.swap(events_);
  scheduled_ = false;
  return std::exchange(overflowed_, false);
}

}  // namespace natter::realtime
