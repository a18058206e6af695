// The slash commands of the full-screen chat.

#include <algorithm>
#include <sstream>
#include <utility>

#include "clients/cli/chat_app.hpp"

namespace natter::cli {

namespace {

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string without(std::string name, char sigil) {
  if (!name.empty() && name.front() == sigil) name.erase(0, 1);
  return name;
}

}  // namespace

// Runs one request and notes its outcome; true on success.
template <class Request>
bool chat_app::ask(Request r, const std::string& done_note) {
  auto reply = session_.call(std::move(r));
  if (reply.wait_for(command_patience) != std::future_status::ready) {
    model_.note("no answer from the server");
    return false;
  }
  auto got = reply.get();
  if (!got) {
    model_.note(got.error().code + ": " + got.error().message);
    return false;
  }
  if (!done_note.empty()) model_.note(done_note);
  return true;
}
// For the commands in chat_commands_messages.cpp.
template bool chat_app::ask(protocol::edit_request, const std::string&);
template bool chat_app::ask(protocol::delete_request, const std::string&);

void chat_app::command(const std::string& line) {
  const auto words = words_of(line);
  const std::string& verb = words[0];
  const std::string arg = words.size() > 1 ? words[1] : "";
  if (verb == "/quit" || verb == "/q") {
    quit_ = true;
  } else if (verb == "/help") {
    help();
  } else if (verb == "/msg" && !arg.empty()) {
    model_.open_direct(without(arg, '@'));
    opened();
  } else if (verb == "/join" && !arg.empty()) {
    command_join(without(arg, '#'));
  } else if (verb == "/leave") {
    command_leave(words.size() > 1 ? line.substr(line.find(' ') + 1) : "");
  } else if (verb == "/group") {
    command_group(words);
  } else if ((verb == "/kick" || verb == "/ban" || verb == "/unban" || verb == "/mute" || verb == "/unmute") &&
             !arg.empty()) {
    command_moderate(words, line);
  } else if (verb == "/topic") {
    command_topic(words.size() > 1 ? line.substr(line.find(' ') + 1) : "");
  } else if ((verb == "/react" || verb == "/unreact") && !arg.empty()) {
    command_react(arg, verb == "/react");
  } else if (verb == "/pin" || verb == "/unpin") {
    command_pin(verb == "/pin");
  } else if (verb == "/accept" || verb == "/decline") {
    command_answer(verb == "/accept");
  } else if (verb == "/status" && !arg.empty()) {
    ask(protocol::presence_set_request{arg}, "status: " + arg);
  } else if (verb == "/contacts") {
    command_contacts();
  } else if (verb == "/file" && !arg.empty()) {
    command_file(line.substr(line.find(' ') + 1));
  } else if (verb == "/download" && !arg.empty()) {
    command_download(line.substr(line.find(' ') + 1));
  } else if (command_e2ee(words)) {
    // /encrypt, /devices, /verify, /trust, /approve, /backup (chat_e2ee.cpp)
  } else if (!command_more(words, line)) {
    model_.note("unknown command or missing argument: " + line + " (/help lists them)");
  }
}

void chat_app::help() {
  panel_ = {"/msg @user            chat with someone",
            "/join #room           join (or create) a room",
            "/leave [NAME]         leave a room or group (without NAME: this one, after y/n)",
            "/group create NAME user...   start a group",
            "/kick, /ban, /mute NAME [reason]   moderate this room (owner, admins)",
            "/unban, /unmute NAME  lift a ban or mute",
            "/topic [TEXT]         set this room's topic (none: clear it)",
            "/react EMOJI          react to the newest message (/unreact EMOJI takes it back)",
            "/pin, /unpin          pin or unpin the newest message",
            "/pins                 what is pinned here",
            "/me ACTION            say what you do: * alice waves",
            "/reply TEXT           answer the latest message from someone else",
            "/thread TEXT          answer in the thread of the newest message (⤷ marks threads)",
            "/edit TEXT, /delete   change or delete your latest message here",
            "/whois NAME           someone's profile and presence",
            "/names                who is here (● online ◐ away ⊘ busy ○ offline)",
            "/accept, /decline     answer a chat request",
            "/status online|away|busy|invisible",
            "/contacts             list your contacts",
            "/encrypt              encrypt this chat end to end (after y/n; never turned off)",
            "/devices [USER]       a user's devices, their fingerprints and trust",
            "/verify USER          compare safety numbers, then mark USER verified",
            "/approve DEVICE       confirm a new device of yours (on the device that holds your signing key)",
            "/backup [setup|restore]  your key backup: its status, set it up, or restore it here",
            "/trust USER           accept USER's changed keys (after a warning)",
            "/file PATH [caption]  send a picture or file",
            "/download N [PATH]    save attachment #N here (or to PATH)",
            "/quit                 leave natter",
            "Tab/Ctrl-N, Shift-Tab/Ctrl-P switch conversations; PgUp/PgDn scroll the messages",
            "Up/Down recall input",
            "(any key closes this)"};
}

void chat_app::command_join(const std::string& name) {
  auto joined = session_.call(protocol::room_join_request{name});
  if (joined.wait_for(command_patience) != std::future_status::ready) return model_.note("no answer");
  auto got = joined.get();
  if (!got && got.error().code == "ROOM_NOT_FOUND") {
    if (!ask(protocol::room_create_request{name, ""}, "")) return;
  } else if (!got) {
    return model_.note(got.error().code + ": " + got.error().message);
  }
  reload();
  model_.select_label("#" + name);
  model_.note("joined #" + name);
  opened();
}

// /leave NAME leaves that room or group; /leave alone asks about the one on
// screen first, so that a second /leave never leaves another one unasked.
void chat_app::command_leave(const std::string& name) {
  if (!name.empty()) {
    auto* named = model_.find_room_or_group(name);
    if (!named) return model_.note("no room or group " + name + " here (/leave #room or /leave GROUP)");
    return leave(*named);
  }
  auto* c = model_.current();
  if (!c || c->id == 0 || c->kind == "direct") return model_.note("/leave works in rooms and groups");
  leaving_ = leave_question{c->id, c->label};
}

void chat_app::answer_leave(wint_t key, bool is_key) {
  const auto question = std::exchange(leaving_, std::nullopt);
  if (is_key || (key != L'y' && key != L'Y')) return model_.note("stayed in " + question->label);
  auto it = std::find_if(model_.conversations().begin(), model_.conversations().end(),
                         [&](const auto& c) { return c.id == question->id; });
  if (it == model_.conversations().end()) return model_.note(question->label + " is gone already");
  leave(*it);
}

void chat_app::leave(const chat_conversation& c) {
  const std::string label = c.label;
  const bool left =
      c.kind == "room" ? ask(protocol::room_leave_request{c.name}, "") : ask(protocol::group_leave_request{c.id}, "");
  if (!left) return;
  reload();
  model_.note("left " + label);
}

void chat_app::command_group(const std::vector<std::string>& words) {
  if (words.size() < 3 || words[1] != "create") return model_.note("usage: /group create NAME user...");
  protocol::group_create_request r{words[2], {}};
  for (std::size_t i = 3; i < words.size(); ++i) r.members.push_back(without(words[i], '@'));
  if (!ask(r, "")) return;
  reload();
  model_.select_label(words[2]);
  opened();
}

// Room moderation: /kick NAME [reason], /ban, /unban, /mute, /unmute, in
// the room on screen. What happened shows among the messages.
template <protocol::room_action A>
void chat_app::moderate(const chat_conversation& room, const std::vector<std::string>& words, const std::string& line) {
  const std::string name = without(words[1], '@');
  const auto after_name = line.find(words[1]) + words[1].size();
  auto reason = after_name < line.size() ? line.substr(after_name) : std::string();
  reason.erase(0, reason.find_first_not_of(' '));
  ask(protocol::room_moderation_request<A>{room.id, name, reason}, words[0].substr(1) + ": " + name);
}

void chat_app::command_moderate(const std::vector<std::string>& words, const std::string& line) {
  const auto* c = model_.current();
  if (!c || c->kind != "room") return model_.note(words[0] + " works in rooms");
  const std::string& verb = words[0];
  if (verb == "/kick") return moderate<protocol::room_action::kick>(*c, words, line);
  if (verb == "/ban") return moderate<protocol::room_action::ban>(*c, words, line);
  if (verb == "/unban") return moderate<protocol::room_action::unban>(*c, words, line);
  if (verb == "/mute") return moderate<protocol::room_action::mute>(*c, words, line);
  moderate<protocol::room_action::unmute>(*c, words, line);
}

void chat_app::command_topic(const std::string& text) {
  const auto* c = model_.current();
  if (!c || c->kind != "room") return model_.note("/topic works in rooms");
  ask(protocol::room_topic_request{c->id, text}, text.empty() ? "topic cleared" : "topic: " + text);
}

// Reactions and pins apply to the newest message of this conversation; the
// screen shows the counts under it when the server's event arrives.
void chat_app::command_react(const std::string& emoji, bool add) {
  const auto* c = model_.current();
  const auto target = c ? chat_model::latest_message(*c) : std::nullopt;
  if (!target) return model_.note("no message to react to here");
  if (add) {
    ask(protocol::react_request{*target, emoji}, "reacted " + emoji);
  } else {
    ask(protocol::unreact_request{*target, emoji}, "took back " + emoji);
  }
}

void chat_app::command_pin(bool pin) {
  const auto* c = model_.current();
  const auto target = c ? chat_model::latest_message(*c) : std::nullopt;
  if (!target) return model_.note("no message to pin here");
  if (pin) {
    ask(protocol::pin_request{*target}, "pinned");
  } else {
    ask(protocol::unpin_request{*target}, "unpinned");
  }
}

void chat_app::command_answer(bool accept) {
  auto* c = model_.current();
  if (!c || !c->request) return model_.note("no chat request here");
  const bool done = accept ? ask(protocol::request_accept_request{c->id}, "accepted")
                           : ask(protocol::request_decline_request{c->id}, "declined");
  if (done) reload();
}

void chat_app::command_contacts() {
  auto listed = session_.call(protocol::contact_list_request{});
  if (listed.wait_for(command_patience) != std::future_status::ready) return model_.note("no answer");
  auto got = listed.get();
  if (!got) return model_.note(got.error().code);
  if (got->contacts.empty()) return model_.note("no contacts yet");
  panel_.clear();
  for (const auto& c : got->contacts) panel_.push_back("contact " + c.username + " (" + c.status + ")");
  panel_.push_back("(any key closes this)");
}

}  // namespace natter::cli
