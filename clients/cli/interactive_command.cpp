// natter chat (and natter alone): the full-screen chat.

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <optional>

#include "clients/cli/chat_app.hpp"
#include "clients/cli/commands.hpp"

namespace natter::cli {

void add_interactive_command(CLI::App& app, command_line& line) {
  app.add_subcommand("chat", "The full-screen chat (also what natter alone runs)")->callback([&line] {
    line.action = run_interactive;
  });
}

namespace {

// The login's end-to-end encryption state, beside the credentials (mode 0700
// directory, 0600 files): $CONFIG/natter/e2ee/<server>_<user>. Its device
// belongs to the stored login: logging in again makes a new device.
std::optional<std::filesystem::path> e2ee_dir(const cli_context& context) {
  const auto login = context.login();
  if (!context.store() || !login) return std::nullopt;
  std::string name = login->server + "_" + login->username;
  for (auto& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '.') ch = '_';
  }
  return context.store()->file().parent_path() / "e2ee" / name;
}

}  // namespace

int run_interactive(const cli_context& context) {
  if (!::isatty(STDIN_FILENO) || !::isatty(STDOUT_FILENO)) {
    return usage_error("the chat needs a terminal; see `natter --help` for commands scripts can use");
  }
  // Not logged in, a bad URL: say so before taking the screen. Once running,
  // the session keeps trying to reach the server and shows it.
  if (auto url = context.server(); !url) return report(url.error());
  if (auto stored = context.login(); !stored) return report(stored.error());
  auto s = context.open_session(session_use::chat);
  if (!s) return report(s.error());
  chat_app app(*s.value(), e2ee_dir(context));
  return app.run();
}

}  // namespace natter::cli
