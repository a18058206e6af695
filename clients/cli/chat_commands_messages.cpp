// The chat's commands about messages and people: /me, /edit, /delete,
// /reply, /thread, /whois, /names, /pins.

#include <algorithm>

#include "clients/cli/chat_app.hpp"
#include "clients/cli/chat_marks.hpp"
#include "clients/cli/event_format.hpp"

namespace natter::cli {

namespace {

// /pins lists the newest pins: as many as a panel shows on a small terminal.
constexpr int pins_shown = 15;

// What follows the command word ("/edit new text" -> "new text").
std::string rest_of(const std::string& line) {
  const auto space = line.find(' ');
  if (space == std::string::npos) return {};
  return line.substr(line.find_first_not_of(' ', space) == std::string::npos ? line.size()
                                                                             : line.find_first_not_of(' ', space));
}

std::string without_at(std::string name) {
  if (!name.empty() && name.front() == '@') name.erase(0, 1);
  return name;
}

}  // namespace

bool chat_app::command_more(const std::vector<std::string>& words, const std::string& line) {
  const std::string& verb = words[0];
  const std::string rest = rest_of(line);
  if (verb == "/me" && !rest.empty()) {
    send(std::string(action_prefix) + rest);
  } else if (verb == "/edit" && !rest.empty()) {
    command_edit(rest);
  } else if (verb == "/delete") {
    command_delete();
  } else if (verb == "/reply" && !rest.empty()) {
    command_reply(rest);
  } else if (verb == "/thread" && !rest.empty()) {
    command_thread(rest);
  } else if (verb == "/whois" && words.size() > 1) {
    command_whois(without_at(words[1]));
  } else if (verb == "/names") {
    command_names();
  } else if (verb == "/pins") {
    command_pins();
  } else {
    return false;
  }
  return true;
}

// My latest stored message here that is not deleted.
const chat_line* chat_app::my_last_line(const chat_conversation& c) const {
  for (auto it = c.lines.rbegin(); it != c.lines.rend(); ++it) {
    const auto details = c.details.find(it->first);
    if (it->second.sender == model_.me() && details != c.details.end() && !details->second.deleted) {
      return &it->second;
    }
  }
  return nullptr;
}

// /edit TEXT: my last message here now says TEXT.
void chat_app::command_edit(const std::string& text) {
  const auto* c = model_.current();
  const auto* line = c ? my_last_line(*c) : nullptr;
  if (!line) return model_.note("no message of yours here to edit");
  if (c->encrypted) return edit_encrypted(*c, c->details.at(line->seq).id, text);
  ask(protocol::edit_request{c->details.at(line->seq).id, text}, "edited");
}

// /delete: my last message here is deleted (for everyone).
void chat_app::command_delete() {
  const auto* c = model_.current();
  const auto* line = c ? my_last_line(*c) : nullptr;
  if (!line) return model_.note("no message of yours here to delete");
  ask(protocol::delete_request{c->details.at(line->seq).id}, "deleted");
}

// /reply TEXT: answers the latest message from someone else here.
void chat_app::command_reply(const std::string& text) {
  auto* c = model_.current();
  if (!c) return model_.note("Open a conversation first: /msg @user or /join #room.");
  for (auto it = c->lines.rbegin(); it != c->lines.rend(); ++it) {
    const auto details = c->details.find(it->first);
    if (it->second.sender == model_.me() || details == c->details.end() || details->second.deleted) continue;
    return send_to(*c, text, {}, details->second.id);
  }
  model_.note("no message from anyone else here to reply to");
}

// /thread TEXT: answers in the thread of the newest message here (the
// thread it is in, when it is a reply in one).
void chat_app::command_thread(const std::string& text) {
  auto* c = model_.current();
  if (!c || c->id == 0) return model_.note("Open a conversation first: /msg @user or /join #room.");
  const auto root = chat_model::latest_thread(*c);
  if (!root) return model_.note("no message here to answer in a thread");
  send_to(*c, text, {}, std::nullopt, root);
}

// /whois NAME: their profile, and their presence when they share it.
void chat_app::command_whois(const std::string& name) {
  auto token = session_.access_token();
  if (token.wait_for(command_patience) != std::future_status::ready) return model_.note("no answer from the server");
  auto got_token = token.get();
  if (!got_token) return model_.note(got_token.error().code + ": " + got_token.error().message);
  auto user = session_.http().user(got_token.value(), name);
  if (!user) return model_.note(user.error().code + ": " + user.error().message);
  const std::string status = model_.status_of(user->username);
  panel_ = {
      user->username + (user->display_name.empty() ? "" : " (" + user->display_name + ")"),
      "presence: " + presence_mark(status) + " " + (status == "offline" ? "offline (or not shared with you)" : status)};
  if (!user->bio.empty()) panel_.push_back("bio: " + user->bio);
  panel_.push_back("(any key closes this)");
}

// /names: who is in this conversation, with their presence marks.
void chat_app::command_names() {
  const auto* c = model_.current();
  if (!c || c->id == 0) return model_.note("/names works in a conversation");
  panel_.clear();
  if (c->kind == "room") {
    panel_.push_back(c->label + ": " + std::to_string(c->member_count) +
                     (c->member_count == 1 ? " member" : " members") + " (a room's members are not listed)");
  } else {
    panel_.push_back(c->label + ": " + std::to_string(c->members.size()) + " members");
    for (const auto& m : c->members) {
      const std::string status = m == model_.me() ? "online" : model_.status_of(m);
      panel_.push_back(presence_mark(status) + " " + m + (m == model_.me() ? " (you)" : "  " + status));
    }
  }
  panel_.push_back("● online  ◐ away  ⊘ busy  ○ offline or not shared   (any key closes this)");
}

// /pins: this conversation's pinned messages, the most recently pinned first.
void chat_app::command_pins() {
  const auto* c = model_.current();
  if (!c || c->id == 0) return model_.note("/pins works in a conversation");
  auto listed = session_.call(protocol::pins_list_request{c->id, pins_shown, std::nullopt});
  if (listed.wait_for(command_patience) != std::future_status::ready) return model_.note("no answer");
  auto got = listed.get();
  if (!got) return model_.note(got.error().code + ": " + got.error().message);
  if (got->pins.empty()) return model_.note("nothing is pinned here");
  panel_ = {"pinned in " + c->label + " (newest pin first):"};
  for (const auto& p : got->pins) {
    std::string text = p.msg.text.empty() ? "(attachment)" : p.msg.text;
    std::replace(text.begin(), text.end(), '\n', ' ');
    panel_.push_back("[" + clock_time(p.msg.ts) + "] " + said(p.msg.sender, text) + "  (pinned by " + p.by.username +
                     ")");
  }
  if (got->has_more) panel_.push_back("(older pins not shown)");
  panel_.push_back("(any key closes this)");
}

}  // namespace natter::cli
