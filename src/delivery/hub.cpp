#include "delivery/hub.hpp"

#include <algorithm>

#include "protocol/codec.hpp"

namespace natter::delivery {

void hub::add(store::user_id user, const std::shared_ptr<session_handle>& session) {
  auto& s = shard_of(user);
  std::lock_guard lock(s.mutex);
  auto& list = s.sessions[user];
  list.push_back(session);
  if (list.size() == 1 && observer_) observer_->first_session(user);
}

bool hub::try_add(store::user_id user, const std::shared_ptr<session_handle>& session, std::size_t max_sessions) {
  auto& s = shard_of(user);
  std::lock_guard lock(s.mutex);
  auto& list = s.sessions[user];
  if (max_sessions > 0) {
    const auto live = std::count_if(list.begin(), list.end(), [](const auto& w) { return !w.expired(); });
    if (static_cast<std::size_t>(live) >= max_sessions) return false;
  }
  list.push_back(session);
  if (list.size() == 1 && observer_) observer_->first_session(user);
  return true;
}

void hub::remove(store::user_id user, const session_handle* session) {
  auto& s = shard_of(user);
  std::lock_guard lock(s.mutex);
  auto it = s.sessions.find(user);
  if (it == s.sessions.end()) return;
  auto& list = it->second;
  std::erase_if(list, [session](const std::weak_ptr<session_handle>& w) {
    auto locked = w.lock();
    return !locked || locked.get() == session;
  });
  if (!list.empty()) return;
  s.sessions.erase(it);
  if (observer_) observer_->last_session_gone(user);
}

bool hub::has_sessions(store::user_id user) const {
  const auto& s = shard_of(user);
  std::lock_guard lock(s.mutex);
  return s.sessions.contains(user);
}

boost::asio::awaitable<void> hub::routes_ready(store::user_id user) {
  if (observer_) co_await observer_->routes_ready(user);
}

std::size_t hub::session_count() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mutex);
    for (const auto& [user, list] : s.sessions) n += list.size();
  }
  return n;
}

std::size_t hub::user_count() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mutex);
    n += s.sessions.size();
  }
  return n;
}

template <class Deliver>
void hub::for_each_session(store::user_id u, std::vector<std::shared_ptr<session_handle>>& scratch,
                           const Deliver& deliver) {
  scratch.clear();
  {
    auto& s = shard_of(u);
    std::lock_guard lock(s.mutex);
    auto it = s.sessions.find(u);
    if (it == s.sessions.end()) return;
    for (const auto& w : it->second) {
      if (auto session = w.lock()) scratch.push_back(std::move(session));
    }
  }
  for (const auto& session : scratch) deliver(*session);
}

void hub::to_conversation(store::conversation_id conversation, const core::member_list& members, store::seq_t seq,
                          const protocol::event& e) {
  if (!members || members->empty()) return;
  deliver_to_conversation(conversation, *members, seq, make_frame(protocol::encode_event(e)));
}

void hub::to_users(const std::vector<store::user_id>& users, const protocol::event& e) {
  if (users.empty()) return;
  deliver_to_users(users, make_frame(protocol::encode_event(e)));
}

void hub::sessions_ended(store::user_id user, const std::vector<std::string>& families) {
  if (families.empty()) return;
  auto shared = std::make_shared<const std::vector<std::string>>(families);
  std::vector<std::shared_ptr<session_handle>> scratch;
  for_each_session(user, scratch, [&](session_handle& s) { s.end_if_session_in(shared); });
}

void hub::recheck_sessions() {
  std::vector<std::shared_ptr<session_handle>> all;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mutex);
    for (const auto& [user, list] : s.sessions) {
      for (const auto& w : list) {
        if (auto session = w.lock()) all.push_back(std::move(session));
      }
    }
  }
  for (const auto& session : all) session->recheck_session();
}

void hub::deliver_to_conversation(store::conversation_id conversation, const std::vector<store::user_id>& members,
                                  store::seq_t seq, const frame& f) {
  std::vector<std::shared_ptr<session_handle>> scratch;
  for (auto user : members) {
    for_each_session(user, scratch, [&](session_handle& s) { s.deliver_conversation(conversation, seq, f); });
  }
}

void hub::deliver_to_users(const std::vector<store::user_id>& users, const frame& f) {
  std::vector<std::shared_ptr<session_handle>> scratch;
  for (auto user : users) {
    for_each_session(user, scratch, [&](session_handle& s) { s.deliver_user(f); });
  }
}

}  // namespace natter::delivery
