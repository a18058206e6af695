// natter: the terminal client. Subcommands for scripts; without one, the
// full-screen chat.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "clients/cli/commands.hpp"
#include "clients/cli/media_arguments.hpp"

#ifndef NATTER_VERSION
#define NATTER_VERSION "unknown"
#endif

namespace {

using namespace natter::cli;

// --server, --ca-file, --as: given before the subcommand or after it (the
// subcommands let options they do not know fall through to here).
void add_global_options(CLI::App& app, command_line& line) {
  app.add_option("--server", line.global.server,
                 std::string("natterd URL, or HOST[:PORT] for https:// (http:// for localhost and 127.0.0.1) ") +
                     "(default: the logged-in one, else " + default_server + ")");
  app.add_option("--ca-file", line.global.ca_file, "PEM certificates to trust for https (a self-signed natterd)")
      ->check(CLI::ExistingFile);
  app.add_option("--as", line.global.as, "Use the stored login of this user (see `natter use`)");
  app.set_version_flag("--version", std::string("natter ") + NATTER_VERSION);
  app.fallthrough();
}

}  // namespace

int main(int argc, char** argv) {
  command_line line;
  CLI::App app{"natter: chat on a natterd server from the terminal"};
  add_global_options(app, line);
  app.require_subcommand(0, 1);
  app.footer(
      "Exit codes: 0 success (also listen ended with Ctrl-C or SIGTERM), 1 the server refused (its error code is "
      "printed), 2 usage or not logged in, 3 the server could not be reached.");
  add_account_commands(app, line);
  add_login_commands(app, line);
  add_session_commands(app, line);
  add_chat_commands(app, line);
  add_group_commands(app, line);
  add_social_commands(app, line);
  add_listen_command(app, line);
  add_download_command(app, line);
  add_search_command(app, line);
  add_interactive_command(app, line);
  // A media id may begin with '-': never let the parser take it for options.
  auto args = media_ids_behind_double_dash(std::vector<std::string>(argv, argv + argc));
  std::vector<char*> arg_pointers;
  for (auto& a : args) arg_pointers.push_back(a.data());
  try {
    app.parse(static_cast<int>(arg_pointers.size()), arg_pointers.data());
  } catch (const CLI::ParseError& e) {
    const int shown = app.exit(e);
    return shown == 0 ? exit_ok : exit_usage;
  }
  if (!line.action) line.action = run_interactive;
  try {
    return line.action(cli_context(line.global));
  } catch (const std::exception& e) {
    std::cerr << "natter: " << e.what() << "\n";
    return exit_connection;
  }
}
