#pragma once
// What a STOMP session sends to its subscriptions: the sync and catch-up that
// start them, live events from the hub (through the same inbox and session
// gate as a JSON session), and replies. Part of stomp_session_impl.hpp.

#include <fmt/format.h>

#include "realtime/own_rename.hpp"
#include "realtime/stomp_session.hpp"
#include "realtime/websocket_session_impl.hpp"

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

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::subscribe(const stomp::frame& f) {
  const auto* receipt = f.header("receipt");
  const auto* id = f.header("id");
  const auto* name = f.header("destination");
  if (!id || id->empty() || id->size() > stomp_wire::max_id_bytes || !name) {
    co_return fail(error(errc::bad_request, "SUBSCRIBE needs an id of 1 to 64 bytes and a destination."), receipt);
  }
  if (find(*id)) co_return fail(error(errc::bad_request, "That subscription id is taken.", "id"), receipt);
  if (subscriptions_.size() >= stomp_wire::max_subscriptions) {
    co_return fail(error(errc::limit_reached, "Too many subscriptions."), receipt);
  }
  auto where = stomp_wire::subscribable(*name);
  if (!where) co_return fail(error(errc::not_found, "No such destination.", "destination"), receipt);
  const auto* mode = f.header("ack");
  if (mode && *mode != "auto" && *mode != "client" && *mode != "client-individual") {
    co_return fail(error(errc::bad_request, "ack is auto, client or client-individual.", "ack"), receipt);
  }
  std::map<conversation_id, seq_t> since;
  if (const auto* value = f.header("since")) {
    auto parsed = stomp_wire::parse_since(*value, *where);
    if (!parsed) co_return fail(parsed.err(), receipt);
    since = std::move(*parsed);
  }
  if (where->kind == stomp_wire::destination_kind::conversation) {
    // Members only: the same check as history's.
    protocol::history_request probe{where->conversation, std::nullopt, std::nullopt, 1};
    auto member = co_await env_.chats.history(*user_, probe);
    if (!member) co_return fail(member.err(), receipt);
  }
  subscriptions_.push_back({*id, *where, *name, mode && *mode != "auto", false, {}});
  if (where->kind != stomp_wire::destination_kind::replies) {
    status started = ok;
    if (!delivering_) {
      delivering_ = true;
      started = co_await first_sync(*id, std::move(since));
    } else if (!since.empty()) {
      started = co_await catch_up(*id, std::move(since));
    }
    if (!started) co_return fail(started.err(), receipt);
  }
  if (receipt) enqueue_reply(stomp_wire::receipt_frame(*receipt));
}

template <class NextLayer>
void stomp_session<NextLayer>::unsubscribe(const stomp::frame& f) {
  const auto* id = f.header("id");
  if (!id || !find(*id))
    return fail(error(errc::bad_request, "No subscription of that id.", "id"), f.header("receipt"));
  std::erase_if(subscriptions_, [id](const subscription& s) { return s.id == *id; });
  if (const auto* receipt = f.header("receipt")) enqueue_reply(stomp_wire::receipt_frame(*receipt));
}

