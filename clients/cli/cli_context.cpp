#include "clients/cli/cli_context.hpp"

#include <pthread.h>

#include <csignal>
#include <iostream>

#include "client/tls_context.hpp"
#include "clients/cli/server_address.hpp"

namespace natter::cli {

namespace {

client::failure not_logged_in(const std::string& as) {
  if (!as.empty()) {
    return client::failure::local("NOT_LOGGED_IN", "Not logged in as " + as + "; run `natter login " + as + "` first.");
  }
  return client::failure::local("NOT_LOGGED_IN", "Not logged in; run `natter login USERNAME` first.");
}

bool same_server(const std::string& stored, const client::server_url& url) {
  auto parsed = client::server_url::parse(stored);
  return parsed && parsed->to_string() == url.to_string();
}

// How long a subcommand waits for its connection before giving up.
constexpr auto connect_patience = std::chrono::seconds(20);

// Starts the session's thread with SIGINT, SIGTERM and SIGWINCH blocked:
// they are the main thread's to take (listen's Ctrl-C, the chat's resize), and
// never interrupt the connection.
void start_without_signals(client::session& s) {
  sigset_t blocked;
  sigset_t before;
  ::sigemptyset(&blocked);
  for (int signal : {SIGINT, SIGTERM, SIGWINCH}) ::sigaddset(&blocked, signal);
  ::pthread_sigmask(SIG_BLOCK, &blocked, &before);
  s.start();
  ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

}  // namespace

int report(const client::failure& f) {
  std::cerr << "natter: " << f.code << ": " << f.message << "\n";
  switch (f.what) {
    case client::failure::kind::refused:
      return exit_refused;
    case client::failure::kind::connection:
      return exit_connection;
    case client::failure::kind::local:
      break;
  }
  return f.code == "NOT_LOGGED_IN" || f.code == "BAD_URL" ? exit_usage : exit_refused;
}

int usage_error(const std::string& message) {
  std::cerr << "natter: " << message << "\n";
  return exit_usage;
}

cli_context::cli_context(global_options options) : options_(std::move(options)) {
  if (auto path = credentials_store::default_path()) store_.emplace(*path);
}

client::outcome<client::server_url> cli_context::server() const {
  if (options_.server) return client::server_url::parse(with_scheme(*options_.server));
  if (store_) {
    for (const auto& stored : store_->load_all()) {
      if (options_.as.empty() || stored.username == options_.as) return client::server_url::parse(stored.server);
    }
  }
  return client::server_url::parse(default_server);
}

client::outcome<client::http_api> cli_context::http() const {
  auto url = server();
  if (!url) return url.error();
  auto tls = url->tls ? client::make_tls_context({options_.ca_file}) : nullptr;
  return client::http_api(url.value(), std::move(tls));
}

client::outcome<credentials> cli_context::login() const {
  auto url = server();
  if (!store_ || !url) return not_logged_in(options_.as);
  for (const auto& stored : store_->load_all()) {
    if (same_server(stored.server, url.value()) && (options_.as.empty() || stored.username == options_.as)) {
      return stored;
    }
  }
  return not_logged_in(options_.as);
}

client::outcome<client::success> cli_context::remember(const client::tokens& t) const {
  if (!store_) return client::failure::local("CREDENTIALS", "Set $HOME or $XDG_CONFIG_HOME to stay logged in.");
  auto url = server();
  if (!url) return url.error();
  const auto held = store_->exclusive();
  return store_->save({url->to_string(), t.user.username, t.refresh_token}, true);
}

client::outcome<client::success> cli_context::forget() const {
  if (!store_) return not_logged_in(options_.as);
  const auto held = store_->exclusive();
  auto stored = login();
  if (!stored) return stored.error();
  return store_->remove(stored->server, stored->username);
}

client::outcome<client::tokens> cli_context::refresh() const {
  if (!store_) return not_logged_in(options_.as);
  auto api = http();
  if (!api) return api.error();
  const auto held = store_->exclusive();
  auto stored = login();
  if (!stored) return stored.error();
  auto fresh = api->refresh(stored->refresh_token);
  if (!fresh) return fresh.error();
  if (auto saved = store_->save({stored->server, stored->username, fresh->refresh_token}); !saved) {
    return saved.error();
  }
  return fresh;
}

client::outcome<std::unique_ptr<client::session>> cli_context::open_session(session_use use) const {
  auto url = server();
  if (!url) return url.error();
  if (auto stored = login(); !stored) return stored.error();
  client::session_options options;
  options.server = url.value();
  options.tls.ca_file = options_.ca_file;
  options.authenticate = [this](const client::http_api&) { return refresh(); };
  options.attempts_before_online = use == session_use::chat ? 0 : 2;  // listen too: exit 3 when unreachable
  options.counts_presence = use != session_use::one_shot;
  auto s = std::make_unique<client::session>(std::move(options));
  start_without_signals(*s);
  if (use == session_use::chat || use == session_use::lasting) return s;
  auto online = s->wait_online(connect_patience);
  if (!online) return online.error();
  return s;
}

}  // namespace natter::cli
