#include "torture/ledger.hpp"

#include <functional>
#include <sstream>
#include <type_traits>

namespace natter::torture {

namespace {

constexpr std::size_t max_details = 20;

std::string text_digest(const std::string& text) {
  return std::to_string(text.size()) + "#" + std::to_string(std::hash<std::string>{}(text));
}

void note(figures& f, std::string what) {
  if (f.details.size() < max_details) f.details.push_back(std::move(what));
}

std::string where(conversation_id c, seq_t seq) {
  return "conversation " + std::to_string(c) + " seq " + std::to_string(seq);
}

}  // namespace

std::string fingerprint_of(const protocol::log_event& e) {
  struct visitor {
    std::string operator()(const protocol::message_event& m) const {
      return "message " + std::to_string(m.msg.id) + " " + m.msg.sender + " " + m.msg.client_msg_id + " " +
             text_digest(m.msg.text);
    }
    std::string operator()(const protocol::message_edited_event& m) const {
      return "edited " + std::to_string(m.msg.id) + " " + text_digest(m.msg.text);
    }
    std::string operator()(const protocol::message_deleted_event& m) const { return "deleted " + std::to_string(m.id); }
    std::string operator()(const protocol::member_joined_event& m) const { return "joined " + m.user; }
    std::string operator()(const protocol::member_left_event& m) const { return "left " + m.user; }
    std::string operator()(const protocol::conversation_updated_event& m) const {
      return "updated " + m.name.value_or("") + "/" + m.user.value_or("") + "/" + m.role.value_or("");
    }
    std::string operator()(const protocol::message_reaction_event& m) const {
      return "reaction " + std::to_string(m.id) + " " + m.action + " " + m.emoji + " " + m.by.username;
    }
    std::string operator()(const protocol::message_pinned_event& m) const {
      return std::string(m.pinned ? "pinned " : "unpinned ") + std::to_string(m.id);
    }
  };
  return std::visit(visitor{}, e);
}

void add_to_view(store_view& view, const protocol::log_event& e) {
  stored_entry entry{fingerprint_of(e), {}, {}, 0};
  if (const auto* m = std::get_if<protocol::message_event>(&e)) {
    entry.sender = m->msg.sender;
    entry.client_msg_id = m->msg.client_msg_id;
    entry.id = m->msg.id;
  }
  view[conversation_of(e)][seq_of(e)] = std::move(entry);
}

std::string figures::line(std::string_view scenario) const {
  std::ostringstream out;
  out << "torture " << scenario << ": acked=" << acked << " lost=" << lost << " dup=" << dup << " gaps=" << gaps
      << " inversions=" << inversions << " phantoms=" << phantoms;
  return out.str();
}

void ledger::sent(const std::string& client_msg_id, conversation_id conversation) {
  std::lock_guard lock(mutex_);
  sends_[client_msg_id].conversation = conversation;
}

void ledger::acknowledged(const protocol::message& m) {
  std::lock_guard lock(mutex_);
  auto& record = sends_[m.client_msg_id];
  if (!record.ack) {
    record.ack = m;
    ++acked_;
  } else if (record.ack->id != m.id || record.ack->seq != m.seq) {
    ++record.conflicting_acks;
  }
  changed_.notify_all();
}

void ledger::refused(const std::string&, const std::string& code) {
  std::lock_guard lock(mutex_);
  ++refused_;
  ++refusals_[code];
}

std::map<std::string, std::int64_t> ledger::refusals() const {
  std::lock_guard lock(mutex_);
  return refusals_;
}

void ledger::received(const std::string& member, const protocol::log_event& e) {
  std::lock_guard lock(mutex_);
  auto& view = members_[member];
  const auto conversation = conversation_of(e);
  const auto seq = seq_of(e);
  view.events[conversation].push_back({seq, fingerprint_of(e)});
  auto& last = view.last[conversation];
  if (seq > last) last = seq;
  ++view.count;
  changed_.notify_all();
}

void ledger::expect_from(const std::string& member, conversation_id conversation, seq_t first) {
  std::lock_guard lock(mutex_);
  members_[member].expected_from[conversation] = first;
}

std::map<conversation_id, seq_t> ledger::resume_point(const std::string& member) const {
  std::lock_guard lock(mutex_);
  auto it = members_.find(member);
  return it == members_.end() ? std::map<conversation_id, seq_t>{} : it->second.last;
}

std::int64_t ledger::acked_count() const {
  std::lock_guard lock(mutex_);
  return acked_;
}

std::int64_t ledger::refused_count() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

std::int64_t ledger::received_count(const std::string& member) const {
  std::lock_guard lock(mutex_);
  auto it = members_.find(member);
  return it == members_.end() ? 0 : it->second.count;
}

std::set<std::string> ledger::acked_ids() const {
  std::lock_guard lock(mutex_);
  std::set<std::string> ids;
  for (const auto& [id, record] : sends_) {
    if (record.ack) ids.insert(id);
  }
  return ids;
}

std::vector<protocol::message> ledger::acks() const {
  std::lock_guard lock(mutex_);
  std::vector<protocol::message> out;
  for (const auto& [id, record] : sends_) {
    if (record.ack) out.push_back(*record.ack);
  }
  return out;
}

bool ledger::wait_until_seen(conversation_id conversation, seq_t seq,
                             std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, deadline, [&] {
    for (const auto& [name, view] : members_) {
      if (!view.expected_from.contains(conversation)) continue;
      auto it = view.last.find(conversation);
      if (it == view.last.end() || it->second < seq) return false;
    }
    return true;
  });
}

