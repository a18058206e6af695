#include "common/connection_registry.hpp"

#include <vector>

namespace natter {

std::uint64_t connection_registry::add(closer c) {
  std::unique_lock lock(mutex_);
  const auto id = next_id_++;
  if (closing_) {
    lock.unlock();
    c();
    lock.lock();
  }
  closers_.emplace(id, std::move(c));
  return id;
}

void connection_registry::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  closers_.erase(id);
  if (closers_.empty()) empty_.notify_all();
}

void connection_registry::close_all() {
  std::vector<closer> to_call;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    for (auto& [id, c] : closers_) to_call.push_back(c);
  }
  for (auto& c : to_call) c();
}

std::size_t connection_registry::size() const {
  std::lock_guard lock(mutex_);
  return closers_.size();
}

bool connection_registry::wait_empty(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return empty_.wait_for(lock, timeout, [this] { return closers_.empty(); });
}

}  // namespace natter
