#include "core/reaction_views.hpp"

#include "core/views.hpp"

namespace natter::core {

namespace {

protocol::reactor reactor_view(const store::reactor_record& r) {
  return {r.id, r.username};
}

const std::vector<protocol::reaction>* find(const reaction_map& m, store::message_id id) {
  auto it = m.find(id);
  return it == m.end() ? nullptr : &it->second;
}

}  // namespace

std::optional<protocol::log_event> message_mark_view(const store::log_entry& e) {
  const protocol::reactor by{e.actor, e.actor_name};
  const auto target = e.target.value_or(0);
  if (e.action == store::reaction_added_action || e.action == store::reaction_removed_action) {
    const bool added = e.action == store::reaction_added_action;
    return protocol::message_reaction_event{e.conversation, e.seq, target, e.emoji, added ? "add" : "remove", by, {}};
  }
  if (e.action == store::pinned_action || e.action == store::unpinned_action) {
    return protocol::message_pinned_event{e.conversation, e.seq, target, e.action == store::pinned_action, by};
  }
  return std::nullopt;
}

std::optional<store::message_id> reactions_shown_by(const store::log_entry& e) {
  if (e.kind == store::entry_kind::message || e.kind == store::entry_kind::edit) {
    if (e.message && !e.message->deleted) return e.message->id;
    return std::nullopt;
  }
  if (e.kind == store::entry_kind::updated &&
      (e.action == store::reaction_added_action || e.action == store::reaction_removed_action)) {
    return e.target;
  }
  return std::nullopt;
}

reaction_map reactions_of(store::conversation_store& s, std::span<const store::message_id> messages) {
  reaction_map out;
  for (auto& r : s.reactions_on(messages, protocol::max_reactors_shown)) {
    protocol::reaction view{std::move(r.emoji), r.count, {}};
    for (const auto& u : r.users) view.users.push_back(reactor_view(u));
    out[r.message].push_back(std::move(view));
  }
  return out;
}

reaction_map reactions_for(store::conversation_store& s, std::span<const store::log_entry> entries) {
  std::vector<store::message_id> ids;
  for (const auto& e : entries) {
    if (auto id = reactions_shown_by(e)) ids.push_back(*id);
  }
  return reactions_of(s, ids);
}

void attach_reactions(protocol::log_event& e, const reaction_map& m) {
  if (auto* msg = std::get_if<protocol::message_event>(&e)) {
    if (const auto* r = find(m, msg->msg.id)) msg->msg.reactions = *r;
  } else if (auto* edited = std::get_if<protocol::message_edited_event>(&e)) {
    if (const auto* r = find(m, edited->msg.id)) edited->msg.reactions = *r;
  } else if (auto* reaction = std::get_if<protocol::message_reaction_event>(&e)) {
    if (const auto* r = find(m, reaction->id)) reaction->reactions = *r;
  }
}

protocol::pinned_message pin_view(const store::pin_record& p, const reaction_map& m) {
  protocol::pinned_message out{message_view(p.message), reactor_view(p.by), p.at};
  if (const auto* r = find(m, p.message.id)) out.msg.reactions = *r;
  return out;
}

}  // namespace natter::core
