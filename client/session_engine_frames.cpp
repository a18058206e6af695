// Frames in: replies to their requests, conversation events through the seq
// filter (each once, in order, gaps fetched with history), the rest straight
// to the user.

#include <type_traits>

#include "client/session_engine.hpp"
#include "protocol/log_events.hpp"

namespace natter::client {

using protocol::conversation_of;
using protocol::is_log_event;
using protocol::seq_of;

namespace {

// history pages while filling a gap or paging a sync backlog.
constexpr int fetch_page = 100;

}  // namespace

void session_engine::on_frame(const std::string& text) {
  auto frame = protocol::decode_incoming(text);
  if (!frame) return;  // a frame this client cannot read; the protocol lets it pass
  if (auto* reply = std::get_if<protocol::incoming_reply>(&frame.value())) return on_reply(*reply, text);
  if (auto* e = std::get_if<protocol::event>(&frame.value())) on_event(std::move(*e));
}

void session_engine::on_reply(const protocol::incoming_reply& reply, const std::string& text) {
  if (!reply.id) return;
  auto it = pending_.find(*reply.id);
  if (it == pending_.end()) return;
  auto p = std::move(it->second);
  pending_.erase(it);
  auto body = protocol::decode_reply(text, p.type);
  if (!body) return p.done(failure::refused(std::string(info(body.err().code).code), body.err().message));
  p.done(std::move(body).value());
}

void session_engine::on_event(protocol::event e) {
  std::visit(
      [this](auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (is_log_event<T>) {
          deliver(protocol::log_event(std::move(body)));
        } else if constexpr (std::is_same_v<T, protocol::token_expiring_event>) {
          renew_token();
        } else {
          sink_(protocol::event(std::move(body)));
        }
      },
      e);
}

void session_engine::deliver(const protocol::log_event& e) {
  const auto conversation = conversation_of(e);
  switch (seqs_.accept(conversation, seq_of(e))) {
    case seq_tracker::verdict::fresh:
      std::visit([this](const auto& body) { sink_(protocol::event(body)); }, e);
      break;
    case seq_tracker::verdict::duplicate:
      break;
    case seq_tracker::verdict::gap:
      fetch_after(conversation);
      break;
  }
}

void session_engine::apply_sync(const protocol::sync_reply& s) {
  for (const auto& c : s.conversations) {
    for (const auto& e : c.events) deliver(e);
    // A conversation not asked about comes without a backlog: start after
    // its last seq. One with more backlog than a sync carries pages on.
    if (c.has_more) {
      fetch_after(c.conversation);
    } else {
      seqs_.advance_to(c.conversation, c.last_seq);
    }
  }
  for (const auto& r : s.receipts) sink_(protocol::event(r));
  for (const auto& p : s.presence) sink_(protocol::event(p));
}

// Asks history for what follows the last seq held; the reply's events go
// through deliver() like live ones, so overlap is harmless.
void session_engine::fetch_after(protocol::conversation_id conversation) {
  if (!connection_ || !connection_->is_open()) return;
  if (!fetching_.insert(conversation).second) return;
  protocol::history_request h{conversation, std::nullopt, seqs_.last(conversation), fetch_page};
  auto fetched = [this, conversation](outcome<protocol::reply> r) {
    fetching_.erase(conversation);
    if (!r) return;  // the next sync catches up
    const auto& page = std::get<protocol::history_reply>(r.value());
    for (const auto& e : page.events) deliver(e);
    if (page.has_more && !page.events.empty()) fetch_after(conversation);
  };
  transmit(protocol::request(h), {"history", std::move(fetched)});
}

}  // namespace natter::client
