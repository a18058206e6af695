#include "core/presence.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace natter::core {

namespace asio = boost::asio;

presence::presence(store::database& db, event_sink& sink, membership_cache& members, const clock& clock,
                   asio::any_io_executor timers, presence_options options, online_directory* directory)
    : db_(db),
      sink_(sink),
      members_(members),
      clock_(clock),
      timers_(std::move(timers)),
      options_(options),
      directory_(directory ? *directory : alone_),
      typing_(options.typing, clock) {
  directory_.on_gone([this](store::user_id u) { asio::co_spawn(timers_, gone_with_node(u), asio::detached); });
}

bool presence::here(store::user_id u) const {
  std::lock_guard lock(mutex_);
  auto it = online_.find(u);
  return it != online_.end() && it->second.sessions > 0;
}

std::string presence::visible(const entry& e) {
  if (e.sessions == 0 || e.chosen == "invisible") return "offline";
  return e.chosen;
}

std::string presence::status_of(store::user_id u) const {
  std::lock_guard lock(mutex_);
  auto it = online_.find(u);
  return it == online_.end() ? "offline" : visible(it->second);
}

asio::awaitable<void> presence::broadcast(caller who, std::string status, unix_ms last_seen) {
  auto query = [id = who.id](store::store& s) -> result<std::vector<store::user_id>> {
    return s.presence_audience(id);
  };
  auto audience = co_await db_.read(std::move(query));
  if (!audience || audience->empty()) co_return;
  sink_.to_users(*audience, protocol::presence_event{who.username, std::move(status), last_seen, who.id});
}

std::string presence::chosen_by(store::user_id u, std::string stored) const {
  std::lock_guard lock(mutex_);
  if (auto it = online_.find(u); it != online_.end() && it->second.chosen_known) return it->second.chosen;
  return stored;
}

asio::awaitable<void> presence::connected(caller who, std::string stored) {
  bool announce = false;
  {
    std::lock_guard lock(mutex_);
    auto& e = online_[who.id];
    e.username = who.username;
    if (!e.chosen_known) {
      e.chosen = std::move(stored);
      e.chosen_known = true;
    }
    ++e.generation;
    if (++e.sessions > 1) co_return;
    announce = !e.announced;
    e.announced = true;
  }
  bool elsewhere = false;
  if (announce) {
    elsewhere = co_await directory_.arrived(who.id);
    auto shared = co_await directory_.chosen(who.id);  // chosen on another node
    if (!shared.empty()) {
      std::lock_guard lock(mutex_);
      if (auto it = online_.find(who.id); it != online_.end()) it->second.chosen = shared;
    }
  }
  std::string now_visible;
  {
    std::lock_guard lock(mutex_);
    auto it = online_.find(who.id);
    if (it == online_.end() || it->second.sessions == 0) co_return;
    now_visible = visible(it->second);
  }
  if (!elsewhere && now_visible != "offline") co_await broadcast(who, now_visible, clock_.now_ms());
}

void presence::disconnected(const caller& who) {
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    auto it = online_.find(who.id);
    if (it == online_.end() || --it->second.sessions > 0) return;
    generation = it->second.generation;
  }
  asio::co_spawn(timers_, go_offline_later(who, generation), asio::detached);
}

asio::awaitable<void> presence::go_offline_later(caller who, std::uint64_t generation) {
  asio::steady_timer grace(timers_, options_.offline_grace);
  co_await grace.async_wait(asio::as_tuple(asio::use_awaitable));
  bool was_visible = false;
  {
    std::lock_guard lock(mutex_);
    auto it = online_.find(who.id);
    if (it == online_.end() || it->second.sessions > 0 || it->second.generation != generation) co_return;
    was_visible = it->second.chosen != "invisible";
    online_.erase(it);
  }
  const bool elsewhere = co_await directory_.departed(who.id);
  if (elsewhere || here(who.id)) co_return;  // still online on another node, or back here
  const unix_ms now = clock_.now_ms();
  auto change = [id = who.id, now](store::store& s) -> status {
    s.set_last_seen(id, now);
    return ok;
  };
  co_await db_.write(std::move(change));
  if (was_visible) co_await broadcast(who, "offline", now);
}

asio::awaitable<status> presence::set_status(caller who, std::string status) {
  if (status != "online" && status != "away" && status != "busy" && status != "invisible") {
    co_return validation_error("status", "One of online, away, busy, invisible.");
  }
  auto keep = [u = who.id, status](store::store& s) -> ::natter::status {
    s.set_chosen_status(u, status);
    return ok;
  };
  if (auto kept = co_await db_.write(std::move(keep)); !kept) co_return kept;
  std::string before, after;
  {
    std::lock_guard lock(mutex_);
    auto& e = online_[who.id];
    e.username = who.username;
    before = visible(e);
    e.chosen = status;
    e.chosen_known = true;
    after = visible(e);
  }
  directory_.set_chosen(who.id, status);
  // The user's own sessions show what they chose (invisible included).
  sink_.to_users({who.id}, protocol::presence_event{who.username, status, clock_.now_ms(), who.id});
  if (before != after) co_await broadcast(who, after, clock_.now_ms());
  co_return ok;
}

