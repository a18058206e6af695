// sessions: where the account is logged in, and ending those sessions.

#include <iostream>

#include "clients/cli/commands.hpp"
#include "clients/cli/event_format.hpp"

namespace natter::cli {

namespace {

// Session ids are base64url: anything else is a typo, refused before asking.
bool plausible_id(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string device_of(const std::string& user_agent) {
  return user_agent.empty() ? "unknown device" : user_agent;
}

int list_sessions(const cli_context& context) {
  auto api = context.http();
  if (!api) return report(api.error());
  auto fresh = context.refresh();
  if (!fresh) return report(fresh.error());
  auto sessions = api->sessions(fresh->access_token);
  if (!sessions) return report(sessions.error());
  for (const auto& s : *sessions) {
    std::cout << s.id << "  " << device_of(s.user_agent) << "  from " << (s.address.empty() ? "?" : s.address)
              << "  last used " << date_time(s.last_used_at) << (s.current ? "  (this one)" : "") << "\n";
  }
  return exit_ok;
}

int end_sessions(const cli_context& context, const std::string& id) {
  if (!id.empty() && !plausible_id(id)) return usage_error("no session has the id " + id);
  auto api = context.http();
  if (!api) return report(api.error());
  auto fresh = context.refresh();
  if (!fresh) return report(fresh.error());
  auto ended = api->end_sessions(fresh->access_token, id);
  if (!ended) return report(ended.error());
  std::cout << (id.empty() ? "every other session was logged out\n" : "session ended\n");
  return exit_ok;
}

}  // namespace

void add_session_commands(CLI::App& app, command_line& line) {
  auto* s = app.add_subcommand("sessions", "List where you are logged in, or: sessions end ID | sessions end-others");
  s->callback([&line] {
    if (!line.action) line.action = list_sessions;
  });
  auto id = std::make_shared<std::string>();
  auto* end = s->add_subcommand("end", "Log out one session (its id from `natter sessions`)");
  end->add_option("id", *id, "The session's id")->required();
  end->callback([&line, id] { line.action = [id](const cli_context& c) { return end_sessions(c, *id); }; });
  s->add_subcommand("end-others", "Log out every session but this one")->callback([&line] {
    line.action = [](const cli_context& c) { return end_sessions(c, {}); };
  });
}

}  // namespace natter::cli