template <class NextLayer>
typename stomp_session<NextLayer>::subscription* stomp_session<NextLayer>::find(std::string_view id) {
  for (auto& s : subscriptions_) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

// As websocket_session::sync, paged by the server itself: every page of the
// sync, and history for a conversation whose events did not all fit, while
// the gate holds live events; they follow, minus what the backlog carried.
template <class NextLayer>
asio::awaitable<status> stomp_session<NextLayer>::first_sync(const std::string& sub,
                                                             std::map<conversation_id, seq_t> since) {
  gate_.sync_started();
  co_await env_.sessions.routes_ready(user_->id);
  protocol::sync_request req{std::move(since), 0};
  std::vector<std::pair<conversation_id, seq_t>> covered;
  status outcome = ok;
  for (bool first_page = true; outcome; first_page = false) {
    auto page = co_await env_.chats.sync(*user_, req);
    if (!page) {
      outcome = page.err();
      break;
    }
    if (first_page) {
      auto people = co_await env_.presence.visible_to(*user_);
      std::vector<protocol::presence_event> shown;  // named: no temporary lives across the co_awaits below
      if (people) shown = fitting_presence(std::move(*people));
      for (const auto& p : shown) co_await backlog(sub, 0, 0, protocol::encode_event(p), true);
    }
    for (const auto& c : page->conversations) {
      seq_t last = req.since.contains(c.conversation) ? req.since.at(c.conversation) : c.last_seq;
      for (const auto& e : c.events) {
        last = stomp_wire::position(e).second;
        co_await backlog(sub, c.conversation, last, stomp_wire::event_text(e), false);
      }
      if (c.has_more) {
        auto rest = co_await history_after(sub, c.conversation, last);
        if (!rest) {
          outcome = rest.err();
          break;
        }
        last = *rest;
      }
      covered.emplace_back(c.conversation, std::max(last, c.last_seq));
    }
    for (const auto& r : page->receipts) co_await backlog(sub, r.conversation, 0, protocol::encode_event(r), false);
    if (!page->has_more || page->conversations.empty()) break;
    req.after = page->conversations.back().conversation;
  }
  auto after = gate_.sync_ended_events(outcome ? &covered : nullptr);
  for (const auto& e : after) fan_out(e.conversation, e.seq, e.f, false);
  events_sent_ += after.size();
  env_.counts.events_sent(after.size());
  co_return outcome;
}

template <class NextLayer>
asio::awaitable<status> stomp_session<NextLayer>::catch_up(const std::string& sub,
                                                           std::map<conversation_id, seq_t> since) {
  if (auto* s = find(sub)) s->catching_up = true;
  std::map<conversation_id, seq_t> reached;
  for (const auto& [c, after] : since) {
    auto last = co_await history_after(sub, c, after);
    if (!last) co_return last.err();
    reached[c] = *last;
  }
  auto* s = find(sub);
  if (!s) co_return ok;
  auto held = std::move(s->held);
  s->held.clear();
  s->catching_up = false;
  for (const auto& e : held) {
    const auto it = reached.find(e.conversation);
    if (e.seq > 0 && it != reached.end() && e.seq <= it->second) continue;  // the backlog carried it
    send_message(*s, e.conversation, e.seq, *e.f);
  }
  co_return ok;
}

template <class NextLayer>
asio::awaitable<result<seq_t>> stomp_session<NextLayer>::history_after(const std::string& sub, conversation_id c,
                                                                       seq_t after) {
  for (;;) {
    protocol::history_request req{c, std::nullopt, after, static_cast<int>(env_.hello.history_limit)};
    auto page = co_await env_.chats.history(*user_, req);
    if (!page) co_return page.err();
    for (const auto& e : page->events) {
      after = std::max(after, stomp_wire::position(e).second);
      co_await backlog(sub, c, stomp_wire::position(e).second, stomp_wire::event_text(e), false);
    }
    if (!page->has_more || page->events.empty() || closing_) co_return after;
  }
}

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::backlog(const std::string& sub, conversation_id c, seq_t seq,
                                                        std::string json, bool user_event) {
  co_await room_for(json.size());
  auto* s = find(sub);
  if (!s || !stomp_delivery::wants(s->where, c, user_event) || closing_) co_return;
  const auto id = seq > 0 ? fmt::format("{}.{}", c, seq) : fmt::format("n{}", ++next_message_);
  enqueue_reply(stomp_wire::message_frame({s->id, id, s->name, s->acks}, json));
}

template <class NextLayer>
void stomp_session<NextLayer>::deliver_conversation(store::conversation_id c, store::seq_t seq,
                                                    const delivery::frame& f) {
  to_inbox({c, seq, f, false});
}

template <class NextLayer>
void stomp_session<NextLayer>::deliver_user(const delivery::frame& f) {
  to_inbox({0, 0, f, true});
}

template <class NextLayer>
void stomp_session<NextLayer>::to_inbox(session_inbox::event e) {
  if (!inbox_.push(std::move(e))) return;
  asio::post(ws_.get_executor(), [self = this->shared_from_this()] { self->drain_inbox(); });
}

template <class NextLayer>
void stomp_session<NextLayer>::drain_inbox() {
  const bool overflowed = inbox_.take(drained_);
  auto& out = ws_.next_layer();
  out.hold();
  const auto sent_before = events_sent_;
  for (const auto& e : drained_) {
    if (!e.user_event) {
      on_conversation_event(e.conversation, e.seq, e.f);
    } else if (user_ && connected_) {
      if (auto name = own_new_username(*e.f, user_->id)) user_->username = std::move(*name);
      fan_out(0, 0, e.f, true);
      ++events_sent_;
    }
  }
  out.release();
  env_.counts.events_sent(events_sent_ - sent_before);
  drained_.clear();
  if (overflowed) close_with(close_slow_consumer, "slow consumer");
}

template <class NextLayer>
void stomp_session<NextLayer>::on_conversation_event(conversation_id c, seq_t seq, const delivery::frame& f) {
  if (!user_ || closing_) return;
  switch (gate_.offer(c, seq, f)) {
    case delivery::session_gate::verdict::send:
      fan_out(c, seq, f, false);
      ++events_sent_;
      break;
    case delivery::session_gate::verdict::overflow:
      close_with(close_slow_consumer, "too many events during sync");
      break;
    case delivery::session_gate::verdict::held:
    case delivery::session_gate::verdict::dropped:
      break;
  }
}

template <class NextLayer>
void stomp_session<NextLayer>::fan_out(conversation_id c, seq_t seq, const delivery::frame& f, bool user_event) {
  for (auto& s : subscriptions_) {
    if (!stomp_delivery::wants(s.where, c, user_event)) continue;
    if (!s.catching_up) {
      send_message(s, c, seq, *f);
    } else if (s.held.size() < env_.limits.sync_buffer) {
      s.held.push_back({c, seq, f});
    } else {
      close_with(close_slow_consumer, "too many events during a catch-up");
    }
  }
}

template <class NextLayer>
void stomp_session<NextLayer>::send_message(subscription& s, conversation_id c, seq_t seq, std::string_view json) {
  const auto id = seq > 0 ? fmt::format("{}.{}", c, seq) : fmt::format("n{}", ++next_message_);
  enqueue(stomp_wire::message_frame({s.id, id, s.name, s.acks}, json));
}

template <class NextLayer>
void stomp_session<NextLayer>::reply_message(const std::string& request_id, const reply_text& reply) {
  for (auto& s : subscriptions_) {
    if (s.where.kind != stomp_wire::destination_kind::replies) continue;
    const auto id = fmt::format("r{}", ++next_message_);
    enqueue_reply(stomp_wire::message_frame({s.id, id, s.name, s.acks, request_id, reply.failure}, reply.text));
  }
}

template <class NextLayer>
void stomp_session<NextLayer>::enqueue(std::string_view text) {
  if (closing_ || !ws_.is_open()) return;
  auto& out = ws_.next_layer();
  const auto& limits = env_.limits;
  if (out.queued_frames() >= limits.outbound_frames || out.queued_bytes() + text.size() > limits.outbound_bytes) {
    close_with(close_slow_consumer, "slow consumer");
    return;
  }
  out.append_text_frame(text);
}

template <class NextLayer>
asio::awaitable<void> stomp_session<NextLayer>::room_for(std::size_t bytes) {
  const auto& out = ws_.next_layer();
  const auto& limits = env_.limits;
  while (!closing_ && !ended_ && out.queued_bytes() > 0 &&
         (out.queued_bytes() + bytes > limits.outbound_bytes || out.queued_frames() >= limits.outbound_frames)) {
    co_await room_wake_.async_wait(use_tuple);
  }
}

template <class NextLayer>
void stomp_session<NextLayer>::enqueue_reply(std::string_view text) {
  if (closing_ || !ws_.is_open()) return;
  ws_.next_layer().append_text_frame(text);
}

}  // namespace natter::realtime
