#include "core/session_guard.hpp"

namespace natter::core {

namespace asio = boost::asio;

session_guard::session_guard(store::database& db, const clock& clock, session_guard_options options)
    : db_(db), clock_(clock), options_(options) {}

session_guard::verdict session_guard::lookup(const std::string& family) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(family);
  if (it == entries_.end()) return verdict::unknown;
  if (!it->second.open) return verdict::ended;
  const bool fresh = clock_.now_ms() - it->second.at < options_.recheck_after.count();
  return fresh ? verdict::open : verdict::unknown;
}

asio::awaitable<status> session_guard::check(const access_claims& claims) {
  if (claims.session.empty()) co_return error(errc::unauthorized);
  const auto known = lookup(claims.session);
  if (known == verdict::ended) co_return error(errc::unauthorized);
  if (known == verdict::open) co_return ok;
  auto query = [family = claims.session, user = claims.user](store::store& s) -> result<bool> {
    return s.refresh_family_active(family, user);
  };
  auto open = co_await db_.read(std::move(query));
  if (!open) co_return std::move(open).err();
  co_return learned(claims.session, *open);
}

status session_guard::learned(const std::string& family, bool open) {
  if (!open) {
    ended({family});
    return error(errc::unauthorized);
  }
  // The read may predate an end learned meanwhile: that one wins.
  if (!remember_open(family)) return error(errc::unauthorized);
  return ok;
}

bool session_guard::remember_open(const std::string& family) {
  std::lock_guard lock(mutex_);
  const unix_ms now = clock_.now_ms();
  auto it = entries_.find(family);
  if (it != entries_.end()) {
    if (!it->second.open) return false;
    it->second.at = now;
    return true;
  }
  make_room_locked(now);
  entries_.emplace(family, entry{true, now});
  return true;
}

void session_guard::ended(const std::vector<std::string>& families) {
  std::lock_guard lock(mutex_);
  const unix_ms now = clock_.now_ms();
  for (const auto& family : families) {
    make_room_locked(now);
    entries_.insert_or_assign(family, entry{false, now});
  }
}

bool session_guard::known_ended(const std::string& family) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(family);
  return it != entries_.end() && !it->second.open;
}

void session_guard::forget_open() {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [](const auto& item) { return item.second.open; });
}

// Stale entries go first: "open" ones past recheck_after (they would be read
// again anyway) and "ended" ones older than any access token. If that is not
// enough, every "open" one: each costs one store read to learn again, while
// an "ended" one forgotten early only widens the race that ended() closes.
void session_guard::make_room_locked(unix_ms now) {
  if (entries_.size() < options_.max_entries) return;
  std::erase_if(entries_, [&](const auto& item) {
    const auto age = now - item.second.at;
    return item.second.open ? age >= options_.recheck_after.count() : age >= options_.remember_ended.count();
  });
  if (entries_.size() < options_.max_entries) return;
  std::erase_if(entries_, [](const auto& item) { return item.second.open; });
  if (entries_.size() >= options_.max_entries) entries_.clear();
}

}  // namespace natter::core
