#include "chat_state.hpp"

#include <algorithm>
#include <type_traits>

namespace natter::desktop {

bool mentions_me(const protocol::message& m, const std::string& me) {
  if (m.sender == me || m.deleted) return false;
  return m.mentions_all || std::any_of(m.mentions.begin(), m.mentions.end(),
                                       [&](const protocol::mention& x) { return x.username == me; });
}

void chat_state::set_conversations(const std::vector<protocol::conversation>& list) {
  for (const auto& c : list) {
    auto& s = ensure(c.id);
    auto read = s.info.read_seq;
    s.info = c;
    if (read > c.read_seq) keep_read(s, read);  // read here after the list was made
    if (!s.messages.empty() && s.messages.back().seq > c.last_seq) s.info.last_seq = s.messages.back().seq;
    if (c.request && c.request->state == "pending" && c.request->from != me_ && !answered_.count(c.id)) {
      bool known = std::any_of(requests_.begin(), requests_.end(),
                               [&](const incoming_request& r) { return r.conversation == c.id; });
      if (!known) requests_.push_back({c.id, c.request->from, c.last_message ? c.last_message->text : ""});
    }
  }
}

void chat_state::keep_read(conversation_state& s, seq_t read) const {
  s.info.read_seq = read;
  s.info.unread = std::count_if(s.messages.begin(), s.messages.end(), [&](const protocol::message& m) {
    return m.seq > read && m.sender != me_ && !m.deleted;
  });
  s.info.unread_mentions = std::count_if(s.messages.begin(), s.messages.end(), [&](const protocol::message& m) {
    return m.seq > read && mentions_me(m, me_);
  });
}

conversation_state& chat_state::ensure(conversation_id id) {
  auto& s = conversations_[id];
  s.info.id = id;
  return s;
}

const conversation_state* chat_state::find(conversation_id id) const {
  auto it = conversations_.find(id);
  return it == conversations_.end() ? nullptr : &it->second;
}

bool chat_state::add_message(const protocol::message& m, bool live) {
  auto& s = ensure(m.conversation);
  auto& list = s.messages;
  auto at = std::lower_bound(list.begin(), list.end(), m.seq,
                             [](const protocol::message& a, seq_t seq) { return a.seq < seq; });
  if (at != list.end() && at->seq == m.seq) return false;
  list.insert(at, m);
  std::erase_if(s.pending, [&](const pending_message& p) { return p.client_msg_id == m.client_msg_id; });
  if (live) s.typing_until.erase(m.sender);
  if (m.seq >= s.info.last_seq) {
    s.info.last_seq = m.seq;
    s.info.last_message = m;
  }
  if (live && m.sender != me_ && m.seq > s.info.read_seq) {
    ++s.info.unread;
    if (mentions_me(m, me_)) ++s.info.unread_mentions;
  }
  return true;
}

void chat_state::apply_log(const protocol::log_event& e, bool live) {
  std::visit(
      [&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, protocol::message_event>) {
          add_message(ev.msg, live);
        } else if constexpr (std::is_same_v<T, protocol::message_edited_event>) {
          auto& s = ensure(ev.conversation);
          for (auto& m : s.messages)
            if (m.id == ev.msg.id) m = ev.msg;
          if (s.info.last_message && s.info.last_message->id == ev.msg.id) s.info.last_message = ev.msg;
        } else if constexpr (std::is_same_v<T, protocol::message_deleted_event>) {
          auto& s = ensure(ev.conversation);
          for (auto& m : s.messages)
            if (m.id == ev.id) m.deleted = true, m.text.clear(), m.reactions.clear(), m.attachments.clear();
        } else if constexpr (std::is_same_v<T, protocol::message_reaction_event>) {
          for (auto& m : ensure(ev.conversation).messages)
            if (m.id == ev.id) m.reactions = ev.reactions;  // the whole set after the change
        }
      },
      e);
}

void chat_state::apply_history(conversation_id id, const std::vector<protocol::log_event>& events, bool before,
                               bool more) {
  auto& s = ensure(id);
  if (before || !s.history_loaded) s.more_before = more;
  s.history_loaded = true;
  s.loading_older = false;
  for (const auto& e : events) apply_log(e, false);
}

void chat_state::set_typing(conversation_id id, const std::string& user, unix_ms until) {
  if (user != me_) ensure(id).typing_until[user] = until;
}

