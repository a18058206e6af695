// send, history, rooms, join, leave: one request (or two) on a session.

#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>

#include "clients/cli/chat_marks.hpp"
#include "clients/cli/commands.hpp"
#include "clients/cli/event_format.hpp"
#include "clients/cli/media_format.hpp"
#include "clients/cli/transfers.hpp"

namespace natter::cli {

namespace {

using client::failure;
using client::outcome;

struct target_options {
  std::vector<std::string> words;  // [target] text  /  [target]
  std::string group;
  std::vector<std::string> files;  // send --file: attachments, the text their caption
  int limit = 20;
};

bool addressed(const std::string& target) {
  return target.size() > 1 && (target.front() == '@' || target.front() == '#');
}

std::string strip_hash(std::string name) {
  if (!name.empty() && name.front() == '#') name.erase(0, 1);
  return name;
}

// The conversation that "@bob", "#room" or --group NAME names.
outcome<protocol::conversation> find_conversation(client::session& s, const std::string& target,
                                                  const std::string& group) {
  auto listed = await(s.call(protocol::conversations_list_request{}));
  if (!listed) return listed.error();
  for (const auto& c : listed->conversations) {
    if (group.empty() ? label_of(c) == target : (c.kind == "group" && c.name == group)) return c;
  }
  return failure::refused("NOT_FOUND", "No conversation " + (group.empty() ? target : "named " + group) + ".");
}

// The words of send: the target (unless --group) and the text, which is
// optional (a caption) when files are attached.
std::optional<int> check_send(const target_options& o) {
  const std::size_t target = o.group.empty() ? 1 : 0;
  const bool text_optional = !o.files.empty();
  if (o.words.size() != target + 1 && !(text_optional && o.words.size() == target)) {
    return usage_error("usage: natter send @user|#room [--file PATH]... TEXT, or send --group NAME TEXT");
  }
  if (o.group.empty() && !addressed(o.words[0])) return usage_error("address a person as @name, a room as '#name'");
  if (o.files.size() > max_attachments) return usage_error("at most 10 files on one message");
  for (const auto& f : o.files) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f, ec)) return usage_error("not a file: " + f);
  }
  return std::nullopt;
}

int do_send(const cli_context& context, const target_options& o) {
  if (auto refused = check_send(o)) return *refused;
  const std::size_t target = o.group.empty() ? 1 : 0;
  std::string text = o.words.size() > target ? o.words.back() : std::string();
  if (text == "-") text.assign(std::istreambuf_iterator<char>(std::cin), {});
  while (!text.empty() && text.back() == '\n') text.pop_back();
  auto s = context.open_session();
  if (!s) return report(s.error());
  protocol::send_request r;
  r.text = std::move(text);
  if (o.group.empty()) {
    r.to = o.words[0];
  } else {
    auto c = find_conversation(*s.value(), "", o.group);
    if (!c) return report(c.error());
    r.conversation = c->id;
  }
  if (!o.files.empty()) {
    // Never upload a file in the clear for a chat that is end-to-end
    // encrypted: the full-screen chat seals it (/file); this one-shot holds
    // no device keys.
    auto c = find_conversation(*s.value(), o.group.empty() ? o.words[0] : "", o.group);
    if (c && c->encrypted) {
      return report(failure::local("ENCRYPTION_REQUIRED",
                                   "This chat is end-to-end encrypted: send files from natter chat (/file PATH)."));
    }
  }
  auto uploaded = upload_files(*s.value(), o.files);
  if (!uploaded) return report(uploaded.error());
  for (const auto& m : uploaded.value()) r.attachments.push_back(m.id);
  auto sent = await(s.value()->call(std::move(r)));
  if (!sent) return report(sent.error());
  return exit_ok;
}

