// use: the stored logins (one per server and user), and which is the default.

#include <iostream>

#include "clients/cli/commands.hpp"

namespace natter::cli {

namespace {

// Lists the stored logins, the default one marked with '*'.
int list_logins(const cli_context& context) {
  if (!context.store()) return usage_error("no stored logins ($HOME is not set)");
  const auto all = context.store()->load_all();
  if (all.empty()) return usage_error("not logged in; run `natter login USERNAME` first");
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::cout << (i == 0 ? "* " : "  ") << all[i].username << "\t" << all[i].server << "\n";
  }
  return exit_ok;
}

// Makes the stored login of `username` (on --server, else on the server of
// its first stored login) the default one.
int use_login(const cli_context& context, const std::string& username) {
  global_options chosen = context.options();
  chosen.as = username;
  const cli_context as_user(chosen);
  if (!as_user.store()) return usage_error("no stored logins ($HOME is not set)");
  const auto held = as_user.store()->exclusive();
  auto stored = as_user.login();
  if (!stored) return report(stored.error());
  if (auto saved = as_user.store()->save(stored.value(), true); !saved) return report(saved.error());
  std::cout << "using " << stored->username << " on " << stored->server << "\n";
  return exit_ok;
}

}  // namespace

void add_login_commands(CLI::App& app, command_line& line) {
  auto username = std::make_shared<std::string>();
  auto* u = app.add_subcommand("use",
                               "List the stored logins (* the default), or make USER's the default "
                               "(--as USER picks one for a single command)");
  u->add_option("user", *username, "A username logged in with `natter login`");
  u->callback([&line, username] {
    line.action = [username](const cli_context& c) {
      return username->empty() ? list_logins(c) : use_login(c, *username);
    };
  });
}

}  // namespace natter::cli
