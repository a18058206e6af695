#include "delivery/relay.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <set>

#include "core/views.hpp"
#include "protocol/codec.hpp"

namespace natter::delivery {

namespace asio = boost::asio;

namespace {

// Events after which receivers reload the member list.
bool changes_members(const protocol::event& e) {
  return std::holds_alternative<protocol::member_joined_event>(e) ||
         std::holds_alternative<protocol::member_left_event>(e) ||
         std::holds_alternative<protocol::conversation_updated_event>(e);
}

// Events after which nodes may need to subscribe or unsubscribe. seq 1 is a
// new conversation (a first direct message makes one without a join entry).
bool joins_or_leaves(const protocol::event& e, store::seq_t seq) {
  return seq == 1 || std::holds_alternative<protocol::member_joined_event>(e) ||
         std::holds_alternative<protocol::member_left_event>(e);
}

// The conversation a user event is about, when it changes who may write there.
store::conversation_id request_conversation(const protocol::event& e) {
  if (auto* a = std::get_if<protocol::request_accepted_event>(&e)) return a->conversation;
  if (auto* d = std::get_if<protocol::request_declined_event>(&e)) return d->conversation;
  return 0;
}

std::vector<store::user_id> merged(const core::member_list& a, const core::member_list& b,
                                   const std::vector<store::user_id>& extra) {
  std::vector<store::user_id> out;
  if (a) out = *a;
  if (b) out.insert(out.end(), b->begin(), b->end());
  out.insert(out.end(), extra.begin(), extra.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

struct backlog {
  std::vector<store::log_entry> entries;
  std::vector<store::user_id> members;            // now
  std::vector<store::membership_change> changes;  // joins and leaves after the first entry read
};

// Who receives each entry read from the store: the members at its seq, that
// is, today's members with every join and leave logged after it undone
// (never anything from before a join; a member who left since still gets
// what was said while they were in), and whoever it says left.
std::vector<std::vector<store::user_id>> audiences_of(const backlog& b) {
  std::set<store::user_id> members(b.members.begin(), b.members.end());
  std::vector<std::vector<store::user_id>> out(b.entries.size());
  auto change = b.changes.rbegin();
  for (std::size_t i = b.entries.size(); i-- > 0;) {
    const auto& e = b.entries[i];
    for (; change != b.changes.rend() && change->seq > e.seq; ++change) {
      if (change->joined) {
        members.erase(change->user);
      } else {
        members.insert(change->user);
      }
    }
    out[i].assign(members.begin(), members.end());
    if (e.kind == store::entry_kind::member_left && e.subject) out[i].push_back(*e.subject);
  }
  return out;
}

}  // namespace

relay::relay(node_link& link, relay_options options, hub& sessions, store::database& db,
             core::membership_cache& members, core::session_guard& guard, asio::any_io_executor io,
             metrics::registry& metrics)
    : link_(link),
      options_(std::move(options)),
      channels_{options_.prefix},
      hub_(sessions),
      db_(db),
      members_(members),
      guard_(guard),
      metrics_(metrics),
      received_(metrics.bus_events.with(R"(what="received")")),
      inbox_dropped_(metrics.bus_events.with(R"(what="inbox_dropped")")),
      sequencer_([this](store::conversation_id c, const sequenced_event& e) { deliver(c, e); }),
      strand_(asio::make_strand(std::move(io))) {
  if (options_.node_id.empty() || options_.node_id.find_first_of(" \n") != std::string::npos) {
    throw std::invalid_argument("--node-id must be non-empty, without spaces");
  }
  node_link::handlers h;
  h.on_message = [this](std::string channel, std::string payload) {
    on_message(std::move(channel), std::move(payload));
  };
  h.on_reconnected = [this] {
    metrics_.bus_events.with(R"(what="reconnects")").inc();
    enqueue(resync_all{});
  };
  link_.start(std::move(h));
  link_.subscribe(channels_.membership());
  link_.subscribe(channels_.sessions());
  spdlog::info("bus: node {} (prefix {})", options_.node_id, options_.prefix);
}

relay::~relay() {
  stop();
}

void relay::stop() {
  link_.stop();
}

void relay::deliver(store::conversation_id c, const sequenced_event& e) {
  hub_.deliver_to_conversation(c, e.recipients, e.seq, e.frame);
}

void relay::publish(const std::string& channel, const bus_message& m) {
  link_.publish(channel, encode(m));
}

// ---------- the origin node ----------

void relay::to_conversation(store::conversation_id conversation, const core::member_list& members, store::seq_t seq,
                            const protocol::event& e) {
  auto f = make_frame(protocol::encode_event(e));
  bus_message m{options_.node_id, message_kind::conversation, conversation, seq, 0, {}, *f};
  if (changes_members(e)) m.flags |= flag_membership;
  if (members && members->size() <= max_named_recipients) {
    // A small audience travels with the event: receivers need no member list,
    // and an audience that is not the membership (a room's read receipt goes
    // to the reader's own sessions only) stays exact.
    m.flags |= flag_exact;
    m.extra = *members;
  } else if (std::holds_alternative<protocol::member_left_event>(e) && members) {
    // Whoever just left is in the audience but no longer a member: name them,
    // since other nodes resolve recipients from the (new) member list.
    auto now = members_.cached(conversation);
    for (auto u : *members) {
      if (!core::membership_cache::contains(now, u)) m.extra.push_back(u);
    }
  }
  if (members && (seq == 1 || std::holds_alternative<protocol::member_joined_event>(e))) {
    // This node's users who are in it now: listen at once, before anyone else
    // hears of it, so that what other nodes send about it next (a receipt,
    // typing: nothing the store repairs) cannot beat the subscription.
    bool newly = false;
    for (auto u : *members) newly = routes_.attach(u, conversation) || newly;
    if (newly) {
      want_conversation(conversation, seq - 1);
      // What others published before the subscription took effect comes
      // from the store (the reconcile that follows finds nothing new to do).
      link_.barrier([this, conversation] { enqueue(catch_up{conversation}); });
    }
  }
  sequenced_event local{seq, f, members ? *members : std::vector<store::user_id>{}};
  if (sequencer_.offer(conversation, std::move(local))) enqueue(catch_up{conversation});
  publish(channels_.conversation(conversation), m);
  if (joins_or_leaves(e, seq)) {
    publish(channels_.membership(), {options_.node_id, message_kind::membership, conversation, seq, 0, {}, {}});
    enqueue(reconcile{conversation, seq});
  }
}

void relay::to_users(const std::vector<store::user_id>& users, const protocol::event& e) {
  if (users.empty()) return;
  auto f = make_frame(protocol::encode_event(e));
  hub_.deliver_to_users(users, f);
  const auto conversation = request_conversation(e);
  bus_message m{options_.node_id, message_kind::user, conversation, 0, conversation ? flag_membership : 0U, {}, *f};
  for (auto u : users) {
    m.extra.assign(1, u);
    publish(channels_.user(u), m);
  }
}

void relay::sessions_ended(store::user_id user, const std::vector<std::string>& families) {
  if (families.empty()) return;
  hub_.sessions_ended(user, families);
  bus_message m{options_.node_id, message_kind::sessions, 0, 0, 0, {user}, {}};
  for (std::size_t i = 0; i < families.size(); ++i) {
    if (i > 0) m.frame += ',';
    m.frame += families[i];
  }
  publish(channels_.sessions(), m);
}

// ---------- which channels this node listens to ----------

void relay::first_session(store::user_id user) {
  if (!routes_.add_user(user)) return;
  link_.subscribe(channels_.user(user));
  enqueue(load_user{user});
}

void relay::last_session_gone(store::user_id user) {
  auto unwanted = routes_.remove_user(user);
  link_.unsubscribe(channels_.user(user));
  if (!unwanted.empty()) enqueue(drop_unwanted{std::move(unwanted)});
}

void relay::want_conversation(store::conversation_id c, store::seq_t delivered) {
  sequencer_.track(c, delivered);
  link_.subscribe(channels_.conversation(c));
}

void relay::set_ready(store::user_id user) {
  routes_.set_ready(user);
  std::vector<std::shared_ptr<asio::steady_timer>> waiting;
  {
    std::lock_guard lock(waiters_mutex_);
    auto it = waiters_.find(user);
    if (it == waiters_.end()) return;
    waiting = std::move(it->second);
    waiters_.erase(it);
  }
  for (auto& timer : waiting) {
    asio::post(timer->get_executor(), [timer] { timer->cancel(); });
  }
}

asio::awaitable<void> relay::routes_ready(store::user_id user) {
  if (routes_.ready(user)) co_return;
  auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor, options_.routes_timeout);
  {
    std::lock_guard lock(waiters_mutex_);
    if (routes_.ready(user)) co_return;
    waiters_[user].push_back(timer);
  }
  auto [ec] = co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
  if (ec) co_return;  // cancelled by set_ready
  spdlog::warn("bus: subscriptions of user {} not confirmed in time; syncing anyway", user);
  std::lock_guard lock(waiters_mutex_);
  if (auto it = waiters_.find(user); it != waiters_.end()) std::erase(it->second, timer);
}

// ---------- receiving ----------

void relay::on_message(std::string, std::string payload) {
  auto m = decode(payload);
  if (!m) {
    metrics_.bus_events.with(R"(what="malformed")").inc();
    return;
  }
  if (m->origin == options_.node_id) return;  // our own publication, delivered here already
  if (inbox_size_.load() >= options_.inbox_limit) {
    inbox_dropped_.inc();
    return;
  }
  received_.inc();
  enqueue(std::move(*m));
}

void relay::enqueue(job j) {
  ++inbox_size_;
  asio::post(strand_, [this, j = std::move(j)]() mutable {
    inbox_.push_back(std::move(j));
    if (working_) return;
    working_ = true;
    asio::co_spawn(strand_, work(), asio::detached);
  });
}

// Arguments of co_awaited calls are named variables, never braced temporaries:
// GCC 12 destroys those twice (see store/database.hpp).
asio::awaitable<void> relay::work() {
  while (!inbox_.empty()) {
    job j = std::move(inbox_.front());
    inbox_.pop_front();
    --inbox_size_;
    auto run = [this](auto& item) { return handle(std::move(item)); };
    try {
      auto task = std::visit(run, j);
      co_await std::move(task);
    } catch (const std::exception& e) {
      spdlog::error("bus: {}", e.what());
    }
  }
  working_ = false;
}

asio::awaitable<core::member_list> relay::members_of(store::conversation_id c) {
  if (auto hit = members_.cached(c)) co_return hit;
  auto query = [c](store::store& s) -> result<std::vector<store::user_id>> { return s.member_ids(c); };
  auto ids = co_await db_.read(std::move(query));
  if (!ids) co_return nullptr;
  co_return members_.remember_if_absent(c, std::move(*ids));
}

asio::awaitable<void> relay::handle(bus_message m) {
  if (m.kind == message_kind::sessions) {
    if (m.extra.size() != 1) co_return;
    std::vector<std::string> families;
    for (std::string_view rest = m.frame; !rest.empty();) {
      const auto comma = rest.find(',');
      families.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    guard_.ended(families);  // before the hub: a socket authenticating meanwhile sees one or the other
    hub_.sessions_ended(m.extra.front(), families);
    co_return;
  }
  if (m.kind == message_kind::user) {
    if (m.conversation != 0 && (m.flags & flag_membership)) members_.forget(m.conversation);
    hub_.deliver_to_users(m.extra, make_frame(std::move(m.frame)));
    co_return;
  }
  if (m.kind == message_kind::membership) {
    reconcile next{m.conversation, m.seq - 1};
    co_await handle(next);
    co_return;
  }
  core::member_list before;
  if (m.flags & flag_membership) {
    before = members_.cached(m.conversation);
    members_.forget(m.conversation);
  }
  sequenced_event e{m.seq, make_frame(std::move(m.frame)), std::move(m.extra)};
  if (!(m.flags & flag_exact)) {
    auto now = co_await members_of(m.conversation);
    e.recipients = merged(now, before, e.recipients);
  }
  if (sequencer_.offer(m.conversation, std::move(e))) {
    catch_up next{m.conversation};
    co_await handle(next);
  }
}

asio::awaitable<void> relay::handle(catch_up j) {
  const auto c = j.conversation;
  auto last = sequencer_.last(c);
  if (!last) co_return;
  metrics_.bus_events.with(R"(what="catch_ups")").inc();
  auto query = [c, after = *last, limit = options_.catch_up_batch](store::store& s) -> result<backlog> {
    backlog b{s.log_after(c, after, limit), s.member_ids(c), {}};
    if (!b.entries.empty()) b.changes = s.membership_changes_after(c, b.entries.front().seq - 1);
    return b;
  };
  auto read = co_await db_.read(std::move(query));
  if (!read) {
    spdlog::warn("bus: catching up on conversation {} failed: {}", c, read.err().message_or_default());
    catch_up_later(c, std::chrono::seconds(1));
    co_return;
  }
  members_.forget(c);
  members_.remember_if_absent(c, read->members);
  auto audiences = audiences_of(*read);
  std::vector<sequenced_event> events;
  events.reserve(read->entries.size());
  for (std::size_t i = 0; i < read->entries.size(); ++i) {
    const auto& entry = read->entries[i];
    events.push_back({entry.seq, make_frame(protocol::encode_event(core::as_event(core::log_event_view(entry)))),
                      std::move(audiences[i])});
  }
  const bool read_nothing = events.empty();
  const bool full = events.size() >= static_cast<std::size_t>(options_.catch_up_batch);
  const bool gap = sequencer_.caught_up(c, std::move(events));
  // A full batch may not be the end of the log, whatever is held: nothing
  // may be held at all (after the link came back, what it lost is only in
  // the store), and the next event may not come for a long time.
  if (full) {
    enqueue(catch_up{c});
    co_return;
  }
  if (!gap) co_return;
  // A gap remains: events committed after this read are held behind a seq it
  // did not see yet. Only another catch-up fills it (that seq may never come
  // live: the link may have dropped it).
  if (read_nothing) {
    catch_up_later(c, std::chrono::milliseconds(100));  // no progress: do not spin
  } else {
    enqueue(catch_up{c});
  }
}

void relay::catch_up_later(store::conversation_id c, std::chrono::milliseconds delay) {
  auto timer = std::make_shared<asio::steady_timer>(strand_, delay);
  timer->async_wait([this, timer, c](boost::system::error_code ec) {
    if (!ec) enqueue(catch_up{c});
  });
}

asio::awaitable<void> relay::handle(reconcile j) {
  const auto c = j.conversation;
  auto query = [c](store::store& s) -> result<std::vector<store::user_id>> { return s.member_ids(c); };
  auto ids = co_await db_.read(std::move(query));
  if (!ids) {
    spdlog::warn("bus: members of conversation {}: {}", c, ids.err().message_or_default());
    co_return;
  }
  members_.forget(c);
  auto members = members_.remember_if_absent(c, std::move(*ids));
  bool newly = false;
  for (auto u : *members) newly = routes_.attach(u, c) || newly;
  bool unwanted = false;
  for (auto u : routes_.attached(c)) {
    if (!core::membership_cache::contains(members, u)) unwanted = routes_.detach(u, c) || unwanted;
  }
  if (newly) {
    want_conversation(c, j.delivered);
    // Events published before the subscription took effect come from the store.
    link_.barrier([this, c] { enqueue(catch_up{c}); });
  } else if (unwanted) {
    drop_unwanted next{std::vector<store::conversation_id>(1, c)};
    co_await handle(std::move(next));
  }
}

asio::awaitable<void> relay::handle(load_user j) {
  using known = std::vector<std::pair<store::conversation_id, store::seq_t>>;
  auto query = [u = j.user](store::store& s) -> result<known> {
    known out;
    for (const auto& summary : s.conversations_of(u)) {
      out.emplace_back(summary.conversation.id, summary.conversation.last_seq);
    }
    return out;
  };
  auto conversations = co_await db_.read(std::move(query));
  if (!conversations) {
    spdlog::warn("bus: conversations of user {}: {}", j.user, conversations.err().message_or_default());
  } else {
    for (const auto& [c, last] : *conversations) {
      if (routes_.attach(j.user, c)) want_conversation(c, last);
    }
  }
  link_.barrier([this, u = j.user] { set_ready(u); });
}

asio::awaitable<void> relay::handle(drop_unwanted j) {
  for (auto c : j.conversations) {
    if (routes_.wanted(c)) continue;
    if (sequencer_.holding(c)) {
      // What it holds is still owed to someone here: the last local member's
      // own member.left waits behind a gap. Deliver it first, then let go.
      enqueue(catch_up{c});
      drop_later(c);
      continue;
    }
    link_.unsubscribe(channels_.conversation(c));
    sequencer_.untrack(c);
  }
  co_return;
}

void relay::drop_later(store::conversation_id c) {
  auto timer = std::make_shared<asio::steady_timer>(strand_, std::chrono::milliseconds(100));
  timer->async_wait([this, timer, c](boost::system::error_code ec) {
    if (!ec) enqueue(drop_unwanted{std::vector<store::conversation_id>(1, c)});
  });
}

asio::awaitable<void> relay::handle(resync_all) {
  // Ended sessions published while Redis was away are lost: read them again.
  guard_.forget_open();
  hub_.recheck_sessions();
  spdlog::info("bus: resubscribed; catching up on {} conversations", sequencer_.tracked().size());
  for (auto c : sequencer_.tracked()) {
    catch_up next{c};
    co_await handle(next);
  }
}

}  // namespace natter::delivery