asio::awaitable<status> presence::typing(caller who, store::conversation_id c) {
  auto members = members_.cached(c);
  if (!members) {
    auto query = [c](store::store& s) -> result<std::vector<store::user_id>> { return s.member_ids(c); };
    auto loaded = co_await db_.read(std::move(query));
    if (!loaded) co_return std::move(loaded).err();
    std::sort(loaded->begin(), loaded->end());
    members = std::make_shared<const std::vector<store::user_id>>(std::move(*loaded));
  }
  if (!membership_cache::contains(members, who.id)) co_return errc::not_a_member;
  if (auto wait = typing_.acquire(std::to_string(who.id) + ":" + std::to_string(c))) {
    co_return rate_limited_error(*wait);
  }
  // Room moderation: a muted member's typing is refused like their sends
  // (one key lookup, within the typing rate limit).
  auto mute_of = [c, u = who.id](store::store& s) -> result<bool> {
    return s.sanction(c, u, store::sanction_kind::mute).has_value();
  };
  auto muted = co_await db_.read(std::move(mute_of));
  if (!muted) co_return std::move(muted).err();
  if (*muted) co_return errc::muted;
  sink_.to_conversation(c, members, 0, protocol::typing_event{c, who.username, who.id});
  co_return ok;
}

namespace {

struct pair_presence {
  bool shared = false;
  std::string other_name;
  unix_ms who_seen = 0;
  unix_ms other_seen = 0;
};

}  // namespace

asio::awaitable<void> presence::show_each_other(caller who, store::user_id other) {
  auto query = [me = who.id, other](store::store& s) -> result<pair_presence> {
    const auto audience = s.presence_audience(me);
    auto mine = s.user_by_id(me);
    auto theirs = s.user_by_id(other);
    if (!mine || !theirs) return errc::user_not_found;
    return pair_presence{std::binary_search(audience.begin(), audience.end(), other), theirs->username,
                         mine->last_seen.value_or(0), theirs->last_seen.value_or(0)};
  };
  auto seen = co_await db_.read(std::move(query));
  if (!seen || !seen->shared) co_return;
  std::vector<store::user_id> both{who.id, other};
  auto statuses = co_await statuses_of(std::move(both));
  sink_.to_users({other}, protocol::presence_event{who.username, statuses[0], seen->who_seen, who.id});
  sink_.to_users({who.id}, protocol::presence_event{seen->other_name, statuses[1], seen->other_seen, other});
}

asio::awaitable<result<std::vector<protocol::presence_event>>> presence::visible_to(caller who) {
  auto query = [id = who.id](store::store& s) -> result<std::vector<store::user_record>> {
    std::vector<store::user_record> out;
    for (auto u : s.presence_visible_to(id)) {
      if (auto user = s.user_by_id(u)) out.push_back(std::move(*user));
    }
    return out;
  };
  auto people = co_await db_.read(std::move(query));
  if (!people) co_return std::move(people).err();
  std::vector<store::user_id> ids;
  for (const auto& u : *people) ids.push_back(u.id);
  auto statuses = co_await statuses_of(std::move(ids));
  std::vector<protocol::presence_event> out;
  for (std::size_t i = 0; i < people->size(); ++i) {
    const auto& u = (*people)[i];
    out.push_back({u.username, std::move(statuses[i]), u.last_seen.value_or(0), u.id});
  }
  co_return out;
}

asio::awaitable<std::vector<std::string>> presence::statuses_of(std::vector<store::user_id> users) {
  std::vector<std::string> out;
  std::vector<store::user_id> not_here;
  for (auto u : users) {
    out.push_back(status_of(u));
    if (out.back() == "offline") not_here.push_back(u);
  }
  auto elsewhere = co_await directory_.online_among(not_here);
  for (std::size_t i = 0; i < users.size(); ++i) {
    auto it = elsewhere.find(users[i]);
    if (out[i] != "offline" || it == elsewhere.end()) continue;
    out[i] = it->second.empty() ? "online" : it->second == "invisible" ? "offline" : it->second;
  }
  co_return out;
}

asio::awaitable<void> presence::gone_with_node(store::user_id u) {
  if (here(u)) co_return;
  const unix_ms now = clock_.now_ms();
  auto change = [u, now](store::store& s) -> result<std::string> {
    auto user = s.user_by_id(u);
    if (!user) return errc::user_not_found;
    s.set_last_seen(u, now);
    return user->username;
  };
  auto username = co_await db_.write(std::move(change));
  if (!username) co_return;
  caller who{u, std::move(*username)};  // named: no braced temporary inside co_await (GCC 12)
  co_await broadcast(who, "offline", now);
}

}  // namespace natter::core
