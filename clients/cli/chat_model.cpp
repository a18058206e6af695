#include "clients/cli/chat_model.hpp"

#include <algorithm>
#include <type_traits>

#include "clients/cli/event_format.hpp"

namespace natter::cli {

namespace {

chat_conversation from_server(const protocol::conversation& c) {
  chat_conversation out;
  out.id = c.id;
  out.kind = c.kind;
  out.name = c.name;
  out.label = label_of(c);
  out.unread = c.unread;
  out.unread_mentions = c.unread_mentions;
  out.counted_seq = c.last_seq;
  out.request = c.request;
  out.members = c.members;
  out.member_count = c.member_count;
  out.read_seq = c.read_seq;
  return out;
}

}  // namespace

void chat_model::load(const std::vector<protocol::conversation>& list) {
  const std::string selected_label = current() ? current()->label : std::string();
  const std::size_t selected_index = selected_.value_or(0);
  std::vector<chat_conversation> next;
  for (const auto& c : list) next.push_back(merged(c));
  // A draft stays until the server knows its conversation.
  for (auto& c : conversations_) {
    const bool known = std::any_of(next.begin(), next.end(), [&](const auto& n) { return n.label == c.label; });
    if (c.id == 0 && !known) next.push_back(std::move(c));
  }
  conversations_ = std::move(next);
  selected_.reset();
  if (!selected_label.empty()) select_label(selected_label);
  // The selected one is gone (left): its neighbour, where it was.
  if (!selected_ && !conversations_.empty()) selected_ = std::min(selected_index, conversations_.size() - 1);
}

chat_conversation chat_model::merged(const protocol::conversation& c) {
  auto fresh = from_server(c);
  fresh.encrypted = c.encrypted;
  if (c.kind == "direct") {
    for (auto id : c.member_ids) {
      if (id != my_id_) fresh.peer_id = id;
    }
  }
  auto* held = find(c.id);
  if (!held) return fresh;
  // Messages held past the seq the server counted at were not in its count.
  for (const auto& [seq, line] : held->lines) {
    if (seq <= fresh.counted_seq || line.sender.empty()) continue;
    const bool mine = line.sender_id && my_id_ ? line.sender_id == my_id_ : line.sender == me_;
    if (!mine && seq > c.read_seq) ++fresh.unread;
    if (!mine && seq > c.read_seq && line.mentions_me) ++fresh.unread_mentions;
    fresh.counted_seq = seq;
  }
  fresh.lines = std::move(held->lines);
  fresh.pending = std::move(held->pending);
  fresh.history_loaded = held->history_loaded;
  fresh.oldest_seq = held->oldest_seq;
  fresh.older = held->older;
  fresh.scroll = held->scroll;
  fresh.new_below = held->new_below;
  fresh.delivered_by_others = held->delivered_by_others;
  fresh.read_by_others = held->read_by_others;
  fresh.details = std::move(held->details);
  fresh.read_seq = std::max(fresh.read_seq, held->read_seq);
  fresh.new_from = held->new_from;
  fresh.seq_of_message = std::move(held->seq_of_message);
  fresh.reactions = std::move(held->reactions);
  return fresh;
}

chat_conversation* chat_model::find(protocol::conversation_id id) {
  auto it = std::find_if(conversations_.begin(), conversations_.end(), [id](const auto& c) { return c.id == id; });
  return it == conversations_.end() ? nullptr : &*it;
}

chat_conversation* chat_model::current() {
  return selected_ && *selected_ < conversations_.size() ? &conversations_[*selected_] : nullptr;
}

void chat_model::add_line(chat_conversation& c, const protocol::message& m) {
  c.lines[m.seq] = {m.seq,
                    m.sender,
                    m.deleted ? "(deleted)" : m.text,
                    m.ts,
                    m.client_msg_id,
                    m.deleted ? std::vector<protocol::media>{} : m.attachments,
                    m.sender_id,
                    !m.deleted && !is_mine(m) && mentions_me(m)};
  c.seq_of_message[m.id] = m.seq;
  set_reactions(c, m.id, m.deleted ? std::vector<protocol::reaction>{} : m.reactions);
  c.details[m.seq] = {m.id, m.reply_to, m.edited_ts.has_value() && !m.deleted, m.deleted, m.thread_id};
  count_thread(c, m);
  if (!m.client_msg_id.empty()) {
    std::erase_if(c.pending, [&](const chat_line& p) { return p.client_msg_id == m.client_msg_id; });
  }
}

void chat_model::set_reactions(chat_conversation& c, protocol::message_id id, std::vector<protocol::reaction> r) {
  auto at = c.seq_of_message.find(id);
  if (at == c.seq_of_message.end()) return;  // not held: history brings it with its reactions
  if (r.empty()) {
    c.reactions.erase(at->second);
  } else {
    c.reactions[at->second] = std::move(r);
  }
}

// "-- bob pinned: hello" among the messages, at its seq.
void chat_model::add_pin(chat_conversation& c, const protocol::message_pinned_event& e) {
  std::string text = e.by.username + (e.pinned ? " pinned" : " unpinned") + " a message";
  auto at = c.seq_of_message.find(e.id);
  if (at != c.seq_of_message.end()) {
    if (auto line = c.lines.find(at->second); line != c.lines.end()) text += ": " + line->second.text;
  }
  c.lines[e.seq] = {e.seq, {}, text, 0, {}, {}};
}

void chat_model::count_thread(chat_conversation& c, const protocol::message& m) {
  if (m.thread) {
    auto& held = c.threads[m.id];
    if (m.thread->last_reply_seq >= held.last_reply_seq) held = *m.thread;
  }
  if (!m.thread_id) return;
  auto& t = c.threads[*m.thread_id];
  if (m.seq <= t.last_reply_seq) return;
  ++t.replies;
  t.last_reply_seq = m.seq;
  t.last_reply_ts = m.ts;
}

std::optional<protocol::message_id> chat_model::latest_thread(const chat_conversation& c) {
  const auto newest = latest_message(c);
  if (!newest) return std::nullopt;
  const auto seq = c.seq_of_message.find(*newest);
  const auto d = seq == c.seq_of_message.end() ? c.details.end() : c.details.find(seq->second);
  return d != c.details.end() && d->second.thread_id ? d->second.thread_id : newest;
}

std::optional<protocol::message_id> chat_model::latest_message(const chat_conversation& c) {
  std::optional<protocol::message_id> out;
  protocol::seq_t newest = 0;
  for (const auto& [id, seq] : c.seq_of_message) {
    auto line = c.lines.find(seq);
    if (seq > newest && line != c.lines.end() && line->second.text != "(deleted)") {
      newest = seq;
      out = id;
    }
  }
  return out;
}

// A message.deleted event carries the message's id (its own seq is that of
// the deletion).
void chat_model::mark_deleted(chat_conversation& c, protocol::message_id id) {
  for (auto& [seq, d] : c.details) {
    if (d.id != id) continue;
    d.deleted = true;
    d.edited = false;
    c.lines[seq].text = "(deleted)";
    c.lines[seq].attachments.clear();
  }
}

// "-- bob joined" among the messages, at its seq.
void chat_model::add_membership(chat_conversation& c, const protocol::member_joined_event& e) {
  const std::string by = e.by && *e.by != e.user ? " (added by " + *e.by + ")" : "";
  c.lines[e.seq] = {e.seq, {}, e.user + " joined" + by, 0, {}, {}};
}

void chat_model::add_membership(chat_conversation& c, const protocol::member_left_event& e) {
  std::string text = e.user + " left";
  if (e.action && e.by) {  // room moderation: "bob was kicked by alice: spam"
    text = e.user + " was " + (*e.action == "ban" ? "banned" : "kicked") + " by " + *e.by;
    if (e.reason) text += ": " + *e.reason;
  } else if (e.by && *e.by != e.user) {
    text += " (removed by " + *e.by + ")";
  }
  c.lines[e.seq] = {e.seq, {}, text, 0, {}, {}};
}

bool chat_model::mentions_me(const protocol::message& m) const {
  if (m.mentions_all) return true;
  return std::any_of(m.mentions.begin(), m.mentions.end(),
                     [this](const protocol::mention& x) { return my_id_ ? x.user_id == my_id_ : x.username == me_; });
}

// A mention rings even in the conversation on screen, once, as it arrives.
chat_model::effect chat_model::on_message(const protocol::message& m) {
  auto* c = find(m.conversation);
  if (!c) return {false, true};
  const bool is_new = !c->lines.contains(m.seq);
  add_line(*c, m);
  if (!is_new || is_mine(m)) return {};
  const bool counted = m.seq <= c->counted_seq;  // already in the server's count
  const bool mention = c->lines[m.seq].mentions_me;
  c->counted_seq = std::max(c->counted_seq, m.seq);
  if (c == current()) return {mention, false};
  if (!counted) ++c->unread;
  if (!counted && mention) ++c->unread_mentions;
  return {true, false};
}

const std::string& chat_model::shown_name(const chat_line& line) const {
  if (line.sender_id == 0 || line.sender_id == my_id_) return line.sender;  // oneself: by username
  const auto it = display_names_.find(line.sender_id);
  return it != display_names_.end() && !it->second.empty() ? it->second : line.sender;
}

void chat_model::on_user_updated(const protocol::user_updated_event& e) {
  display_names_[e.user_id] = e.display_name;
  std::string old;
  if (e.user_id == my_id_) {
    old = me_;
    me_ = e.username;
  }
  for (auto& c : conversations_) {
    for (auto& [seq, line] : c.lines) {
      if (line.sender_id != e.user_id) continue;
      if (old.empty()) old = line.sender;
      line.sender = e.username;
    }
    if (c.kind == "direct" && c.peer_id == e.user_id) {
      if (old.empty()) old = c.name;
      c.name = e.username;
      c.label = "@" + e.username;
    }
  }
  if (old.empty() || old == e.username) return;
  if (auto it = presence_.find(old); it != presence_.end()) {
    presence_[e.username] = it->second;
    presence_.erase(old);
  }
}

chat_model::effect chat_model::apply(const protocol::event& e) {
  return std::visit(
      [this](const auto& body) -> effect {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, protocol::message_event>) {
          return on_message(body.msg);
        } else if constexpr (std::is_same_v<T, protocol::message_edited_event>) {
          if (auto* c = find(body.conversation)) add_line(*c, body.msg);
          return {};
        } else if constexpr (std::is_same_v<T, protocol::message_reaction_event>) {
          if (auto* c = find(body.conversation)) set_reactions(*c, body.id, body.reactions);
          return {};
        } else if constexpr (std::is_same_v<T, protocol::message_pinned_event>) {
          if (auto* c = find(body.conversation)) add_pin(*c, body);
          return {};
        } else if constexpr (std::is_same_v<T, protocol::message_deleted_event>) {
          if (auto* c = find(body.conversation)) mark_deleted(*c, body.id);
          return {};
        } else if constexpr (std::is_same_v<T, protocol::presence_event>) {
          presence_[body.user] = body.status;
          return {};
        } else if constexpr (std::is_same_v<T, protocol::user_updated_event>) {
          on_user_updated(body);
          return {};
        } else if constexpr (std::is_same_v<T, protocol::receipt_event>) {
          auto* c = find(body.conversation);
          if (c && (body.user_id && my_id_ ? body.user_id != my_id_ : body.user != me_)) {
            c->delivered_by_others = std::max(c->delivered_by_others, body.delivered_seq);
            c->read_by_others = std::max(c->read_by_others, body.read_seq);
          }
          return {};
        } else if constexpr (std::is_same_v<T, protocol::member_joined_event> ||
                             std::is_same_v<T, protocol::member_left_event>) {
          if (auto* c = find(body.conversation)) add_membership(*c, body);
          return {false, true};
        } else if constexpr (std::is_same_v<T, protocol::request_event> ||
                             std::is_same_v<T, protocol::group_invited_event> ||
                             std::is_same_v<T, protocol::conversation_updated_event> ||
                             std::is_same_v<T, protocol::request_declined_event>) {
          return {false, true};
        } else {
          return {};
        }
      },
      e);
}

