#include "delivery/local_routes.hpp"

namespace natter::delivery {

bool local_routes::add_user(store::user_id u) {
  std::lock_guard lock(mutex_);
  return users_.try_emplace(u).second;
}

std::vector<store::conversation_id> local_routes::remove_user(store::user_id u) {
  std::vector<store::conversation_id> unwanted;
  std::lock_guard lock(mutex_);
  ready_.erase(u);
  auto it = users_.find(u);
  if (it == users_.end()) return unwanted;
  for (auto c : it->second) {
    auto conv = conversations_.find(c);
    if (conv == conversations_.end()) continue;
    conv->second.erase(u);
    if (conv->second.empty()) {
      conversations_.erase(conv);
      unwanted.push_back(c);
    }
  }
  users_.erase(it);
  return unwanted;
}

bool local_routes::holds(store::user_id u) const {
  std::lock_guard lock(mutex_);
  return users_.contains(u);
}

bool local_routes::attach(store::user_id u, store::conversation_id c) {
  std::lock_guard lock(mutex_);
  auto user = users_.find(u);
  if (user == users_.end() || !user->second.insert(c).second) return false;
  auto& members = conversations_[c];
  members.insert(u);
  return members.size() == 1;
}

bool local_routes::detach(store::user_id u, store::conversation_id c) {
  std::lock_guard lock(mutex_);
  auto user = users_.find(u);
  if (user == users_.end() || user->second.erase(c) == 0) return false;
  auto conv = conversations_.find(c);
  if (conv == conversations_.end()) return false;
  conv->second.erase(u);
  if (!conv->second.empty()) return false;
  conversations_.erase(conv);
  return true;
}

bool local_routes::wanted(store::conversation_id c) const {
  std::lock_guard lock(mutex_);
  return conversations_.contains(c);
}

std::vector<store::user_id> local_routes::attached(store::conversation_id c) const {
  std::lock_guard lock(mutex_);
  auto it = conversations_.find(c);
  if (it == conversations_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

void local_routes::set_ready(store::user_id u) {
  std::lock_guard lock(mutex_);
  if (users_.contains(u)) ready_.insert(u);
}

bool local_routes::ready(store::user_id u) const {
  std::lock_guard lock(mutex_);
  return ready_.contains(u);
}

}  // namespace natter::delivery
