#include "core/membership_cache.hpp"

#include <algorithm>

namespace natter::core {

namespace {

member_list sorted(std::vector<store::user_id> ids) {
  std::sort(ids.begin(), ids.end());
  return std::make_shared<const std::vector<store::user_id>>(std::move(ids));
}

}  // namespace

member_list membership_cache::cached(store::conversation_id c) const {
  return lookup(c).members;
}

membership_cache::entry membership_cache::lookup(store::conversation_id c) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(c);
  return it == entries_.end() ? entry{} : it->second;
}

member_list membership_cache::store_entry(store::conversation_id c, std::vector<store::user_id> ids,
                                          store::seq_t verified) {
  auto members = sorted(std::move(ids));
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_ && !entries_.contains(c)) entries_.erase(entries_.begin());
  entries_[c] = {members, verified};
  return members;
}

member_list membership_cache::members(store::conversation_id c, store::conversation_store& s) {
  if (auto hit = cached(c)) return hit;
  return store_entry(c, s.member_ids(c));
}

member_list membership_cache::members_at(store::conversation_id c, store::seq_t seq, store::conversation_store& s) {
  auto known = lookup(c);
  if (known.members && known.verified != unverified && !s.membership_changed(c, known.verified, seq)) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(c);
    if (it != entries_.end() && it->second.members == known.members) it->second.verified = seq;
    return known.members;
  }
  return store_entry(c, s.member_ids(c), seq);
}

member_list membership_cache::refresh(store::conversation_id c, store::conversation_store& s) {
  return store_entry(c, s.member_ids(c));
}

void membership_cache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

void membership_cache::forget(store::conversation_id c) {
  std::lock_guard lock(mutex_);
  entries_.erase(c);
}

member_list membership_cache::remember_if_absent(store::conversation_id c, std::vector<store::user_id> ids) {
  auto members = sorted(std::move(ids));
  std::lock_guard lock(mutex_);
  auto [it, inserted] = entries_.try_emplace(c, entry{members, unverified});
  if (inserted && entries_.size() > max_entries_) {
    auto victim = entries_.begin();
    if (victim == it) ++victim;
    if (victim != entries_.end()) entries_.erase(victim);
  }
  return it->second.members;
}

bool membership_cache::contains(const member_list& members, store::user_id u) {
  return members && std::binary_search(members->begin(), members->end(), u);
}

}  // namespace natter::core