bool chat_state::apply(const protocol::event& e) {
  return std::visit(
      [&](const auto& ev) -> bool {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, protocol::message_event> || std::is_same_v<T, protocol::message_edited_event> ||
                      std::is_same_v<T, protocol::message_deleted_event> ||
                      std::is_same_v<T, protocol::message_reaction_event>) {
          apply_log(protocol::log_event(ev), true);
          return true;
        } else if constexpr (std::is_same_v<T, protocol::receipt_event>) {
          if (ev.user == me_) return false;
          auto& s = ensure(ev.conversation);
          s.others_delivered = std::max(s.others_delivered, ev.delivered_seq);
          s.others_read = std::max(s.others_read, ev.read_seq);
          return true;
        } else if constexpr (std::is_same_v<T, protocol::presence_event>) {
          presence_[ev.user] = ev.status;
          return true;
        } else if constexpr (std::is_same_v<T, protocol::request_event>) {
          std::erase_if(requests_, [&](const incoming_request& r) { return r.conversation == ev.conversation; });
          answered_.erase(ev.conversation);
          requests_.push_back({ev.conversation, ev.from, ev.msg.text});
          add_message(ev.msg, true);
          return true;
        } else {
          return false;
        }
      },
      e);
}

void chat_state::add_pending(conversation_id id, pending_message m) {
  ensure(id).pending.push_back(std::move(m));
}

void chat_state::acknowledge(const protocol::message& m) {
  add_message(m, false);
}

void chat_state::mark_read(conversation_id id) {
  auto& s = ensure(id);
  s.info.unread = 0;
  s.info.unread_mentions = 0;
  s.info.read_seq = s.info.last_seq;
}

void chat_state::replace_text(conversation_id id, seq_t seq, const std::string& text) {
  auto& s = ensure(id);
  for (auto& m : s.messages)
    if (m.seq == seq && !m.deleted) m.text = text;
  if (s.info.last_message && s.info.last_message->seq == seq && !s.info.last_message->deleted)
    s.info.last_message->text = text;
}

void chat_state::replace_opened(const protocol::message& opened) {
  replace_text(opened.conversation, opened.seq, opened.text);
  for (auto& m : ensure(opened.conversation).messages)
    if (m.seq == opened.seq && !m.deleted) m.attachments = opened.attachments;
}

void chat_state::drop_pending(conversation_id id, const std::string& client_msg_id) {
  std::erase_if(ensure(id).pending, [&](const pending_message& p) { return p.client_msg_id == client_msg_id; });
}

void chat_state::forget_request(conversation_id id) {
  answered_.insert(id);
  std::erase_if(requests_, [&](const incoming_request& r) { return r.conversation == id; });
}

void chat_state::forget(conversation_id id) {
  conversations_.erase(id);
  forget_request(id);
}

bool chat_state::listed(const conversation_state& c) const {
  if (c.info.kind.empty()) return false;  // not listed by the server yet
  auto ended = ended_.find(c.info.id);
  return ended == ended_.end() || c.info.last_seq > ended->second;
}

std::string chat_state::presence_of(const std::string& user) const {
  auto it = presence_.find(user);
  return it == presence_.end() ? "offline" : it->second;
}

std::int64_t chat_state::total_unread() const {
  std::int64_t total = 0;
  for (const auto& [id, c] : conversations_) total += c.info.unread;
  return total;
}

std::string chat_state::peer_of(const conversation_state& c) const {
  if (c.info.kind != "direct") return "";
  for (const auto& m : c.info.members)
    if (m != me_) return m;
  return "";
}

std::optional<conversation_id> chat_state::direct_with(const std::string& user) const {
  for (const auto& [id, c] : conversations_)
    if (peer_of(c) == user) return id;
  return std::nullopt;
}

std::string chat_state::name_of(user_id id) const {
  for (const auto& [conv, c] : conversations_) {
    for (std::size_t i = 0; i < c.info.member_ids.size() && i < c.info.members.size(); ++i) {
      if (c.info.member_ids[i] == id) return c.info.members[i];
    }
  }
  return "";
}

std::string chat_state::title_of(const conversation_state& c) const {
  if (c.info.kind == "direct") return peer_of(c);
  if (c.info.kind == "room") return "#" + c.info.name;
  return c.info.name.empty() ? "Conversation " + std::to_string(c.info.id) : c.info.name;
}

}  // namespace natter::desktop
