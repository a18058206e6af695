#include "realtime/hub.hpp"

#include <algorithm>

#include "protocol/codec.hpp"

namespace natter::realtime {

void hub::add(store::user_id user, const std::shared_ptr<session_handle>& session) {
  auto& s = shard_of(user);
  std::lock_guard lock(s.mutex);
  s.sessions[user].push_back(session);
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
  if (list.empty()) s.sessions.erase(it);
}

std::size_t hub::session_count() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mutex);
    for (const auto& [user, list] : s.sessions) n += list.size();
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
  const frame f = make_frame(protocol::encode_event(e));
  std::vector<std::shared_ptr<session_handle>> scratch;
  for (auto user : *members) {
    for_each_session(user, scratch, [&](session_handle& s) { s.deliver_conversation(conversation, seq, f); });
  }
}

void hub::to_users(const std::vector<store::user_id>& users, const protocol::event& e) {
  if (users.empty()) return;
  const frame f = make_frame(protocol::encode_event(e));
  std::vector<std::shared_ptr<session_handle>> scratch;
  for (auto user : users) {
    for_each_session(user, scratch, [&](session_handle& s) { s.deliver_user(f); });
  }
}

}  // namespace natter::realtime