void chat_model::add_history(protocol::conversation_id id, const std::vector<protocol::log_event>& events) {
  auto* c = find(id);
  if (!c) return;
  c->history_loaded = true;
  for (const auto& e : events) {
    const auto seq = protocol::seq_of(e);
    if (c->oldest_seq == 0 || seq < c->oldest_seq) c->oldest_seq = seq;
    if (const auto* m = std::get_if<protocol::message_event>(&e)) add_line(*c, m->msg);
    if (const auto* j = std::get_if<protocol::member_joined_event>(&e)) add_membership(*c, *j);
    if (const auto* l = std::get_if<protocol::member_left_event>(&e)) add_membership(*c, *l);
    if (const auto* r = std::get_if<protocol::message_reaction_event>(&e)) set_reactions(*c, r->id, r->reactions);
    if (const auto* p = std::get_if<protocol::message_pinned_event>(&e)) add_pin(*c, *p);
  }
}

void chat_model::replace_text(protocol::conversation_id id, protocol::seq_t seq, std::string text) {
  auto* c = find(id);
  if (!c) return;
  if (auto it = c->lines.find(seq); it != c->lines.end()) it->second.text = std::move(text);
}

void chat_model::replace_attachments(protocol::conversation_id id, protocol::seq_t seq,
                                     std::vector<protocol::media> attachments) {
  auto* c = find(id);
  if (!c) return;
  if (auto it = c->lines.find(seq); it != c->lines.end()) it->second.attachments = std::move(attachments);
}

