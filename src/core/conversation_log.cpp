#include "core/conversation_log.hpp"

#include <array>

#include "core/mentions.hpp"

namespace natter::core {

using store::entry_kind;
using store::member_role;

void join(store::store& s, log_batch& out, store::user_id user, store::user_id by, member_role role, unix_ms now) {
  auto e = store::new_entry(out.conversation, entry_kind::member_joined, by, now);
  e.subject = user;
  e.role = to_string(role);
  out.entries.push_back(s.append(e).entry);
  const auto joined = out.entries.back().seq;
  // The batch goes to its audience whole: a member added by it receives it
  // from its first entry on, and nothing from before.
  s.add_member(out.conversation, user, role, now, out.entries.front().seq);
  s.remove_invitation(out.conversation, user);  // answered by joining
  // What was said before joining is history, not unread.
  if (joined > 1) s.advance_receipts(out.conversation, user, joined - 1, joined - 1);
}

void set_role(store::store& s, log_batch& out, store::user_id user, store::user_id by, member_role role, unix_ms now) {
  s.set_member_role(out.conversation, user, role);
  auto e = store::new_entry(out.conversation, entry_kind::updated, by, now);
  e.subject = user;
  e.role = to_string(role);
  out.entries.push_back(s.append(e).entry);
}

void leave(store::store& s, log_batch& out, store::user_id user, store::user_id by, unix_ms now,
           std::string_view action, std::string_view reason) {
  auto leaving = s.member(out.conversation, user);
  if (!leaving) return;
  auto e = store::new_entry(out.conversation, entry_kind::member_left, by, now);
  e.subject = user;
  e.action = action;
  e.reason = reason;
  out.entries.push_back(s.append(e).entry);
  s.remove_member(out.conversation, user);
  if (leaving->role != member_role::owner) return;
  std::optional<store::member_record> heir;
  for (auto& m : s.members(out.conversation)) {  // longest-standing first
    if (!heir || (m.role == member_role::admin && heir->role != member_role::admin)) heir = m;
  }
  if (heir) set_role(s, out, heir->user, user, member_role::owner, now);
}

namespace {

// Whether user accepted `by` (a contact, or an accepted direct chat), and
// whether they turned `by` down. Errors: blocked, request_declined.
result<bool> consents_to(store::store& s, store::user_id user, store::user_id by) {
  if (s.is_blocked(user, by) || s.is_blocked(by, user)) return errc::blocked;
  if (s.is_contact(user, by)) return true;
  const auto chat = s.direct_conversation(user, by);
  if (chat && chat->request == store::request_state::none) return true;
  if (chat && chat->request == store::request_state::declined && chat->requested_by == by) {
    return errc::request_declined;
  }
  if (s.declined_invitation_from(user, by)) return errc::request_declined;
  return false;
}

}  // namespace

result<admission> admit(store::store& s, log_batch& out, store::user_id user, store::user_id by, unix_ms now) {
  auto consent = consents_to(s, user, by);
  if (!consent) return std::move(consent).err();
  if (*consent) {
    join(s, out, user, by, member_role::member, now);
    return admission::joined;
  }
  if (auto pending = s.invitation(out.conversation, user)) {
    if (pending->declined_at) return errc::request_declined;
    return admission::already_invited;
  }
  s.add_invitation(out.conversation, user, by, now);
  return admission::invited;
}

result<store::member_record> moderator_of(store::store& s, store::user_id user, store::conversation_id c,
                                          store::conversation_kind kind) {
  auto conv = s.conversation_by_id(c);
  auto me = conv ? s.member(c, user) : std::nullopt;
  if (!me) return errc::not_a_member;
  if (conv->kind != kind) return validation_error("conversation_id", "Not a " + std::string(to_string(kind)) + ".");
  if (me->role == member_role::member) return errc::forbidden;
  return std::move(*me);
}

status may_write(store::store& s, store::user_id user, const store::conversation_record& conv) {
  if (conv.kind == store::conversation_kind::room && s.sanction(conv.id, user, store::sanction_kind::mute)) {
    return errc::muted;
  }
  if (conv.kind != store::conversation_kind::direct) return ok;
  for (auto member : s.member_ids(conv.id)) {
    if (member != user && s.is_blocked(member, user)) return errc::blocked;
  }
  if (conv.request == store::request_state::declined && conv.requested_by == user) return errc::request_declined;
  return ok;
}

void publish(event_sink& sink, const log_batch& batch) {
  for (const auto& entry : batch.entries) {
    sink.to_conversation(entry.conversation, batch.audience, entry.seq, as_event(log_event_view(entry)));
  }
}

std::function<void(const result<log_batch>&)> publisher(event_sink& sink) {
  return [&sink](const result<log_batch>& r) { publish(sink, *r); };
}

protocol::conversation describe(store::store& s, const store::conversation_summary& summary, store::user_id me) {
  std::vector<store::member_record> members;
  std::string peer;
  if (summary.conversation.kind != store::conversation_kind::room) {
    members = s.members(summary.conversation.id);
    for (const auto& m : members) {
      if (m.user != me) peer = m.username;
    }
  }
  auto view = conversation_view(summary, members, peer);
  if (view.last_message) {
    const std::array ids{view.last_message->id};
    show_mentions(*view.last_message, s.mentions_on(ids));
  }
  return view;
}

boost::asio::awaitable<result<protocol::conversation>> describe_for(store::database& db, store::conversation_id c,
                                                                    store::user_id me) {
  auto query = [c, me](store::store& s) -> result<protocol::conversation> {
    auto summary = s.conversation_summary_of(c, me);
    if (!summary) return errc::not_a_member;
    return describe(s, *summary, me);
  };
  co_return co_await db.read(std::move(query));
}

}  // namespace natter::core
