#pragma once
// What every `natter` subcommand needs: the server to talk to, the stored
// login, a logged-in session, and one way to turn a failure into stderr
// output and an exit code.
//
// Exit codes: 0 success (also listen ended with Ctrl-C), 1 the server refused
// (its error code is printed), 2 usage (including "not logged in"), 3 the
// server could not be reached.

#include <memory>
#include <optional>
#include <string>

#include "client/http_api.hpp"
#include "client/outcome.hpp"
#include "client/session.hpp"
#include "clients/cli/credentials_store.hpp"

namespace natter::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_refused = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_connection = 3;
inline constexpr const char* default_server = "http://127.0.0.1:8080";

// Prints "natter: CODE: message" on stderr and returns the exit code.
int report(const client::failure& f);
int usage_error(const std::string& message);

// What a subcommand wants of its session.
enum class session_use {
  // One request or a few: online (else the server could not be reached), and
  // the user's presence untouched (auth "presence": false).
  one_shot,
  // listen: returned at once; shows the user online; stops (connection
  // failure) when the first attempts cannot reach the server; once online,
  // reconnects for as long as it runs.
  lasting,
  // status: like one_shot, but it shows the user online while it runs (what
  // it sets is their presence).
  presence,
  // The full-screen chat: returned at once, keeps trying to reach the server
  // (the screen shows how that goes); shows the user online.
  chat,
};

// The options every subcommand takes (before or after its name).
struct global_options {
  std::optional<std::string> server;  // --server: a URL, or a host (server_address.hpp)
  std::string ca_file;                // --ca-file: PEM to trust for https (a self-signed natterd)
  std::string as;                     // --as USER: which stored login (else the default one)
};

class cli_context {
 public:
  // The server: --server when given; else that of the stored login (--as's
  // when given, else the default one); else the default server.
  explicit cli_context(global_options options);

  // Nothing when there is neither $XDG_CONFIG_HOME nor $HOME.
  const std::optional<credentials_store>& store() const { return store_; }
  client::outcome<client::server_url> server() const;
  client::outcome<client::http_api> http() const;
  // The stored login for this server (--as's, else the first one stored for
  // it), or local NOT_LOGGED_IN.
  client::outcome<credentials> login() const;
  // A fresh access token from the stored refresh token (rotated under the
  // store's lock, the new one saved).
  client::outcome<client::tokens> refresh() const;
  // A started session, for `use`.
  client::outcome<std::unique_ptr<client::session>> open_session(session_use use = session_use::one_shot) const;
  // Stores a fresh login, as the default one.
  client::outcome<client::success> remember(const client::tokens& t) const;
  // Forgets the stored login for this server (see login()).
  client::outcome<client::success> forget() const;
  const global_options& options() const { return options_; }

 private:
  global_options options_;
  std::optional<credentials_store> store_;
};

// Waits for a future outcome (a request on an online session).
template <class T>
T await(std::future<T> f) {
  return f.get();
}

}  // namespace natter::cli
