// register, login, logout, whoami, profile, passwd: the HTTP side of natter.

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "clients/cli/commands.hpp"

namespace natter::cli {

namespace {

// The password: typed without echo on a terminal, else the first line of
// stdin (for scripts: `echo "$PASSWORD" | natter login alice`).
std::string read_password(const char* prompt) {
  std::string password;
  if (!::isatty(STDIN_FILENO)) {
    std::getline(std::cin, password);
    return password;
  }
  std::cerr << prompt << std::flush;
  termios saved{};
  ::tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::getline(std::cin, password);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::cerr << "\n";
  return password;
}

int log_in(const cli_context& context, const std::string& login, const std::string& password) {
  auto api = context.http();
  if (!api) return report(api.error());
  auto got = api->login(login, password);
  if (!got) return report(got.error());
  if (auto saved = context.remember(got.value()); !saved) return report(saved.error());
  std::cout << "logged in as " << got->user.username << "\n";
  return exit_ok;
}

void print_account(const client::account& a) {
  std::cout << "username: " << a.username << "\ndisplay name: " << a.display_name << "\nemail: " << a.email
            << "\nbio: " << a.bio << "\n";
}

struct register_options {
  std::string username;
  std::string email;
  std::string display_name;
};

int do_register(const cli_context& context, const register_options& o) {
  auto api = context.http();
  if (!api) return report(api.error());
  const std::string password = read_password("Password: ");
  // On a terminal, a typo must not lock the account away: the password twice.
  if (::isatty(STDIN_FILENO) && read_password("Password again: ") != password) {
    std::cerr << "natter: the two passwords differ; nothing was registered\n";
    return exit_usage;
  }
  auto created = api->register_account({o.email, o.username, password, o.display_name});
  if (!created) return report(created.error());
  return log_in(context, o.username, password);
}

int do_logout(const cli_context& context) {
  auto api = context.http();
  if (!api) return report(api.error());
  auto stored = context.login();
  if (!stored) return report(stored.error());
  auto out = api->logout(stored->refresh_token);
  // A session the server already ended is still logged out here.
  if (!out && out.error().what != client::failure::kind::refused) return report(out.error());
  if (auto forgotten = context.forget(); !forgotten) return report(forgotten.error());
  std::cout << "logged out\n";
  return exit_ok;
}

int do_whoami(const cli_context& context) {
  auto api = context.http();
  if (!api) return report(api.error());
  auto fresh = context.refresh();
  if (!fresh) return report(fresh.error());
  auto me = api->me(fresh->access_token);
  if (!me) return report(me.error());
  std::cout << me->username << (me->display_name.empty() ? "" : " (" + me->display_name + ")") << "\n";
  return exit_ok;
}

int do_profile(const cli_context& context, const client::profile_changes& changes) {
  auto api = context.http();
  if (!api) return report(api.error());
  auto fresh = context.refresh();
  if (!fresh) return report(fresh.error());
  const bool changing = changes.bio || changes.display_name;
  auto me = changing ? api->update_me(fresh->access_token, changes) : api->me(fresh->access_token);
  if (!me) return report(me.error());
  print_account(me.value());
  return exit_ok;
}

// The current password, then the new one (twice on a terminal; from stdin,
// one line each). The other sessions end; this one stays.
int do_passwd(const cli_context& context) {
  auto api = context.http();
  if (!api) return report(api.error());
  auto fresh = context.refresh();
  if (!fresh) return report(fresh.error());
  const std::string current = read_password("Current password: ");
  const std::string next = read_password("New password: ");
  if (::isatty(STDIN_FILENO) && read_password("New password again: ") != next) {
    std::cerr << "natter: the two passwords differ; the password was not changed\n";
    return exit_usage;
  }
  auto changed = api->change_password(fresh->access_token, current, next);
  if (!changed) return report(changed.error());
  std::cout << "password changed; every other session was logged out\n";
  return exit_ok;
}

}  // namespace

void add_account_commands(CLI::App& app, command_line& line) {
  auto reg = std::make_shared<register_options>();
  auto* r = app.add_subcommand("register", "Create an account (password from the terminal or stdin) and log in");
  r->add_option("username", reg->username, "3-32 characters: a-z 0-9 _ . -")->required();
  r->add_option("--email", reg->email, "Your email address")->required();
  r->add_option("--display-name", reg->display_name, "The name others see");
  r->callback([&line, reg] { line.action = [reg](const cli_context& c) { return do_register(c, *reg); }; });

  auto login = std::make_shared<std::string>();
  auto* l = app.add_subcommand("login", "Log in (password from the terminal or stdin)");
  l->add_option("login", *login, "Username or email")->required();
  l->callback([&line, login] {
    line.action = [login](const cli_context& c) { return log_in(c, *login, read_password("Password: ")); };
  });

  app.add_subcommand("logout", "End this login and forget it")->callback([&line] { line.action = do_logout; });
  app.add_subcommand("whoami", "Show who is logged in")->callback([&line] { line.action = do_whoami; });

  app.add_subcommand("passwd", "Change your password (the current one, then the new one twice)")->callback([&line] {
    line.action = do_passwd;
  });

  auto changes = std::make_shared<client::profile_changes>();
  auto* p = app.add_subcommand("profile", "Show your profile, or change it");
  p->add_option("--bio", changes->bio, "Up to 500 characters");
  p->add_option("--display-name", changes->display_name, "Up to 64 characters");
  p->callback([&line, changes] { line.action = [changes](const cli_context& c) { return do_profile(c, *changes); }; });
}

}  // namespace natter::cli