bool ledger::wait_until_seen_by(const std::string& member, conversation_id conversation, seq_t seq,
                                std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, deadline, [&] {
    auto m = members_.find(member);
    if (m == members_.end()) return false;
    auto it = m->second.last.find(conversation);
    return it != m->second.last.end() && it->second >= seq;
  });
}

bool ledger::wait_until_acked(std::int64_t count, std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, deadline, [&] { return acked_ >= count; });
}

figures ledger::check(const store_view& history) const {
  std::lock_guard lock(mutex_);
  figures f;
  check_sends(history, f);
  for (const auto& [name, view] : members_) check_member(name, view, history, f);
  return f;
}

// Every acknowledged send must be stored, as acknowledged, exactly once.
void ledger::check_sends(const store_view& history, figures& f) const {
  std::map<std::pair<std::string, std::string>, int> stored;  // (sender, client_msg_id) -> copies
  for (const auto& [c, entries] : history) {
    for (const auto& [seq, e] : entries) {
      if (!e.client_msg_id.empty()) ++stored[{e.sender, e.client_msg_id}];
    }
  }
  for (const auto& [key, copies] : stored) {
    if (copies <= 1 || !sends_.contains(key.second)) continue;
    f.dup += copies - 1;
    note(f, "stored " + std::to_string(copies) + " times: " + key.first + " " + key.second);
  }
  for (const auto& [id, record] : sends_) {
    if (!record.ack) continue;
    ++f.acked;
    f.dup += record.conflicting_acks;
    if (record.conflicting_acks > 0) note(f, "acknowledged as two different messages: " + id);
    const auto& ack = *record.ack;
    auto c = history.find(ack.conversation);
    const stored_entry* e = nullptr;
    if (c != history.end()) {
      auto it = c->second.find(ack.seq);
      if (it != c->second.end()) e = &it->second;
    }
    if (e == nullptr || e->id != ack.id || e->client_msg_id != id) {
      ++f.lost;
      note(f, "acknowledged, not in history: " + id + " at " + where(ack.conversation, ack.seq));
    }
  }
}

// What one member saw, in the order it saw it, against history.
void ledger::check_member(const std::string& name, const member_view& m, const store_view& history, figures& f) const {
  for (const auto& [c, events] : m.events) {
    auto stored = history.find(c);
    if (stored == history.end()) continue;  // a conversation this scenario does not check
    auto from_it = m.expected_from.find(c);
    const seq_t from = from_it == m.expected_from.end() ? 0 : from_it->second;
    std::set<seq_t> got;
    seq_t highest = from - 1;
    for (const auto& e : events) {
      auto it = stored->second.find(e.seq);
      if (it == stored->second.end() || it->second.fingerprint != e.fingerprint) {
        ++f.phantoms;
        note(f, name + " saw what history does not hold: " + where(c, e.seq) + " " + e.fingerprint);
        continue;
      }
      if (from == 0 || e.seq < from) continue;
      if (!got.insert(e.seq).second) {
        ++f.dup;
        note(f, name + " saw twice: " + where(c, e.seq));
        continue;
      }
      if (e.seq < highest) {
        ++f.inversions;
        note(f, name + " saw " + where(c, e.seq) + " after seq " + std::to_string(highest));
      } else if (e.seq > highest + 1) {
        ++f.gaps;
        note(f, name + " jumped from seq " + std::to_string(highest) + " to " + where(c, e.seq));
      }
      highest = std::max(highest, e.seq);
    }
    if (from == 0) continue;
    for (const auto& [seq, e] : stored->second) {
      if (seq < from || got.contains(seq)) continue;
      ++f.lost;
      note(f, name + " never saw " + where(c, seq));
    }
  }
  for (const auto& [c, from] : m.expected_from) {
    if (m.events.contains(c) || !history.contains(c)) continue;
    for (const auto& [seq, e] : history.at(c)) {
      if (seq < from) continue;
      ++f.lost;
      note(f, name + " never saw " + where(c, seq));
    }
  }
}

}  // namespace natter::torture
