#pragma once
// Wires every concrete part of natterd together and runs it until a signal.

#include <boost/asio/io_context.hpp>
#include <memory>

#include "api/router.hpp"
#include "app/config.hpp"
#include "common/clock.hpp"
#include "common/metrics.hpp"
#include "core/access_tokens.hpp"
#include "core/accounts.hpp"
#include "core/password_hasher.hpp"
#include "store/database.hpp"
#include "transport/http_service.hpp"
#include "transport/server.hpp"

namespace natter::app {

class application {
 public:
  // Opens the database and binds the listener; throws with a clear message
  // when either cannot be done.
  explicit application(config cfg);
  ~application();

  // Serves until SIGINT or SIGTERM, then shuts down gracefully. Returns the
  // process exit code.
  int run();

 private:
  std::unique_ptr<store::database> open_database();
  void shut_down();

  config cfg_;
  boost::asio::io_context io_;
  system_clock clock_;
  metrics::registry metrics_;
  std::unique_ptr<store::database> db_;
  std::unique_ptr<core::password_hasher> hasher_;
  std::unique_ptr<core::access_tokens> tokens_;
  std::unique_ptr<core::accounts> accounts_;
  api::router routes_;
  std::unique_ptr<transport::http_service> http_;
  std::unique_ptr<transport::server> server_;
};

}  // namespace natter::app
