#pragma once
// The subcommands of `natter`, each group adding itself to the CLI11 app.
// Parsing sets `action`; main() runs it and exits with what it returns.

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "clients/cli/cli_context.hpp"

namespace natter::cli {

struct command_line {
  global_options global;  // --server, --ca-file, --as: before or after the subcommand
  std::function<int(const cli_context&)> action;
};

void add_account_commands(CLI::App& app, command_line& line);     // register login logout whoami profile passwd
void add_session_commands(CLI::App& app, command_line& line);     // sessions
void add_chat_commands(CLI::App& app, command_line& line);        // send history rooms join leave
void add_social_commands(CLI::App& app, command_line& line);      // contacts requests status
void add_listen_command(CLI::App& app, command_line& line);       // listen
void add_download_command(CLI::App& app, command_line& line);     // download
void add_search_command(CLI::App& app, command_line& line);       // search
void add_interactive_command(CLI::App& app, command_line& line);  // chat
void add_login_commands(CLI::App& app, command_line& line);       // use
void add_group_commands(CLI::App& app, command_line& line);       // conversations group

// The full-screen chat (also what `natter` alone runs).
int run_interactive(const cli_context& context);

}  // namespace natter::cli
