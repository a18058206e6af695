#include "app/admin_command.hpp"
#include <charconv>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <cstdio>
#include <iostream>
#include <map>

#include "app/admin_output.hpp"
#include "app/data_dir.hpp"
#include "app/database_backend.hpp"
#include "core/accounts_admin.hpp"
#include "core/conversations.hpp"
#include "core/membership_cache.hpp"
#include "core/secrets.hpp"
#include "delivery/hub.hpp"

namespace natter::app {

namespace asio = boost::asio;

namespace {

// What natterd admin needs of the server's parts. Events go to a hub that
// holds no sessions: no running server is reached from here.
struct offline_services {
  explicit offline_services(const config& cfg)
      : db(backend_for(cfg), store::database_options{}),
        hasher(cfg.argon2, 1, 4),
        tokens(core::random_token(32), std::chrono::seconds(cfg.access_token_ttl_seconds), clock),
        guard(db, clock, core::session_guard_options{}),
        accounts(db, hasher, tokens, guard, hub, clock, core::account_limits{}),
        conversations(db, hub, membership, clock),
        deletion(accounts, conversations),
        admin(db, hasher, guard, hub, deletion, conversations, clock) {}

  system_clock clock;
  store::database db;
  core::password_hasher hasher;
  core::access_tokens tokens;  // a throw-away key: natterd admin issues no tokens
  core::session_guard guard;
  delivery::hub hub;
  core::membership_cache membership;
  core::accounts accounts;
  core::conversations conversations;
  core::account_deletion deletion;
  core::account_admin admin;
};

int failed(const error& e) {
  std::fprintf(stderr, "natterd admin: %s (%s)\n", std::string(e.message_or_default()).c_str(),
               std::string(info(e.code).code).c_str());
  return 1;
}

int done(const status& s, const char* what) {
  if (!s) return failed(s.err());
  std::printf("%s\n", what);
  return 0;
}

// One line from stdin when it is not a terminal; empty otherwise.
std::string password_from_stdin() {
  if (isatty(STDIN_FILENO)) return {};
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The user id of username for audit --user, or user_not_found.
asio::awaitable<result<std::optional<store::user_id>>> audit_user(core::account_admin& admin,
                                                                  const std::string& username) {
  if (username.empty()) co_return std::optional<store::user_id>{};
  auto shown = co_await admin.show(username);
  if (!shown) co_return std::move(shown).err();
  co_return std::optional<store::user_id>{shown->user.id};
}

// What every action is given.
struct action_context {
  offline_services& services;
  const config& cfg;
  const admin_command& command;
  core::operator_info by{std::nullopt, "natterd admin", {"local", ""}};
};

asio::awaitable<int> show(action_context& x) {
  auto shown = co_await x.services.admin.show(x.command.target);
  if (!shown) co_return failed(shown.err());
  print_user(*shown);
  co_return 0;
}

asio::awaitable<int> users(action_context& x) {
  auto page = co_await x.services.admin.users(x.command.search, "", x.command.limit);
  if (!page) co_return failed(page.err());
  print_users(*page);
  co_return 0;
}

asio::awaitable<int> set_password(action_context& x) {
  const std::string given = password_from_stdin();
  auto set = co_await x.services.admin.set_password(x.command.target, given, x.by);
  if (!set) co_return failed(set.err());
  if (given.empty()) std::printf("temporary password: %s\n", set->c_str());
  std::printf("password set; every session of %s ended\n", x.command.target.c_str());
  co_return 0;
}

asio::awaitable<int> rooms(action_context& x) {
  auto found = co_await x.services.admin.rooms("", x.command.limit);
  if (!found) co_return failed(found.err());
  print_rooms(*found);
  co_return 0;
}

asio::awaitable<int> groups(action_context& x) {
  auto found = co_await x.services.admin.groups(0, x.command.limit);
  if (!found) co_return failed(found.err());
  print_groups(*found);
  co_return 0;
}

asio::awaitable<int> audit(action_context& x) {
  auto user = co_await audit_user(x.services.admin, x.command.user);
  if (!user) co_return failed(user.err());
  store::audit_filter filter{*user, std::nullopt, x.command.limit};
  if (!x.command.kind.empty()) filter.kind = x.command.kind;
  auto events = co_await x.services.admin.audit(filter);
  if (!events) co_return failed(events.err());
  print_audit(*events);
  co_return 0;
}

asio::awaitable<int> invite(action_context& x) {
  std::optional<std::chrono::hours> ttl;
  if (x.command.expires_in_hours > 0) ttl = std::chrono::hours(x.command.expires_in_hours);
  auto made = co_await x.services.admin.create_invite(ttl, x.by);
  if (!made) co_return failed(made.err());
  print_invite(*made, x.cfg.public_url);
  co_return 0;
}

asio::awaitable<int> invites(action_context& x) {
  auto open = co_await x.services.admin.invites();
  if (!open) co_return failed(open.err());
  print_invites(*open);
  co_return 0;
}

// A group is named by its id (natterd admin groups lists them).
asio::awaitable<status> delete_group(core::account_admin& admin, const std::string& id, const core::operator_info& by) {
  store::conversation_id group = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), group);
  if (ec != std::errc{} || end != id.data() + id.size() || group <= 0)
    co_return error(errc::not_found, "no group " + id);
  co_return co_await admin.delete_group(group, by);
}

// The actions that answer with one word.
asio::awaitable<int> change(action_context& x) {
  auto& admin = x.services.admin;
  const auto& c = x.command;
  if (c.action == "grant") co_return done(co_await admin.set_admin(c.target, true, x.by), "granted");
  if (c.action == "revoke") co_return done(co_await admin.set_admin(c.target, false, x.by), "revoked");
  if (c.action == "disable") co_return done(co_await admin.set_disabled(c.target, true, x.by), "disabled");
  if (c.action == "enable") co_return done(co_await admin.set_disabled(c.target, false, x.by), "enabled");
  if (c.action == "delete") co_return done(co_await admin.remove(c.target, x.by), "deleted");
  if (c.action == "revoke-invite") co_return done(co_await admin.revoke_invite(c.target, x.by), "revoked");
  if (c.action == "delete-room") co_return done(co_await admin.delete_room(c.target, x.by), "deleted");
  if (c.action == "delete-group") co_return done(co_await delete_group(admin, c.target, x.by), "deleted");
  std::fprintf(stderr, "natterd admin: unknown action %s\n", c.action.c_str());
  co_return 2;
}

asio::awaitable<int> run(offline_services& s, const config& cfg, const admin_command& c) {
  action_context x{s, cfg, c};
  using action = asio::awaitable<int> (*)(action_context&);
  static const std::map<std::string, action> actions{
      {"show", show},     {"users", users},    {"set-password", set_password},
      {"rooms", rooms},   {"groups", groups},  {"audit", audit},
      {"invite", invite}, {"invites", invites}};
  const auto found = actions.find(c.action);
  if (found == actions.end()) co_return co_await change(x);
  co_return co_await found->second(x);
}

}  // namespace

int run_admin_command(const config& cfg, const admin_command& command) {
  // stdout is the command's answer: the log goes to stderr, warnings only.
  spdlog::set_default_logger(spdlog::stderr_logger_st("natterd-admin"));
  spdlog::set_level(spdlog::level::warn);
  try {
    core::init_crypto();
    config checked = cfg;
    checked.create_data_dir = false;  // never make an empty database to administer
    prepare_data_dir(checked);
    offline_services services(cfg);
    asio::io_context io;
    auto outcome = asio::co_spawn(io, run(services, cfg, command), asio::use_future);
    io.run();
    return outcome.get();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "natterd admin: %s\n", e.what());
    return 1;
  }
}

}  // namespace natter::app
