#include "app/admin_command.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <cstdio>
#include <iostream>

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
        admin(db, hasher, guard, hub, deletion, clock) {}

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

asio::awaitable<int> run(offline_services& s, const config& cfg, const admin_command& c) {
  const core::operator_info by{std::nullopt, "natterd admin", {"local", ""}};
  auto& admin = s.admin;
  if (c.action == "grant") co_return done(co_await admin.set_admin(c.target, true, by), "granted");
  if (c.action == "revoke") co_return done(co_await admin.set_admin(c.target, false, by), "revoked");
  if (c.action == "disable") co_return done(co_await admin.set_disabled(c.target, true, by), "disabled");
  if (c.action == "enable") co_return done(co_await admin.set_disabled(c.target, false, by), "enabled");
  if (c.action == "delete") co_return done(co_await admin.remove(c.target, by), "deleted");
  if (c.action == "revoke-invite") co_return done(co_await admin.revoke_invite(c.target, by), "revoked");
  if (c.action == "show") {
    auto shown = co_await admin.show(c.target);
    if (!shown) co_return failed(shown.err());
    print_user(*shown);
    co_return 0;
  }
  if (c.action == "users") {
    auto page = co_await admin.users(c.search, "", c.limit);
    if (!page) co_return failed(page.err());
    print_users(*page);
    co_return 0;
  }
  if (c.action == "set-password") {
    const std::string given = password_from_stdin();
    auto set = co_await admin.set_password(c.target, given, by);
    if (!set) co_return failed(set.err());
    if (given.empty()) std::printf("temporary password: %s\n", set->c_str());
    std::printf("password set; every session of %s ended\n", c.target.c_str());
    co_return 0;
  }
  if (c.action == "rooms") {
    auto rooms = co_await admin.rooms("", c.limit);
    if (!rooms) co_return failed(rooms.err());
    print_rooms(*rooms);
    co_return 0;
  }
  if (c.action == "audit") {
    auto user = co_await audit_user(admin, c.user);
    if (!user) co_return failed(user.err());
    store::audit_filter filter{*user, std::nullopt, c.limit};
    if (!c.kind.empty()) filter.kind = c.kind;
    auto events = co_await admin.audit(filter);
    if (!events) co_return failed(events.err());
    print_audit(*events);
    co_return 0;
  }
  if (c.action == "invite") {
    std::optional<std::chrono::hours> ttl;
    if (c.expires_in_hours > 0) ttl = std::chrono::hours(c.expires_in_hours);
    auto invite = co_await admin.create_invite(ttl, by);
    if (!invite) co_return failed(invite.err());
    print_invite(*invite, cfg.public_url);
    co_return 0;
  }
  if (c.action == "invites") {
    auto open = co_await admin.invites();
    if (!open) co_return failed(open.err());
    print_invites(*open);
    co_return 0;
  }
  std::fprintf(stderr, "natterd admin: unknown action %s\n", c.action.c_str());
  co_return 2;
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
