#include "core/chats.hpp"

#include <array>

#include "core/attachments.hpp"
#include "core/conversation_log.hpp"
#include "core/reaction_views.hpp"

#include "core/validation.hpp"

namespace natter::core {

namespace asio = boost::asio;
using store::conversation_kind;
using store::entry_kind;
using store::request_state;

namespace {

// Finds or creates the direct chat with @name (end-to-end encrypted when
// `encrypted`: its first message is an envelope). Sets outcome.new_request_to
// when the chat is created as a request.
result<store::conversation_record> direct_chat(store::store& s, const caller& who, std::string_view name, unix_ms now,
                                               bool encrypted, send_outcome& outcome) {
  auto peer = s.user_by_username(name);
  if (!peer) return errc::user_not_found;
  if (peer->id == who.id) return validation_error("to", "You cannot message yourself.");
  if (auto existing = s.direct_conversation(who.id, peer->id)) return std::move(*existing);
  store::new_conversation c;
  c.kind = conversation_kind::direct;
  c.created_at = now;
  c.direct_pair = std::pair{who.id, peer->id};
  c.encrypted = encrypted;
  if (!s.is_contact(peer->id, who.id)) {
    c.request = request_state::pending;
    c.requested_by = who.id;
    outcome.new_request_to = peer->id;
  }
  auto created = s.create_conversation(c);
  if (!created) return created;
  // Both are there from the chat's first entry on.
  const auto first = created->last_seq + 1;
  s.add_member(created->id, who.id, store::member_role::member, now, first);
  s.add_member(created->id, peer->id, store::member_role::member, now, first);
  return created;
}

// The conversation a send goes to, checked for membership.
result<store::conversation_record> target_of(store::store& s, const caller& who, const protocol::send_request& req,
                                             unix_ms now, send_outcome& outcome) {
  if (req.to && req.to->starts_with('@')) {
    return direct_chat(s, who, req.to->substr(1), now, req.encrypted.has_value(), outcome);
  }
  std::optional<store::conversation_record> conv;
  if (req.to && req.to->starts_with('#')) {
    conv = s.room_by_name(req.to->substr(1));
    if (!conv) return errc::room_not_found;
  } else if (req.to) {
    return validation_error("to", "Must start with @ (a user) or # (a room).");
  } else {
    conv = s.conversation_by_id(*req.conversation);
  }
  if (!conv || !s.member(conv->id, who.id)) return errc::not_a_member;
  return std::move(*conv);
}

// The rule append_messages applies to a send (conversation_store.hpp), for
// the messages that go through append: an encrypted conversation takes an
// envelope and no text, another no envelope. (Attachments: an envelope's are
// files uploaded encrypted, resolve_attachments says.)
status body_fits(const store::conversation_record& conv, std::string_view text, std::string_view envelope) {
  if (!conv.encrypted && !envelope.empty()) {
    return validation_error("encrypted", "This conversation is not end-to-end encrypted: send text.");
  }
  if (conv.encrypted && (envelope.empty() || !text.empty())) return errc::encryption_required;
  return ok;
}

store::new_log_entry edit_entry(store::conversation_id c, store::user_id who, unix_ms now, const std::string& text,
                                store::message_id edited) {
  auto e = store::new_entry(c, entry_kind::edit, who, now);
  e.text = text;
  e.target = edited;
  return e;
}

store::new_log_entry deletion_entry(store::conversation_id c, store::user_id who, unix_ms now,
                                    store::message_id deleted) {
  auto e = store::new_entry(c, entry_kind::deletion, who, now);
  e.target = deleted;
  return e;
}

// Whoever declined a chat request reopens the chat by writing in it: it is
// accepted for both. Only a two-member conversation can be a direct chat,
// so groups and rooms pay nothing for this.
std::optional<store::user_id> reopen_if_declined(store::store& s, const store::log_entry& sent,
                                                 const member_list& members) {
  if (!members || members->size() != 2) return std::nullopt;
  return s.reopen_declined_request(sent.conversation, sent.actor);
}

status refusal_error(store::send_refusal why) {
  switch (why) {
    case store::send_refusal::none:
      break;
    case store::send_refusal::not_a_member:
      return errc::not_a_member;
    case store::send_refusal::blocked:
      return errc::blocked;
    case store::send_refusal::request_declined:
      return errc::request_declined;
    case store::send_refusal::no_such_reply_to:
      return validation_error("reply_to", "No such message.");
    case store::send_refusal::muted:
      return errc::muted;
    case store::send_refusal::no_such_thread:
      return validation_error("thread_id",
                              "Not a message of this conversation that can have a thread (deleted, or in a thread).");
    case store::send_refusal::encryption_required:
      return errc::encryption_required;
    case store::send_refusal::not_encrypted:
      return validation_error("encrypted", "This conversation is not end-to-end encrypted: send text.");
  }
  return ok;
}

// The mentions of a send: found and stored for a new message; a retry's
// are those its original stored.
std::vector<store::mention_record> mentions_of_send(store::store& s, const send_outcome& sent, rate_limiter& everyone) {
  const auto& m = *sent.entry.message;
  if (!sent.duplicate) return record_mentions(s, m, m.text, everyone, false);
  const std::array ids{m.id};
  return s.mentions_on(ids);
}

// A message view with the mentions it was sent with.
protocol::message sent_view(const send_outcome& sent) {
  auto msg = message_view(*sent.entry.message);
  show_mentions(msg, sent.mentions);
  return msg;
}

}  // namespace

std::vector<result<send_outcome>> send_batcher::run(store::store& s, std::span<store::new_message* const> sends) {
  std::vector<store::new_message> messages;
  messages.reserve(sends.size());
  for (const auto* send : sends) messages.push_back(*send);
  auto appended = s.append_messages(messages);
  std::vector<result<send_outcome>> out;
  out.reserve(sends.size());
  for (auto& a : appended) {
    if (auto refused = refusal_error(a.refused); !refused) {
      out.emplace_back(std::move(refused).err());
      continue;
    }
    send_outcome sent;
    sent.entry = std::move(a.appended.entry);
    sent.duplicate = !a.appended.stored;
    if (a.appended.stored) {
      sent.members = members_.members_at(sent.entry.conversation, sent.entry.seq, s);
      sent.reopened_for = reopen_if_declined(s, sent.entry, sent.members);
    }
    sent.mentions = mentions_of_send(s, sent, everyone_mentions_);
    out.emplace_back(std::move(sent));
  }
  return out;
}

chats::chats(store::database& db, event_sink& sink, membership_cache& members, const clock& clock, chat_limits limits)
    : db_(db),
      sink_(sink),
      members_(members),
      clock_(clock),
      limits_(limits),
      sends_(limits.sends, clock),
      everyone_mentions_(limits.everyone_mentions, clock),
      batcher_(members, everyone_mentions_) {}

status chats::validate_text(std::string_view text) const {
  return validate_message_text(text, limits_.max_message_chars);
}

status chats::validate_body(std::string_view text, bool has_attachments,
                            const std::optional<protocol::envelope>& encrypted) const {
  if (encrypted) {
    if (encrypted->json.size() <= limits_.max_envelope_bytes) return ok;
    return error(errc::message_too_long,
                 "The envelope is over " + std::to_string(limits_.max_envelope_bytes) + " bytes.");
  }
  // With attachments, text is a caption and may be empty.
  if (!text.empty() || !has_attachments) return validate_text(text);
  return ok;
}

void chats::publish_send(const caller& who, const send_outcome& sent) {
  if (sent.duplicate) return;
  auto msg = sent_view(sent);
  sink_.to_conversation(sent.entry.conversation, sent.members, sent.entry.seq, protocol::message_event{msg});
  if (sent.new_request_to) {
    sink_.to_users({*sent.new_request_to}, protocol::request_event{sent.entry.conversation, who.username, msg, who.id});
  }
  if (sent.reopened_for) {
    sink_.to_users({*sent.reopened_for, who.id},
                   protocol::request_accepted_event{sent.entry.conversation, who.username, who.id});
  }
}

asio::awaitable<result<send_outcome>> chats::send_by_name(caller who, protocol::send_request req, unix_ms now) {
  auto job = [this, who, req, now](store::store& s) -> result<send_outcome> {
    send_outcome out;
    auto conv = target_of(s, who, req, now, out);
    if (!conv) return std::move(conv).err();
    if (auto allowed = may_write(s, who.id, *conv); !allowed) return std::move(allowed).err();
    if (req.reply_to) {
      auto original = s.message_by_id(*req.reply_to);
      if (!original || original->conversation != conv->id)
        return refusal_error(store::send_refusal::no_such_reply_to).err();
    }
    auto attachments = resolve_attachments(s, who.id, req.attachments, req.encrypted.has_value());
    if (!attachments) return std::move(attachments).err();
    auto e = store::new_entry(conv->id, entry_kind::message, who.id, now);
    e.text = req.text;
    e.client_msg_id = req.client_msg_id;
    e.reply_to = req.reply_to;
    e.attachments = std::move(*attachments);
    if (req.encrypted) e.envelope = req.encrypted->json;
    if (auto fits = body_fits(*conv, e.text, e.envelope); !fits) return std::move(fits).err();
    // A client_msg_id seen before returns the original entry, which may even
    // belong to another conversation: either way, nothing new to publish.
    // (Not judged by seq: conv->last_seq was read before append waited for
    // another node's append to this conversation to commit.)
    auto appended = s.append(e);
    out.entry = std::move(appended.entry);
    out.duplicate = !appended.stored;
    if (appended.stored) {
      out.members = members_.members_at(conv->id, out.entry.seq, s);
      out.reopened_for = reopen_if_declined(s, out.entry, out.members);
    }
    out.mentions = mentions_of_send(s, out, everyone_mentions_);
    return out;
  };
  auto publish = [this, who](const result<send_outcome>& r) { publish_send(who, *r); };
  co_return co_await db_.write(std::move(job), std::move(publish));
}

// A send to a conversation by id runs in a group with its neighbours in the
// writer's queue (send_batcher); one by name may create a direct chat and
// runs alone.
asio::awaitable<result<protocol::message>> chats::send(caller who, protocol::send_request req) {
  if (auto s = check_attachment_ids(req.attachments); !s) co_return std::move(s).err();
  if (auto s = validate_body(req.text, !req.attachments.empty(), req.encrypted); !s) co_return std::move(s).err();
  if (auto wait = sends_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  const unix_ms now = clock_.now_ms();
  result<send_outcome> sent = error(errc::internal);
  if (req.to) {
    sent = co_await send_by_name(who, std::move(req), now);
  } else {
    store::new_message send{*req.conversation, who.id,       now, req.text,
                            req.client_msg_id, req.reply_to, {},  req.thread_id};
    if (req.encrypted) send.envelope = std::move(req.encrypted->json);
    if (!req.attachments.empty()) {
      auto lookup = [owner = who.id, ids = req.attachments, encrypted = req.encrypted.has_value()](store::store& s) {
        return resolve_attachments(s, owner, ids, encrypted);
      };  // named: GCC 12
      auto resolved = co_await db_.read(std::move(lookup));
      if (!resolved) co_return std::move(resolved).err();
      send.attachments = std::move(*resolved);
    }
    auto publish = [this, who](const result<send_outcome>& r) { publish_send(who, *r); };
    sent = co_await db_.write_batched(batcher_, std::move(send), std::move(publish));
  }
  if (!sent) co_return std::move(sent).err();
  co_return sent_view(*sent);
}

// The copy of a message the sender can read, as a new message from them; a
// forward of a forward names the first sender.
static store::new_log_entry forward_entry(const store::message_record& source, store::conversation_id to,
                                          const caller& who, unix_ms now, std::string client_msg_id) {
  auto e = store::new_entry(to, entry_kind::message, who.id, now);
  e.text = source.text;
  e.client_msg_id = std::move(client_msg_id);
  e.attachments = source.attachments;
  const bool again = !source.forwarded_sender.empty();
  e.forwarded_sender = again ? source.forwarded_sender : source.sender_name;
  e.forwarded_at = again ? source.forwarded_at : source.created_at;
  return e;
}

asio::awaitable<result<protocol::message>> chats::forward(caller who, protocol::forward_request req) {
  if (auto wait = sends_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, req, now](store::store& s) -> result<send_outcome> {
    auto source = s.message_by_id(req.id);
    if (!source || source->deleted || !s.member(source->conversation, who.id)) return errc::not_found;
    const auto from = s.conversation_by_id(source->conversation);
    if (from && from->encrypted) return error(errc::encryption_required, "Encrypted messages are not forwarded.");
    send_outcome out;
    const protocol::send_request target{req.conversation, req.to, req.client_msg_id, {}, {}, {}};
    auto conv = target_of(s, who, target, now, out);
    if (!conv) return std::move(conv).err();
    if (conv->encrypted)
      return error(errc::encryption_required, "Nothing is forwarded into an encrypted conversation.");
    if (auto allowed = may_write(s, who.id, *conv); !allowed) return std::move(allowed).err();
    auto appended = s.append(forward_entry(*source, conv->id, who, now, req.client_msg_id));
    out.entry = std::move(appended.entry);
    out.duplicate = !appended.stored;
    if (appended.stored) out.members = members_.members_at(conv->id, out.entry.seq, s);
    return out;
  };
  auto publish = [this, who](const result<send_outcome>& r) { publish_send(who, *r); };
  auto sent = co_await db_.write(std::move(job), std::move(publish));
  if (!sent) co_return std::move(sent).err();
  co_return message_view(*sent->entry.message);
}

// An edited message keeps its reactions: the event and the reply carry them.
struct chats::edit_outcome {
  store::log_entry entry;
  member_list members;
  reaction_map reactions;
  std::vector<store::mention_record> mentions;
};

asio::awaitable<result<protocol::message>> chats::edit(caller who, protocol::edit_request req) {
  if (auto s = validate_body(req.text, false, req.encrypted); !s) co_return std::move(s).err();
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, req, now](store::store& s) -> result<edit_outcome> {
    auto msg = s.message_by_id(req.id);
    if (!msg || msg->deleted || !s.member(msg->conversation, who.id)) return errc::not_found;
    if (msg->sender != who.id) return errc::forbidden;
    const auto conv = s.conversation_by_id(msg->conversation);
    if (!conv) return errc::not_found;
    const std::string_view envelope = req.encrypted ? std::string_view(req.encrypted->json) : std::string_view();
    if (auto fits = body_fits(*conv, req.text, envelope); !fits) return std::move(fits).err();
    if (req.encrypted) {
      s.edit_envelope(msg->id, envelope, now);
    } else {
      s.edit_message(msg->id, req.text, now);
    }
    edit_outcome out;
    out.entry = s.append(edit_entry(msg->conversation, who.id, now, req.text, msg->id)).entry;
    out.members = members_.members_at(msg->conversation, out.entry.seq, s);
    const std::array ids{msg->id};
    out.reactions = reactions_of(s, ids);
    out.mentions = record_mentions(s, *msg, req.text, everyone_mentions_, true);
    return out;
  };
  auto publish = [this](const result<edit_outcome>& r) {
    auto view = log_event_view(r->entry);
    attach_reactions(view, r->reactions);
    if (auto* edited = std::get_if<protocol::message_edited_event>(&view)) show_mentions(edited->msg, r->mentions);
    sink_.to_conversation(r->entry.conversation, r->members, r->entry.seq, as_event(std::move(view)));
  };
  auto edited = co_await db_.write(std::move(job), std::move(publish));
  if (!edited) co_return std::move(edited).err();
  auto msg = message_view(*edited->entry.message);
  if (auto it = edited->reactions.find(msg.id); it != edited->reactions.end()) msg.reactions = it->second;
  show_mentions(msg, edited->mentions);
  co_return msg;
}

asio::awaitable<status> chats::remove(caller who, protocol::delete_request req) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, req, now](store::store& s) -> result<std::pair<store::log_entry, member_list>> {
    auto msg = s.message_by_id(req.id);
    if (!msg || msg->deleted) return errc::not_found;
    auto me = s.member(msg->conversation, who.id);
    if (!me) return errc::not_found;
    auto conv = s.conversation_by_id(msg->conversation);
    const bool moderator = conv && conv->kind != conversation_kind::direct && me->role != store::member_role::member;
    if (msg->sender != who.id && !moderator) return errc::forbidden;
    s.delete_message(msg->id, now);
    auto entry = s.append(deletion_entry(msg->conversation, who.id, now, msg->id)).entry;
    auto members = members_.members_at(msg->conversation, entry.seq, s);
    return std::pair{std::move(entry), std::move(members)};
  };
  auto publish = [this](const result<std::pair<store::log_entry, member_list>>& r) {
    const auto& [entry, members] = *r;
    sink_.to_conversation(entry.conversation, members, entry.seq, as_event(log_event_view(entry)));
  };
  auto removed = co_await db_.write(std::move(job), std::move(publish));
  if (!removed) co_return std::move(removed).err();
  co_return ok;
}

}  // namespace natter::core
