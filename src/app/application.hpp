#pragma once
// Wires every concrete part of natterd together and runs it until a signal.

#include <boost/asio/io_context.hpp>
#include <memory>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "app/config.hpp"
#include "bus/redis/redis_link.hpp"
#include "bus/redis/redis_presence_directory.hpp"
#include "common/clock.hpp"
#include "common/metrics.hpp"
#include "core/access_tokens.hpp"
#include "core/accounts.hpp"
#include "core/accounts_admin.hpp"
#include "core/accounts_deletion.hpp"
#include "core/accounts_email.hpp"
#include "core/accounts_recovery.hpp"
#include "core/chats.hpp"
#include "core/contacts.hpp"
#include "core/conversations.hpp"
#include "core/device_messages.hpp"
#include "core/e2ee_backup.hpp"
#include "core/e2ee_keys.hpp"
#include "core/membership_cache.hpp"
#include "core/message_search.hpp"
#include "core/password_hasher.hpp"
#include "core/presence.hpp"
#include "core/reactions.hpp"
#include "core/receipts.hpp"
#include "core/session_guard.hpp"
#include "delivery/hub.hpp"
#include "delivery/relay.hpp"
#include "mail/mail_queue.hpp"
#include "media/collector.hpp"
#include "media/downloads.hpp"
#include "media/image_pool.hpp"
#include "media/uploads.hpp"
#include "realtime/dispatcher.hpp"
#include "realtime/session_env.hpp"
#include "store/blob_store.hpp"
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
  void start_bus();
  void start_accounts();
  void start_realtime();
  void start_media();
  void start_server();
  void start_metrics_server();
  // What /metrics samples when it is read: queue depths, users online.
  void sample_metrics();
  // Where core services publish events: the bus if there is one, else the hub.
  core::event_sink& events();
  void shut_down();

  config cfg_;
  // Before io_: coroutine frames still queued when io_ is destroyed unregister
  // from it.
  connection_registry connections_;
  // Media files are read and written on files_. An upload still under way
  // when io_ is destroyed gives its place back to uploads_ and has its
  // scratch file removed on files_: both outlive io_.
  boost::asio::thread_pool files_;
  std::unique_ptr<media::uploads> uploads_;
  boost::asio::io_context io_;
  system_clock clock_;
  metrics::registry metrics_;
  std::unique_ptr<store::database> db_;
  std::unique_ptr<core::password_hasher> hasher_;
  std::unique_ptr<core::access_tokens> tokens_;
  std::unique_ptr<core::session_guard> guard_;
  std::unique_ptr<core::accounts> accounts_;
  std::unique_ptr<mail::mail_queue> mailer_;
  std::unique_ptr<core::password_recovery> recovery_;
  std::unique_ptr<core::email_addresses> emails_;
  std::unique_ptr<core::account_deletion> deletion_;  // after conversations_ exists
  std::unique_ptr<core::account_admin> admin_;        // after deletion_
  core::membership_cache membership_;
  delivery::hub hub_;
  std::unique_ptr<bus::redis_link> link_;                  // with --bus
  std::unique_ptr<delivery::relay> bus_;                   // with --bus: wraps hub_, over link_
  std::unique_ptr<bus::redis_presence_directory> online_;  // with --bus
  std::unique_ptr<core::chats> chats_;
  std::unique_ptr<core::reactions> reactions_;
  std::unique_ptr<core::e2ee_keys> keys_;
  std::unique_ptr<core::device_messages> device_messages_;
  std::unique_ptr<core::e2ee_backup> backup_;
  std::unique_ptr<core::receipts> receipts_;
  std::unique_ptr<core::presence> presence_;
  std::unique_ptr<core::conversations> conversations_;
  std::unique_ptr<core::contacts> contacts_;
  std::unique_ptr<core::rate_limiter> export_limiter_;
  std::unique_ptr<api::export_services> exports_;  // what GET /me/export reads
  std::unique_ptr<core::message_search> search_;
  std::unique_ptr<realtime::dispatcher> dispatcher_;
  std::unique_ptr<realtime::session_metrics> session_counts_;
  std::unique_ptr<realtime::session_env> session_env_;
  std::unique_ptr<store::blob_store> blobs_;
  std::unique_ptr<media::image_pool> images_;  // its callers' executor outlives it
  std::unique_ptr<media::downloads> downloads_;
  std::unique_ptr<media::collector> collector_;
  api::router routes_;
  std::unique_ptr<transport::http_service> http_;
  std::unique_ptr<transport::server> server_;
  api::router metrics_routes_;                             // with --metrics-listen
  std::unique_ptr<transport::http_service> metrics_http_;  // with --metrics-listen
  std::unique_ptr<transport::server> metrics_server_;      // with --metrics-listen
  static constexpr std::size_t metrics_connections = 16;   // open at once on --metrics-listen
};

}  // namespace natter::app
