#include "probe.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>

#include "protocol/codec.hpp"
#include "protocol/log_events.hpp"

namespace natter::delivery::testing {

namespace asio = boost::asio;

namespace {

std::optional<protocol::log_event> decoded(const frame& f) {
  auto in = protocol::decode_incoming(*f);
  if (!in) return std::nullopt;
  const auto* e = std::get_if<protocol::event>(&*in);
  if (e == nullptr) return std::nullopt;
  return protocol::as_log_event(*e);
}

}  // namespace

// ---------- client_view ----------

seq_t client_view::resume_point_locked(conversation_id c) const {
  auto it = conversations_.find(c);
  if (it == conversations_.end()) return 0;
  const auto& v = it->second;
  seq_t at = v.floor;
  if (at == 0 && !v.entries.empty()) at = v.entries.begin()->first - 1;
  while (v.entries.contains(at + 1)) ++at;
  return at;
}

seq_t client_view::resume_point(conversation_id c) const {
  std::lock_guard lock(mutex_);
  return resume_point_locked(c);
}

std::map<conversation_id, seq_t> client_view::since() const {
  std::lock_guard lock(mutex_);
  std::map<conversation_id, seq_t> out;
  for (const auto& [c, v] : conversations_) out[c] = resume_point_locked(c);
  return out;
}

std::map<conversation_id, client_view::conversation> client_view::snapshot() const {
  std::lock_guard lock(mutex_);
  return conversations_;
}

void client_view::from_reply(conversation_id c, const protocol::log_event& e) {
  std::lock_guard lock(mutex_);
  conversations_[c].entries[protocol::seq_of(e)] = fingerprint_of(e);
}

void client_view::live(const protocol::log_event& e) {
  const auto c = protocol::conversation_of(e);
  const auto seq = protocol::seq_of(e);
  std::lock_guard lock(mutex_);
  auto& v = conversations_[c];
  auto& last = last_live_[c];
  if (seq <= last) {
    v.problems.push_back("live seq " + std::to_string(seq) + " after live seq " + std::to_string(last));
  }
  if (seq <= v.vouched) {
    v.problems.push_back("live seq " + std::to_string(seq) + " already in a sync reply up to " +
                         std::to_string(v.vouched));
  }
  last = std::max(last, seq);
  v.live.push_back(seq);
  v.entries[seq] = fingerprint_of(e);
}

void client_view::connected() {
  std::lock_guard lock(mutex_);
  last_live_.clear();
  for (auto& [c, v] : conversations_) v.vouched = 0;
}

void client_view::vouched(conversation_id c, seq_t last, bool had_backlog) {
  std::lock_guard lock(mutex_);
  auto& v = conversations_[c];
  v.vouched = std::max(v.vouched, last);
  if (!had_backlog && v.entries.empty() && v.floor == 0) v.floor = last;
}

// ---------- probe ----------

probe::probe(node& at, core::caller who, client_view& view)
    : node_(at), who_(std::move(who)), view_(view), strand_(asio::make_strand(at.io())), gate_(4096) {}

probe::~probe() = default;

bool probe::connect() {
  view_.connected();
  auto self = shared_from_this();
  auto run = [self]() -> asio::awaitable<bool> {
    self->joined_ = true;
    self->node_.sessions().add(self->who_.id, self);
    co_return co_await self->sync_all();
  };
  return asio::co_spawn(strand_, run(), asio::use_future).get();
}

void probe::disconnect() {
  auto self = shared_from_this();
  asio::post(strand_, asio::use_future([self] {
               self->joined_ = false;
               self->node_.sessions().remove(self->who_.id, self.get());
             }))
      .get();
}

void probe::deliver_conversation(conversation_id c, seq_t seq, const frame& f) {
  asio::post(strand_, [self = shared_from_this(), c, seq, f] {
    if (!self->joined_) return;
    switch (self->gate_.offer(c, seq, f)) {
      case session_gate::verdict::send:
        if (auto e = decoded(f)) self->view_.live(*e);
        break;
      case session_gate::verdict::overflow:
        ++self->overflows_;
        self->joined_ = false;  // a session closes (4008)
        self->node_.sessions().remove(self->who_.id, self.get());
        break;
      case session_gate::verdict::held:
      case session_gate::verdict::dropped:
        break;
    }
  });
}

asio::awaitable<bool> probe::sync_all() {
  std::vector<conversation_id> truncated;
  conversation_id after = 0;
  for (bool more = true; more;) {
    const bool page = co_await sync_page(after, truncated, more);
    if (!page) co_return false;
  }
  for (auto c : truncated) {
    if (!co_await fetch_after(c)) co_return false;
  }
  co_return true;
}

// One sync request, as websocket_session::sync runs it.
asio::awaitable<bool> probe::sync_page(conversation_id& after, std::vector<conversation_id>& truncated, bool& more) {
  gate_.sync_started();
  co_await node_.sessions().routes_ready(who_.id);
  protocol::sync_request req{view_.since(), after};
  auto reply = co_await node_.chats().sync(who_, std::move(req));
  std::vector<std::pair<conversation_id, seq_t>> covered;
  if (reply) {
    for (const auto& c : reply->conversations) covered.emplace_back(c.conversation, c.last_seq);
  }
  auto released = gate_.sync_ended(reply ? &covered : nullptr);
  if (!reply) {
    more = false;
    co_return false;
  }
  for (const auto& c : reply->conversations) {
    for (const auto& e : c.events) view_.from_reply(c.conversation, e);
    view_.vouched(c.conversation, c.last_seq, c.has_more || !c.events.empty());
    if (c.has_more) truncated.push_back(c.conversation);
  }
  for (const auto& f : released) {
    if (auto e = decoded(f)) view_.live(*e);
  }
  more = reply->has_more && !reply->conversations.empty();
  if (more) after = reply->conversations.back().conversation;
  co_return true;
}

asio::awaitable<bool> probe::fetch_after(conversation_id c) {
  for (;;) {
    protocol::history_request h{c, std::nullopt, view_.resume_point(c), 100};
    auto page = co_await node_.chats().history(who_, std::move(h));
    if (!page) co_return false;
    for (const auto& e : page->events) view_.from_reply(c, e);
    if (!page->has_more || page->events.empty()) co_return true;
  }
}

}  // namespace natter::delivery::testing
