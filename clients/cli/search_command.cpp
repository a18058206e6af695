// search: full-text search over the messages of the user's conversations.

#include <iostream>
#include <map>

#include "clients/cli/commands.hpp"
#include "clients/cli/event_format.hpp"

namespace natter::cli {

namespace {

struct search_options {
  std::vector<std::string> words;
  std::string in;  // @user or #room
  std::string group;
  std::string from;
  int limit = 20;
  std::string cursor;
};

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// The label of every conversation of the user ("@bob", "#lobby", a group's
// name), by id.
client::outcome<std::map<std::int64_t, protocol::conversation>> conversations_of(client::session& s) {
  auto listed = await(s.call(protocol::conversations_list_request{}));
  if (!listed) return listed.error();
  std::map<std::int64_t, protocol::conversation> out;
  for (auto& c : listed->conversations) out.emplace(c.id, std::move(c));
  return out;
}

std::optional<std::int64_t> named(const std::map<std::int64_t, protocol::conversation>& all, const search_options& o) {
  for (const auto& [id, c] : all) {
    if (o.group.empty() ? label_of(c) == o.in : (c.kind == "group" && c.name == o.group)) return id;
  }
  return std::nullopt;
}

int do_search(const cli_context& context, const search_options& o) {
  if (o.words.empty()) return usage_error("usage: natter search TEXT [--in @user|#room | --group NAME] [--from USER]");
  if (o.limit < 1 || o.limit > 50) return usage_error("--limit is 1 to 50");
  auto s = context.open_session();
  if (!s) return report(s.error());
  auto all = conversations_of(*s.value());
  if (!all) return report(all.error());
  client::search_query q;
  q.text = joined(o.words);
  q.limit = o.limit;
  q.cursor = o.cursor;
  q.sender = o.from.size() > 1 && o.from.front() == '@' ? o.from.substr(1) : o.from;
  if (!o.in.empty() || !o.group.empty()) {
    q.conversation_id = named(*all, o);
    if (!q.conversation_id) {
      return report(
          client::failure::refused("NOT_FOUND", "No conversation " + (o.group.empty() ? o.in : o.group) + "."));
    }
  }
  auto token = await(s.value()->access_token());
  if (!token) return report(token.error());
  auto found = s.value()->http().search(*token, q);
  if (!found) return report(found.error());
  for (const auto& hit : found->hits) {
    const auto c = all->find(hit.conversation_id);
    const std::string where = c == all->end() ? "?" : label_of(c->second);
    std::cout << "[" << date_time(hit.ts) << "] " << where << " " << hit.sender << ": " << hit.snippet << "\n";
  }
  if (found->hits.empty()) std::cout << "No messages found.\n";
  if (!found->next_cursor.empty()) std::cout << "More: add --cursor " << found->next_cursor << "\n";
  // The server cannot read end-to-end encrypted chats, so it never searches them: say so.
  std::string encrypted;
  for (const auto& [id, c] : *all) {
    if (c.encrypted && (!q.conversation_id || *q.conversation_id == id)) encrypted += " " + label_of(c);
  }
  if (!encrypted.empty()) std::cout << "Not searched (end-to-end encrypted):" << encrypted << "\n";
  return exit_ok;
}

}  // namespace

void add_search_command(CLI::App& app, command_line& line) {
  auto o = std::make_shared<search_options>();
  auto* s = app.add_subcommand("search", "Find messages by their words (and the starts of words)");
  s->add_option("text", o->words, "The words to look for")->required();
  s->add_option("--in", o->in, "Only in this conversation: @user or #room");
  s->add_option("--group", o->group, "Only in the group of this name");
  s->add_option("--from", o->from, "Only messages this user sent");
  s->add_option("--limit", o->limit, "How many (1-50, default 20)");
  s->add_option("--cursor", o->cursor, "The next page (printed after a full page)");
  s->callback([&line, o] { line.action = [o](const cli_context& c) { return do_search(c, *o); }; });
}

}  // namespace natter::cli
