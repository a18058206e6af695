#include "core/views.hpp"

#include "core/attachments.hpp"
#include "core/reaction_views.hpp"

namespace natter::core {

using store::entry_kind;

protocol::message message_view(const store::message_record& m) {
  protocol::message out;
  out.id = m.id;
  out.conversation = m.conversation;
  out.seq = m.seq;
  out.sender = m.sender_name;
  out.sender_id = m.sender;
  out.text = m.text;
  out.ts = m.created_at;
  out.client_msg_id = m.client_msg_id;
  out.reply_to = m.reply_to;
  out.thread_id = m.thread_id;
  out.edited_ts = m.edited_at;
  out.deleted = m.deleted;
  out.attachments.reserve(m.attachments.size());
  for (const auto& a : m.attachments) out.attachments.push_back(media_view(a));
  if (!m.forwarded_sender.empty()) out.forwarded_from = protocol::forwarded_origin{m.forwarded_sender, m.forwarded_at};
  if (!m.envelope.empty()) out.encrypted = protocol::envelope{m.envelope};
  return out;
}

static std::optional<std::string> by_other(const store::log_entry& e) {
  if (e.subject && *e.subject == e.actor) return std::nullopt;
  return e.actor_name;
}

static std::optional<store::user_id> by_other_id(const store::log_entry& e) {
  if (e.subject && *e.subject == e.actor) return std::nullopt;
  return e.actor;
}

static protocol::log_event updated_view(const store::log_entry& e) {
  protocol::conversation_updated_event u;
  u.conversation = e.conversation;
  u.seq = e.seq;
  if (!e.name.empty()) u.name = e.name;
  if (!e.topic.empty()) u.topic = e.topic;
  u.avatar = e.avatar;
  if (e.subject) {
    u.user = e.subject_name;
    u.user_id = *e.subject;
    if (!e.role.empty()) u.role = e.role;
  }
  if (!e.action.empty()) {  // room moderation
    u.action = e.action;
    u.by = e.actor_name;
    u.by_id = e.actor;
    if (!e.reason.empty()) u.reason = e.reason;
    if (e.action == "topic") u.topic = e.topic;  // "" too: the topic was cleared
  }
  return u;
}

protocol::log_event log_event_view(const store::log_entry& e) {
  switch (e.kind) {
    case entry_kind::message:
      return protocol::message_event{message_view(*e.message)};
    case entry_kind::edit:
      return protocol::message_edited_event{e.conversation, e.seq, message_view(*e.message)};
    case entry_kind::deletion:
      return protocol::message_deleted_event{e.conversation, e.seq, e.target.value_or(0), e.actor_name, e.actor};
    case entry_kind::member_joined:
      return protocol::member_joined_event{e.conversation,        e.seq,         e.subject_name, e.role, by_other(e),
                                           e.subject.value_or(0), by_other_id(e)};
    case entry_kind::member_left: {
      protocol::member_left_event left{e.conversation,        e.seq,         e.subject_name, by_other(e), {}, {},
                                       e.subject.value_or(0), by_other_id(e)};
      if (!e.action.empty()) left.action = e.action;  // room moderation: kick, ban
      if (!e.reason.empty()) left.reason = e.reason;
      return left;
    }
    case entry_kind::updated:
      if (auto marked = message_mark_view(e)) return std::move(*marked);
      return updated_view(e);
  }
  return updated_view(e);
}

protocol::event as_event(protocol::log_event e) {
  return std::visit([](auto&& v) -> protocol::event { return std::move(v); }, std::move(e));
}

protocol::conversation conversation_view(const store::conversation_summary& s,
                                         const std::vector<store::member_record>& members,
                                         const std::string& direct_peer) {
  protocol::conversation c;
  c.id = s.conversation.id;
  c.kind = std::string(to_string(s.conversation.kind));
  c.name = s.conversation.kind == store::conversation_kind::direct ? direct_peer : s.conversation.name;
  c.topic = s.conversation.topic;
  if (!s.conversation.avatar.empty()) c.avatar = s.conversation.avatar;
  for (const auto& m : members) {
    c.members.push_back(m.username);
    c.member_ids.push_back(m.user);
  }
  c.member_count = s.member_count;
  c.role = std::string(to_string(s.me.role));
  c.last_seq = s.conversation.last_seq;
  c.read_seq = s.me.read_seq;
  c.delivered_seq = s.me.delivered_seq;
  c.unread = s.unread;
  c.unread_mentions = s.unread_mentions;
  if (s.last_message) {
    c.last_message = message_view(*s.last_message);
    // Up to 60 KiB per conversation would swell the list: clients of an
    // encrypted conversation read its last message with history.
    c.last_message->encrypted.reset();
  }
  c.encrypted = s.conversation.encrypted;
  if (s.conversation.request != store::request_state::none && s.conversation.requested_by) {
    std::string from;
    for (const auto& m : members) {
      if (m.user == *s.conversation.requested_by) from = m.username;
    }
    c.request = protocol::chat_request_state{
        from, s.conversation.request == store::request_state::pending ? "pending" : "declined",
        *s.conversation.requested_by};
  }
  return c;
}

protocol::conversation invitation_view(const store::conversation_record& group,
                                       const std::vector<store::member_record>& members, const std::string& inviter,
                                       store::user_id inviter_id) {
  protocol::conversation c;
  c.id = group.id;
  c.kind = std::string(to_string(group.kind));
  c.name = group.name;
  c.topic = group.topic;
  if (!group.avatar.empty()) c.avatar = group.avatar;
  for (const auto& m : members) {
    c.members.push_back(m.username);
    c.member_ids.push_back(m.user);
  }
  c.member_count = static_cast<std::int64_t>(members.size());
  c.role = "member";  // what accepting makes them
  c.encrypted = group.encrypted;
  c.request = protocol::chat_request_state{inviter, "pending", inviter_id};
  return c;
}

}  // namespace natter::core
