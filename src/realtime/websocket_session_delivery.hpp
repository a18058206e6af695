#pragma once
// What a WebSocket session sends: live events from the hub (the inbox, then
// the session gate for conversation events), syncs (the gate's handover), and
// the outbound queue's bounds. Part of websocket_session_impl.hpp; the dialect
// says each event in its own frames.

#include <boost/asio/post.hpp>
#include <utility>
#include <vector>

#include "protocol/reply_budget.hpp"
#include "realtime/own_rename.hpp"
#include "realtime/websocket_session.hpp"
#include "realtime/websocket_session_close.hpp"

namespace natter::realtime {

// What fits of a sync reply's presence list (protocol::max_sync_presence_bytes);
// the people left out show up with their next presence change.
inline std::vector<protocol::presence_event> fitting_presence(std::vector<protocol::presence_event> people) {
  protocol::reply_budget room(protocol::max_sync_presence_bytes);
  std::size_t kept = 0;
  while (kept < people.size() && room.take(people[kept])) ++kept;
  people.resize(kept);
  return people;
}

template <class Dialect, class NextLayer>
asio::awaitable<void> websocket_session<Dialect, NextLayer>::sync_started() {
  gate_.sync_started();
  // With many nodes: wait until this user's events reach this node, so that
  // whatever commits after the backlog is read arrives live.
  co_await env_.sessions.routes_ready(user_->id);
}

template <class Dialect, class NextLayer>
template <class First>
void websocket_session<Dialect, NextLayer>::sync_ended(
    const std::vector<std::pair<store::conversation_id, store::seq_t>>* covered, First first) {
  auto after = gate_.sync_ended_events(covered);
  first();
  for (const auto& e : after) dialect_.push_conversation(*this, e.conversation, e.seq, e.f);
  events_sent_ += after.size();
  env_.counts.events_sent(after.size());
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::deliver_conversation(store::conversation_id c, store::seq_t seq,
                                                                 const delivery::frame& f) {
  to_inbox({c, seq, f, false});
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::deliver_user(const delivery::frame& f) {
  to_inbox({0, 0, f, true});
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::to_inbox(session_inbox::event e) {
  if (!inbox_.push(std::move(e))) return;  // a drain is pending: it takes this one too
  asio::post(ws_.get_executor(), [self = this->shared_from_this()] { self->drain_inbox(); });
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::drain_inbox() {
  const bool overflowed = inbox_.take(drained_);
  auto& out = ws_.next_layer();
  out.hold();
  const auto sent_before = events_sent_;
  for (const auto& e : drained_) {
    if (!e.user_event) {
      on_conversation_event(e.conversation, e.seq, e.f);
    } else if (user_) {
      if (auto name = own_new_username(*e.f, user_->id)) user_->username = std::move(*name);
      dialect_.push_user(*this, e.f);
      ++events_sent_;
    }
  }
  out.release();
  env_.counts.events_sent(events_sent_ - sent_before);
  drained_.clear();
  if (overflowed) close_with(close_slow_consumer, "slow consumer");
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::on_conversation_event(store::conversation_id c, store::seq_t seq,
                                                                  const delivery::frame& f) {
  if (!user_ || closing_) return;
  switch (gate_.offer(c, seq, f)) {
    case delivery::session_gate::verdict::send:
      dialect_.push_conversation(*this, c, seq, f);
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

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::enqueue(std::string_view text) {
  if (closing_ || !ws_.is_open()) return;
  auto& out = ws_.next_layer();
  const auto& limits = env_.limits;
  if (out.queued_frames() >= limits.outbound_frames || out.queued_bytes() + text.size() > limits.outbound_bytes) {
    close_with(close_slow_consumer, "slow consumer");
    return;
  }
  out.append_text_frame(text);
}

template <class Dialect, class NextLayer>
asio::awaitable<void> websocket_session<Dialect, NextLayer>::room_for(std::size_t bytes) {
  const auto& out = ws_.next_layer();
  const auto& limits = env_.limits;
  while (!closing_ && !ended_ && out.queued_bytes() > 0 &&
         (out.queued_bytes() + bytes > limits.outbound_bytes || out.queued_frames() >= limits.outbound_frames)) {
    co_await room_wake_.async_wait(use_tuple);
  }
}

template <class Dialect, class NextLayer>
void websocket_session<Dialect, NextLayer>::enqueue_reply(std::string_view text) {
  if (closing_ || !ws_.is_open()) return;
  ws_.next_layer().append_text_frame(text);
}

}  // namespace natter::realtime
