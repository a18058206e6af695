#pragma once
// How a session finds its server and gets its tokens.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "client/backoff.hpp"
#include "client/http_api.hpp"
#include "client/outcome.hpp"
#include "client/server_url.hpp"
#include "client/tls_context.hpp"
#include "protocol/frames.hpp"

namespace natter::client {

// Called on the session's thread whenever it needs a fresh access token: at
// the first connection, on `token.expiring`, and on reconnecting with an
// expired token. A refused failure stops the session (the user must log in
// again); a connection failure is retried with backoff.
using authenticator = std::function<outcome<tokens>(const http_api&)>;

// Logs in with the password once, then refreshes with the refresh token it
// got (logging in again when the refresh is refused).
authenticator with_password(std::string login, std::string password);
// Refreshes with the given refresh token and then with each one it is given
// in exchange. `rotated` (optional) sees every new pair, to store the
// refresh token for the next run.
authenticator with_refresh_token(std::string refresh_token, std::function<void(const tokens&)> rotated = {});

struct session_options {
  server_url server;
  authenticator authenticate;
  tls_options tls;
  backoff_policy backoff;
  // Consecutive failed attempts before the first successful connection after
  // which the session stops (0: never give up). Once online, it reconnects
  // for as long as it runs.
  int attempts_before_online = 0;
  // false: the session's connections do not make the user appear online to
  // others (auth "presence": false), for a short task such as sending one
  // message. Events still arrive as usual.
  bool counts_presence = true;
  // Connecting, TLS and the upgrade; HTTP calls.
  std::chrono::seconds timeout{15};
  // Events waiting in the queue (when no handler is set); past it the oldest
  // is dropped, and the session's conversation state is still right: a
  // consumer that slow should call conversations.list again.
  std::size_t event_queue_limit = 10000;
  // The last seq an earlier session of this user held per conversation (a
  // program that saves them across runs): the first sync resumes from there,
  // so every event after them arrives once and in order. Conversations not
  // named here, and all of them when it is empty, start from now.
  std::map<protocol::conversation_id, protocol::seq_t> resume_from;
  // Sees every WebSocket text frame the session writes (outgoing) or reads,
  // on the session's thread: for tests and protocol logs. It must not block.
  std::function<void(bool outgoing, std::string_view frame)> frame_observer;
};

}  // namespace natter::client
