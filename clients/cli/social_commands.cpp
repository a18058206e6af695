// contacts, requests, status.

#include <iostream>

#include "clients/cli/commands.hpp"

namespace natter::cli {

namespace {

struct action_options {
  std::string verb;  // "", add/remove, accept/decline
  std::string argument;
};

int do_contacts(const cli_context& context, const action_options& o) {
  if (!o.verb.empty() && o.verb != "add" && o.verb != "remove")
    return usage_error("usage: natter contacts [add|remove NAME]");
  if (!o.verb.empty() && o.argument.empty()) return usage_error("contacts " + o.verb + " needs a NAME");
  auto s = context.open_session();
  if (!s) return report(s.error());
  auto& session = *s.value();
  if (o.verb == "add" || o.verb == "remove") {
    auto done = o.verb == "add" ? await(session.call(protocol::contact_add_request{o.argument}))
                                : await(session.call(protocol::contact_remove_request{o.argument}));
    if (!done) return report(done.error());
    std::cout << (o.verb == "add" ? "added " : "removed ") << o.argument << "\n";
    return exit_ok;
  }
  auto listed = await(session.call(protocol::contact_list_request{}));
  if (!listed) return report(listed.error());
  for (const auto& c : listed->contacts) {
    std::cout << c.username << "\t" << c.status << (c.display_name.empty() ? "" : "\t" + c.display_name) << "\n";
  }
  return exit_ok;
}

int list_requests(client::session& s) {
  auto listed = await(s.call(protocol::conversations_list_request{}));
  if (!listed) return report(listed.error());
  const auto me = s.user();
  for (const auto& c : listed->conversations) {
    if (!c.request || (me && c.request->from == me->username)) continue;
    std::cout << c.id << "\t" << c.request->from << "\t" << c.request->state << "\n";
  }
  return exit_ok;
}

int do_requests(const cli_context& context, const action_options& o) {
  if (!o.verb.empty() && o.verb != "accept" && o.verb != "decline") {
    return usage_error("usage: natter requests [accept|decline ID]");
  }
  protocol::conversation_id id = 0;
  if (!o.verb.empty()) {
    try {
      id = std::stoll(o.argument);
    } catch (const std::exception&) {
      return usage_error("requests " + o.verb + " needs the numeric ID that `natter requests` shows");
    }
  }
  auto s = context.open_session();
  if (!s) return report(s.error());
  if (o.verb.empty()) return list_requests(*s.value());
  auto done = o.verb == "accept" ? await(s.value()->call(protocol::request_accept_request{id}))
                                 : await(s.value()->call(protocol::request_decline_request{id}));
  if (!done) return report(done.error());
  std::cout << (o.verb == "accept" ? "accepted " : "declined ") << id << "\n";
  return exit_ok;
}

// Blocking someone: they can no longer write to you, start a chat with you
// or add you to a group, and neither sees the other's presence.
int do_block(const cli_context& context, const std::string& username, bool block) {
  auto s = context.open_session();
  if (!s) return report(s.error());
  auto done = block ? await(s.value()->call(protocol::block_request{username}))
                    : await(s.value()->call(protocol::unblock_request{username}));
  if (!done) return report(done.error());
  std::cout << (block ? "blocked " : "unblocked ") << username << "\n";
  return exit_ok;
}

int do_status(const cli_context& context, const std::string& status) {
  auto s = context.open_session(session_use::presence);
  if (!s) return report(s.error());
  auto done = await(s.value()->call(protocol::presence_set_request{status}));
  if (!done) return report(done.error());
  std::cout << "status " << status << "\n";
  return exit_ok;
}

}  // namespace

void add_social_commands(CLI::App& app, command_line& line) {
  auto contacts = std::make_shared<action_options>();
  auto* c = app.add_subcommand("contacts", "List contacts, or: contacts add|remove NAME");
  c->add_option("action", contacts->verb, "add or remove");
  c->add_option("name", contacts->argument, "A username");
  c->callback(
      [&line, contacts] { line.action = [contacts](const cli_context& x) { return do_contacts(x, *contacts); }; });

  auto requests = std::make_shared<action_options>();
  auto* r = app.add_subcommand("requests", "List chat requests, or: requests accept|decline ID");
  r->add_option("action", requests->verb, "accept or decline");
  r->add_option("id", requests->argument, "The request's ID");
  r->callback(
      [&line, requests] { line.action = [requests](const cli_context& x) { return do_requests(x, *requests); }; });

  for (const bool block : {true, false}) {
    auto name = std::make_shared<std::string>();
    auto* b =
        app.add_subcommand(block ? "block" : "unblock",
                           block ? "Block someone: no messages, requests or presence between you" : "Lift a block");
    b->add_option("name", *name, "A username")->required();
    b->callback([&line, name, block] {
      line.action = [name, block](const cli_context& x) { return do_block(x, *name, block); };
    });
  }

  auto status = std::make_shared<std::string>();
  auto* s = app.add_subcommand("status", "Set your presence");
  s->add_option("status", *status, "online, away, busy or invisible")
      ->required()
      ->check(CLI::IsMember({"online", "away", "busy", "invisible"}));
  s->callback([&line, status] { line.action = [status](const cli_context& x) { return do_status(x, *status); }; });
}

}  // namespace natter::cli
