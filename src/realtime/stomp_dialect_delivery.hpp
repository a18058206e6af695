#pragma once
// What a STOMP session sends to its subscriptions: the sync and catch-up that
// start them (through the session's gate, as a JSON session's sync), live
// events the session lets through, and replies. Part of stomp_dialect_frames.hpp.

#include <fmt/format.h>

#include "realtime/stomp_dialect.hpp"
#include "realtime/websocket_session_delivery.hpp"

namespace natter::realtime {

namespace stomp_delivery {
// Whether a subscription gets an event of conversation c (0 and user_event:
// an event to the user).
inline bool wants(const stomp_wire::destination& d, conversation_id c, bool user_event) {
  switch (d.kind) {
    case stomp_wire::destination_kind::events:
      return true;
    case stomp_wire::destination_kind::conversation:
      return !user_event && c == d.conversation;
    case stomp_wire::destination_kind::replies:
      return false;
  }
  return false;
}
}  // namespace stomp_delivery

template <class S>
asio::awaitable<void> stomp_dialect::subscribe(S& s, const stomp::frame& f) {
  const auto* receipt = f.header("receipt");
  const auto* id = f.header("id");
  const auto* name = f.header("destination");
  if (!id || id->empty() || id->size() > stomp_wire::max_id_bytes || !name) {
    co_return fail(s, error(errc::bad_request, "SUBSCRIBE needs an id of 1 to 64 bytes and a destination."), receipt);
  }
  if (find(*id)) co_return fail(s, error(errc::bad_request, "That subscription id is taken.", "id"), receipt);
  if (subscriptions_.size() >= stomp_wire::max_subscriptions) {
    co_return fail(s, error(errc::limit_reached, "Too many subscriptions."), receipt);
  }
  auto where = stomp_wire::subscribable(*name);
  if (!where) co_return fail(s, error(errc::not_found, "No such destination.", "destination"), receipt);
  const auto* mode = f.header("ack");
  if (mode && *mode != "auto" && *mode != "client" && *mode != "client-individual") {
    co_return fail(s, error(errc::bad_request, "ack is auto, client or client-individual.", "ack"), receipt);
  }
  std::map<conversation_id, seq_t> since;
  if (const auto* value = f.header("since")) {
    auto parsed = stomp_wire::parse_since(*value, *where);
    if (!parsed) co_return fail(s, parsed.err(), receipt);
    since = std::move(*parsed);
  }
  if (where->kind == stomp_wire::destination_kind::conversation) {
    // Members only: the same check as history's.
    protocol::history_request probe{where->conversation, std::nullopt, std::nullopt, 1};
    auto member = co_await s.env_.chats.history(*s.user_, probe);
    if (!member) co_return fail(s, member.err(), receipt);
  }
  subscriptions_.push_back({*id, *where, *name, mode && *mode != "auto", false, {}});
  if (where->kind != stomp_wire::destination_kind::replies) {
    status started = ok;
    if (!delivering_) {
      delivering_ = true;
      started = co_await first_sync(s, *id, std::move(since));
    } else if (!since.empty()) {
      started = co_await catch_up(s, *id, std::move(since));
    }
    if (!started) co_return fail(s, started.err(), receipt);
  }
  if (receipt) s.enqueue_reply(stomp_wire::receipt_frame(*receipt));
}

template <class S>
void stomp_dialect::unsubscribe(S& s, const stomp::frame& f) {
  const auto* id = f.header("id");
  if (!id || !find(*id))
    return fail(s, error(errc::bad_request, "No subscription of that id.", "id"), f.header("receipt"));
  std::erase_if(subscriptions_, [id](const subscription& sub) { return sub.id == *id; });
  if (const auto* receipt = f.header("receipt")) s.enqueue_reply(stomp_wire::receipt_frame(*receipt));
}

inline stomp_dialect::subscription* stomp_dialect::find(std::string_view id) {
  for (auto& sub : subscriptions_) {
    if (sub.id == id) return &sub;
  }
  return nullptr;
}

// As the JSON protocol's sync, paged by the server itself: every page of the
// sync, and history for a conversation whose events did not all fit, while
// the gate holds live events; they follow, minus what the backlog carried.
template <class S>
asio::awaitable<status> stomp_dialect::first_sync(S& s, const std::string& sub,
                                                  std::map<conversation_id, seq_t> since) {
  co_await s.sync_started();
  protocol::sync_request req{std::move(since), 0};
  std::vector<std::pair<conversation_id, seq_t>> covered;
  status outcome = ok;
  for (bool first_page = true; outcome; first_page = false) {
    auto page = co_await s.env_.chats.sync(*s.user_, req);
    if (!page) {
      outcome = page.err();
      break;
    }
    if (first_page) {
      auto people = co_await s.env_.presence.visible_to(*s.user_);
      std::vector<protocol::presence_event> shown;  // named: no temporary lives across the co_awaits below
      if (people) shown = fitting_presence(std::move(*people));
      for (const auto& p : shown) co_await backlog(s, sub, 0, 0, protocol::encode_event(p), true);
    }
    for (const auto& c : page->conversations) {
      seq_t last = req.since.contains(c.conversation) ? req.since.at(c.conversation) : c.last_seq;
      for (const auto& e : c.events) {
        last = stomp_wire::position(e).second;
        co_await backlog(s, sub, c.conversation, last, stomp_wire::event_text(e), false);
      }
      if (c.has_more) {
        auto rest = co_await history_after(s, sub, c.conversation, last);
        if (!rest) {
          outcome = rest.err();
          break;
        }
        last = *rest;
      }
      covered.emplace_back(c.conversation, std::max(last, c.last_seq));
    }
    for (const auto& r : page->receipts) co_await backlog(s, sub, r.conversation, 0, protocol::encode_event(r), false);
    if (!page->has_more || page->conversations.empty()) break;
    req.after = page->conversations.back().conversation;
  }
  s.sync_ended(outcome ? &covered : nullptr, [] {});
  co_return outcome;
}

template <class S>
asio::awaitable<status> stomp_dialect::catch_up(S& s, const std::string& sub, std::map<conversation_id, seq_t> since) {
  if (auto* found = find(sub)) found->catching_up = true;
  std::map<conversation_id, seq_t> reached;
  for (const auto& [c, after] : since) {
    auto last = co_await history_after(s, sub, c, after);
    if (!last) co_return last.err();
    reached[c] = *last;
  }
  auto* found = find(sub);
  if (!found) co_return ok;
  auto held = std::move(found->held);
  found->held.clear();
  found->catching_up = false;
  for (const auto& e : held) {
    const auto it = reached.find(e.conversation);
    if (e.seq > 0 && it != reached.end() && e.seq <= it->second) continue;  // the backlog carried it
    send_message(s, *found, e.conversation, e.seq, *e.f);
  }
  co_return ok;
}

template <class S>
asio::awaitable<result<seq_t>> stomp_dialect::history_after(S& s, const std::string& sub, conversation_id c,
                                                            seq_t after) {
  for (;;) {
    protocol::history_request req{c, std::nullopt, after, static_cast<int>(s.env_.hello.history_limit)};
    auto page = co_await s.env_.chats.history(*s.user_, req);
    if (!page) co_return page.err();
    for (const auto& e : page->events) {
      after = std::max(after, stomp_wire::position(e).second);
      co_await backlog(s, sub, c, stomp_wire::position(e).second, stomp_wire::event_text(e), false);
    }
    if (!page->has_more || page->events.empty() || s.closing_) co_return after;
  }
}

template <class S>
asio::awaitable<void> stomp_dialect::backlog(S& s, const std::string& sub, conversation_id c, seq_t seq,
                                             std::string json, bool user_event) {
  co_await s.room_for(json.size());
  auto* found = find(sub);
  if (!found || !stomp_delivery::wants(found->where, c, user_event) || s.closing_) co_return;
  s.enqueue_reply(stomp_wire::message_frame({found->id, message_id(c, seq), found->name, found->acks}, json));
}

template <class S>
void stomp_dialect::fan_out(S& s, conversation_id c, seq_t seq, const delivery::frame& f, bool user_event) {
  for (auto& sub : subscriptions_) {
    if (!stomp_delivery::wants(sub.where, c, user_event)) continue;
    if (!sub.catching_up) {
      send_message(s, sub, c, seq, *f);
    } else if (sub.held.size() < s.env_.limits.sync_buffer) {
      sub.held.push_back({c, seq, f});
    } else {
      s.close_with(close_slow_consumer, "too many events during a catch-up");
    }
  }
}

template <class S>
void stomp_dialect::send_message(S& s, subscription& sub, conversation_id c, seq_t seq, std::string_view json) {
  s.enqueue(stomp_wire::message_frame({sub.id, message_id(c, seq), sub.name, sub.acks}, json));
}

inline std::string stomp_dialect::message_id(conversation_id c, seq_t seq) {
  return seq > 0 ? fmt::format("{}.{}", c, seq) : fmt::format("n{}", ++next_message_);
}

template <class S>
void stomp_dialect::reply_message(S& s, const std::string& request_id, const reply_text& reply) {
  for (auto& sub : subscriptions_) {
    if (sub.where.kind != stomp_wire::destination_kind::replies) continue;
    const auto id = fmt::format("r{}", ++next_message_);
    s.enqueue_reply(stomp_wire::message_frame({sub.id, id, sub.name, sub.acks, request_id, reply.failure}, reply.text));
  }
}

}  // namespace natter::realtime
