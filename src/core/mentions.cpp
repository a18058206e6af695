#include "core/mentions.hpp"

#include <algorithm>

#include "core/validation.hpp"

namespace natter::core {

namespace {

constexpr std::size_t min_name = 3;  // validation.cpp's username lengths
constexpr std::size_t max_name = 32;

bool name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

bool is_fence(std::string_view line) {
  const auto start = line.find_first_not_of(' ');
  return start != std::string_view::npos && line.substr(start).starts_with("```");
}

// Where the inline code span starting at i (a run of backticks) ends, or i
// plus the run's length when no run of the same length closes it on the line.
std::size_t skip_code(std::string_view line, std::size_t i) {
  std::size_t run = 0;
  while (i + run < line.size() && line[i + run] == '`') ++run;
  const std::string ticks(run, '`');
  for (auto close = line.find(ticks, i + run); close != std::string_view::npos; close = line.find(ticks, close + 1)) {
    std::size_t len = 0;
    while (close + len < line.size() && line[close + len] == '`') ++len;
    if (len == run) return close + run;
    close += len - 1;
  }
  return i + run;
}

// Calls on_name with each @name of text outside code, lower case.
template <class F>
void scan(std::string_view text, F&& on_name) {
  bool fenced = false;
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    auto end = text.find('\n', line_start);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(line_start, end - line_start);
    line_start = end + 1;
    if (is_fence(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    for (std::size_t i = 0; i < line.size();) {
      if (line[i] == '`') {
        i = skip_code(line, i);
        continue;
      }
      if (line[i] != '@' || (i > 0 && name_char(line[i - 1]))) {
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      while (j < line.size() && name_char(line[j])) ++j;
      auto name = line.substr(i + 1, j - i - 1);
      while (!name.empty() && name.back() == '.') name.remove_suffix(1);
      i = j;
      if (name.size() < min_name || name.size() > max_name) continue;
      if (!on_name(normalize_username(name))) return;
    }
  }
}

bool is_everyone(std::string_view name) {
  return name == "room" || name == "here";
}

}  // namespace

mention_names find_mentions(std::string_view text, std::size_t max_names) {
  mention_names out;
  if (text.find('@') == std::string_view::npos) return out;
  scan(text, [&](std::string name) {
    if (is_everyone(name)) {
      out.everyone = true;
    } else if (std::find(out.names.begin(), out.names.end(), name) == out.names.end()) {
      if (out.names.size() >= max_names) return !out.everyone;  // full: only @room/@here still to find
      out.names.push_back(std::move(name));
    }
    return true;
  });
  return out;
}

std::vector<store::mention_record> record_mentions(store::store& s, const store::message_record& m,
                                                   std::string_view text, rate_limiter& everyone, bool edited) {
  const auto names = find_mentions(text, protocol::max_mentions);
  std::vector<store::mention_record> out;
  if (names.everyone) {
    auto conv = s.conversation_by_id(m.conversation);
    auto sender = conv ? s.member(m.conversation, m.sender) : std::nullopt;
    const bool moderator =
        sender && conv->kind != store::conversation_kind::direct && sender->role != store::member_role::member;
    if (moderator && !everyone.acquire(std::to_string(m.sender))) {
      out.push_back({m.id, store::mention_of_everyone, {}});
    }
  }
  const auto members = s.members_named(m.conversation, names.names);
  for (const auto& name : names.names) {  // in the order of the text
    auto it = std::find_if(members.begin(), members.end(), [&](const auto& x) { return x.username == name; });
    if (it != members.end() && it->user != m.sender) out.push_back({m.id, it->user, it->username});
  }
  if (edited || !out.empty()) s.set_mentions(m, out);  // a new message has none to replace
  return out;
}

void show_mentions(protocol::message& msg, std::span<const store::mention_record> mentions) {
  msg.mentions.clear();
  msg.mentions_all = false;
  for (const auto& m : mentions) {
    if (m.user == store::mention_of_everyone) {
      msg.mentions_all = true;
    } else {
      msg.mentions.push_back({m.user, m.username});
    }
  }
}

mention_map mentions_for(store::conversation_store& s, std::span<const store::log_entry> entries) {
  std::vector<store::message_id> ids;
  for (const auto& e : entries) {
    const bool shown = e.kind == store::entry_kind::message || e.kind == store::entry_kind::edit;
    if (shown && e.message && !e.message->deleted) ids.push_back(e.message->id);
  }
  mention_map out;
  if (ids.empty()) return out;
  for (auto& m : s.mentions_on(ids)) out[m.message].push_back(std::move(m));
  return out;
}

void attach_mentions(protocol::log_event& e, const mention_map& m) {
  protocol::message* msg = nullptr;
  if (auto* sent = std::get_if<protocol::message_event>(&e)) msg = &sent->msg;
  if (auto* edited = std::get_if<protocol::message_edited_event>(&e)) msg = &edited->msg;
  if (msg == nullptr) return;
  if (auto it = m.find(msg->id); it != m.end()) show_mentions(*msg, it->second);
}

}  // namespace natter::core