void chat_model::add_pending(chat_conversation& c, chat_line line) {
  c.pending.push_back(std::move(line));
}

chat_conversation* chat_model::find_target(protocol::conversation_id id, const std::string& label) {
  if (id != 0) return find(id);
  // A draft, or the conversation its first message made.
  auto it =
      std::find_if(conversations_.begin(), conversations_.end(), [&label](const auto& c) { return c.label == label; });
  return it == conversations_.end() ? nullptr : &*it;
}

std::vector<protocol::media> chat_model::shown_attachments(const chat_conversation& c) {
  std::vector<protocol::media> out;
  for (const auto& [seq, line] : c.lines) out.insert(out.end(), line.attachments.begin(), line.attachments.end());
  for (const auto& line : c.pending) out.insert(out.end(), line.attachments.begin(), line.attachments.end());
  return out;
}

void chat_model::drop_pending(const std::string& client_msg_id) {
  for (auto& c : conversations_) {
    std::erase_if(c.pending, [&](const chat_line& p) { return p.client_msg_id == client_msg_id; });
  }
}

void chat_model::open_direct(const std::string& username) {
  if (select_label("@" + username)) return;
  chat_conversation draft;
  draft.kind = "direct";
  draft.name = username;
  draft.label = "@" + username;
  draft.history_loaded = true;
  conversations_.push_back(std::move(draft));
  selected_ = conversations_.size() - 1;
}

