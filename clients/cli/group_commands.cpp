// conversations, group create|leave|list: conversations and groups from the
// command line.

#include <iostream>

#include "clients/cli/commands.hpp"
#include "clients/cli/event_format.hpp"

namespace natter::cli {

namespace {

struct group_options {
  std::string name;
  std::vector<std::string> members;
};

std::string without_at(std::string name) {
  if (!name.empty() && name.front() == '@') name.erase(0, 1);
  return name;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

client::outcome<std::vector<protocol::conversation>> list_of(client::session& s) {
  auto listed = await(s.call(protocol::conversations_list_request{}));
  if (!listed) return listed.error();
  return std::move(listed->conversations);
}

// One line each: label, kind, unread count (with how many of those mention
// the user, if any; and a pending chat request).
int do_conversations(const cli_context& context) {
  auto s = context.open_session();
  if (!s) return report(s.error());
  auto list = list_of(*s.value());
  if (!list) return report(list.error());
  for (const auto& c : list.value()) {
    std::cout << label_of(c) << "\t" << c.kind << "\t" << c.unread << " unread";
    if (c.unread_mentions > 0) std::cout << ", " << c.unread_mentions << " mentioning you";
    if (c.request) std::cout << "\trequest from " << c.request->from << " (" << c.request->state << ")";
    std::cout << "\n";
  }
  return exit_ok;
}

int do_group_list(const cli_context& context) {
  auto s = context.open_session();
  if (!s) return report(s.error());
  auto list = list_of(*s.value());
  if (!list) return report(list.error());
  for (const auto& c : list.value()) {
    if (c.kind != "group") continue;
    std::cout << c.name << "\t" << c.members.size() << (c.members.size() == 1 ? " member\t" : " members\t")
              << joined(c.members) << "\n";
  }
  return exit_ok;
}

int do_group_create(const cli_context& context, const group_options& o) {
  auto s = context.open_session();
  if (!s) return report(s.error());
  protocol::group_create_request r{o.name, {}};
  for (const auto& m : o.members) r.members.push_back(without_at(m));
  auto created = await(s.value()->call(std::move(r)));
  if (!created) return report(created.error());
  std::cout << "created group " << created->conv.name;
  if (!created->invited.empty()) std::cout << "; invited " << joined(created->invited);
  std::cout << "\n";
  return exit_ok;
}

int do_group_leave(const cli_context& context, const std::string& name) {
  auto s = context.open_session();
  if (!s) return report(s.error());
  auto list = list_of(*s.value());
  if (!list) return report(list.error());
  for (const auto& c : list.value()) {
    if (c.kind != "group" || c.name != name) continue;
    auto left = await(s.value()->call(protocol::group_leave_request{c.id}));
    if (!left) return report(left.error());
    std::cout << "left group " << name << "\n";
    return exit_ok;
  }
  return report(client::failure::refused("NOT_FOUND", "You are in no group named " + name + "."));
}

}  // namespace

void add_group_commands(CLI::App& app, command_line& line) {
  app.add_subcommand("conversations", "List your conversations with their unread counts")->callback([&line] {
    line.action = do_conversations;
  });

  auto* g = app.add_subcommand("group", "Groups: group list | group create NAME USER... | group leave NAME");
  g->require_subcommand(1, 1);
  g->add_subcommand("list", "List your groups and their members")->callback([&line] { line.action = do_group_list; });
  auto create = std::make_shared<group_options>();
  auto* c = g->add_subcommand("create", "Start a group with these people (strangers get an invitation)");
  c->add_option("name", create->name, "The group's name (1-64 characters)")->required();
  c->add_option("members", create->members, "Usernames");
  c->callback(
      [&line, create] { line.action = [create](const cli_context& x) { return do_group_create(x, *create); }; });
  auto leave = std::make_shared<std::string>();
  auto* l = g->add_subcommand("leave", "Leave the group of this name");
  l->add_option("name", *leave, "The group's name")->required();
  l->callback([&line, leave] { line.action = [leave](const cli_context& x) { return do_group_leave(x, *leave); }; });
}

}  // namespace natter::cli