int do_history(const cli_context& context, const target_options& o) {
  const std::size_t wanted = o.group.empty() ? 1 : 0;
  if (o.words.size() != wanted) return usage_error("usage: natter history @user|#room [--limit N]");
  if (o.limit < 1 || o.limit > 100) return usage_error("--limit is 1 to 100");
  auto s = context.open_session();
  if (!s) return report(s.error());
  auto c = find_conversation(*s.value(), o.group.empty() ? o.words[0] : "", o.group);
  if (!c) return report(c.error());
  auto page = await(s.value()->call(protocol::history_request{c->id, std::nullopt, std::nullopt, o.limit}));
  if (!page) return report(page.error());
  const auto label = [&c](protocol::conversation_id) { return label_of(c.value()); };
  for (const auto& e : page->events) {
    if (const auto* m = std::get_if<protocol::message_event>(&e)) {
      std::cout << with_attachments("[" + date_time(m->msg.ts) + "] " + said(m->msg.sender, m->msg.text), m->msg)
                << "\n";
    } else {
      std::cout << std::visit([&](const auto& body) { return describe(protocol::event(body), label); }, e) << "\n";
    }
  }
  return exit_ok;
}

int do_rooms(const cli_context& context) {
  auto s = context.open_session();
  if (!s) return report(s.error());
  auto rooms = await(s.value()->call(protocol::room_list_request{}));
  if (!rooms) return report(rooms.error());
  for (const auto& r : rooms->rooms) {
    std::cout << "#" << r.name << "\t" << r.members << (r.members == 1 ? " member" : " members")
              << (r.topic.empty() ? "" : "\t" + r.topic) << "\n";
  }
  return exit_ok;
}

// Joins a room, creating it when nobody has yet.
int do_join(const cli_context& context, const std::string& name) {
  auto s = context.open_session();
  if (!s) return report(s.error());
  auto joined = await(s.value()->call(protocol::room_join_request{strip_hash(name)}));
  if (!joined && joined.error().code == "ROOM_NOT_FOUND") {
    joined = await(s.value()->call(protocol::room_create_request{strip_hash(name), ""}));
  }
  if (!joined) return report(joined.error());
  std::cout << "joined #" << joined->conv.name << "\n";
  return exit_ok;
}

int do_leave(const cli_context& context, const std::string& name) {
  auto s = context.open_session();
  if (!s) return report(s.error());
  auto left = await(s.value()->call(protocol::room_leave_request{strip_hash(name)}));
  if (!left) return report(left.error());
  std::cout << "left #" << strip_hash(name) << "\n";
  return exit_ok;
}

}  // namespace

void add_chat_commands(CLI::App& app, command_line& line) {
  auto send = std::make_shared<target_options>();
  auto* s = app.add_subcommand(
      "send",
      "Send a message: send @user|'#room' TEXT, or send --group NAME TEXT (- reads stdin); --file PATH "
      "attaches a picture or file (up to 10), the text then optional");
  s->add_option("words", send->words, "@user or #room, then the text");
  s->add_option("--group", send->group, "Send to the group of this name");
  s->add_option("--file", send->files, "Attach this file; repeat for more (up to 10)")
      ->allow_extra_args(false)  // one path per --file: the words after it are the target and text
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  s->callback([&line, send] { line.action = [send](const cli_context& c) { return do_send(c, *send); }; });

  auto history = std::make_shared<target_options>();
  auto* h = app.add_subcommand("history", "Show the latest messages of a conversation");
  h->add_option("target", history->words, "@user or #room");
  h->add_option("--group", history->group, "The group of this name");
  h->add_option("--limit", history->limit, "How many (1-100, default 20)");
  h->callback([&line, history] { line.action = [history](const cli_context& c) { return do_history(c, *history); }; });

  app.add_subcommand("rooms", "List the public rooms")->callback([&line] { line.action = do_rooms; });

  auto join = std::make_shared<std::string>();
  auto* j = app.add_subcommand("join", "Join a room (created when it does not exist)");
  j->add_option("name", *join, "Room name")->required();
  j->callback([&line, join] { line.action = [join](const cli_context& c) { return do_join(c, *join); }; });

  auto leave = std::make_shared<std::string>();
  auto* l = app.add_subcommand("leave", "Leave a room");
  l->add_option("name", *leave, "Room name")->required();
  l->callback([&line, leave] { line.action = [leave](const cli_context& c) { return do_leave(c, *leave); }; });
}

}  // namespace natter::cli
