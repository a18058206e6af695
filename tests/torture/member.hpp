#pragma once
// One member of a torture scenario: a client::session (reconnects with a
// short backoff, resyncs, de-duplicates, fills gaps, resends its outbox)
// whose application layer feeds every conversation event to the ledger.
// The session can be stopped and started again; a new one resumes from the
// last seq the ledger saw for this member, as a program that keeps its state
// would. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "client/session.hpp"
#include "torture/ledger.hpp"

namespace natter::torture {

inline constexpr const char* member_password = "correct horse battery";

class member {
 public:
  member(std::string username, unsigned short port, ledger& book);
  ~member();
  member(const member&) = delete;
  member& operator=(const member&) = delete;

  const std::string& name() const { return name_; }

  // A new session (resuming from the ledger), started. Waits until online.
  bool start();
  // Stops and destroys the session: its pending sends fail with STOPPED.
  void stop();
  // The server it connects to from the next start() on.
  void use_port(unsigned short port);

  // Sends through the current session; `done` runs on the session's thread.
  // While stopped, waits (up to `patience`) for the next start().
  void send(protocol::send_request r, std::function<void(client::outcome<protocol::message_reply>)> done);
  // Any request through the current session, waiting for its reply.
  client::outcome<protocol::reply> call(protocol::request r);

 private:
  std::string name_;
  ledger& ledger_;
  std::mutex mutex_;
  std::condition_variable started_;
  unsigned short port_;
  std::unique_ptr<client::session> session_;
};

// The session options every torture client uses: a short backoff so that
// kill cycles stay short.
client::session_options torture_options(unsigned short port, const std::string& username);

}  // namespace natter::torture