void chat_model::note(std::string text) {
  last_note_ = std::move(text);
}

chat_conversation* chat_model::find_room_or_group(const std::string& name) {
  for (auto& c : conversations_) {
    if (c.kind == "direct" || c.id == 0) continue;
    if (c.label == name || (c.kind == "room" && c.label == "#" + name)) return &c;
  }
  return nullptr;
}

void chat_model::select(std::size_t index) {
  if (index >= conversations_.size()) return;
  selected_ = index;
  conversations_[index].unread = 0;
  conversations_[index].unread_mentions = 0;
}

void chat_model::select_next(int step) {
  if (conversations_.empty()) return;
  const auto n = static_cast<long>(conversations_.size());
  const long at = selected_ ? static_cast<long>(*selected_) : 0;
  select(static_cast<std::size_t>(((at + step) % n + n) % n));
}

bool chat_model::select_label(const std::string& label) {
  for (std::size_t i = 0; i < conversations_.size(); ++i) {
    if (conversations_[i].label == label) {
      select(i);
      return true;
    }
  }
  return false;
}

std::string chat_model::presence_of(const chat_conversation& c) const {
  if (c.kind != "direct") return {};
  auto it = presence_.find(c.name);
  return it == presence_.end() ? "offline" : it->second;
}

std::string chat_model::status_of(const std::string& username) const {
  auto it = presence_.find(username);
  return it == presence_.end() ? "offline" : it->second;
}

std::string chat_model::mark(const chat_conversation& c, const chat_line& line) {
  if (line.seq == 0) return "…";
  if (line.seq <= c.read_by_others) return "✓✓ seen";
  if (line.seq <= c.delivered_by_others) return "✓✓";
  return "✓";
}

}  // namespace natter::cli
