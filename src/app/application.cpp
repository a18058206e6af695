#include "app/application.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/signal_set.hpp>
#include <filesystem>
#include <thread>

#include "api/routes.hpp"
#include "app/data_dir.hpp"
#include "app/database_backend.hpp"
#include "app/open_files.hpp"
#include "app/signing_key.hpp"
#include "core/secrets.hpp"
#include "mail/outbox.hpp"
#include "mail/smtp.hpp"
#include "protocol/reply_budget.hpp"
#include "store/local_blob_store.hpp"
#include "store/mariadb/mariadb_blob_store.hpp"
#include "store/mariadb/mariadb_url.hpp"
#include "store/postgres/postgres_blob_store.hpp"

namespace natter::app {

namespace asio = boost::asio;
namespace fs = std::filesystem;

static asio::ip::tcp::endpoint parse_endpoint(const std::string& text, const std::string& flag = "--listen") {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error(flag + " must be host:port, got " + text);
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) throw std::runtime_error(flag + ": not an IP address: " + host);
  int port = std::stoi(text.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::runtime_error(flag + ": bad port in " + text);
  return {address, static_cast<unsigned short>(port)};
}

// A creation limit of n per hour, burst n; 0: none.
static std::optional<core::rate_limit> per_hour(double n) {
  if (n <= 0) return std::nullopt;
  return core::rate_limit{std::max(1.0, n), n / 60};
}

static core::registration_mode registration_mode_of(const std::string& flag) {
  if (flag == "invite") return core::registration_mode::invite;
  if (flag == "closed") return core::registration_mode::closed;
  return core::registration_mode::open;
}

std::unique_ptr<store::database> application::open_database() {
  auto backend = backend_for(cfg_);
  store::database_options db_options;
  db_options.reader_threads = cfg_.db_readers;
  db_options.on_commit = [this](std::size_t writes, double seconds) {
    metrics_.store_commits.inc();
    metrics_.store_writes.inc(writes);
    metrics_.store_commit_duration.observe(seconds);
    metrics_.store_commit_writes.observe(static_cast<double>(writes));
  };
  // Membership cached from writes that did not commit must not stay.
  db_options.on_commit_failed = [this] { membership_.clear(); };
  return std::make_unique<store::database>(std::move(backend), std::move(db_options));
}

// Blobs where every node finds them: PostgreSQL or MariaDB when the store is
// there, else a directory of the data dir.
// else the directory "media" beside the SQLite file (where migrate-store
// looks for it).
static std::unique_ptr<store::blob_store> blob_store_for(const config& cfg) {
  if (cfg.db.rfind("postgres://", 0) == 0 || cfg.db.rfind("postgresql://", 0) == 0) {
    return std::make_unique<store::postgres::postgres_blob_store>(cfg.db, fs::path(cfg.data_dir) / "media" / "tmp");
  }
  if (store::mariadb::is_mariadb_url(cfg.db)) {
    return std::make_unique<store::mariadb::mariadb_blob_store>(cfg.db, fs::path(cfg.data_dir) / "media" / "tmp");
  }
  const std::string db = cfg.db.empty() ? "sqlite:" + sqlite_path(cfg) : cfg.db;
  return std::make_unique<store::local_blob_store>(fs::path(db.substr(7)).parent_path() / "media");
}

void application::start_media() {
  if (auto started = media::init_images(); !started) throw std::runtime_error("images: " + started.err().message);
  blobs_ = blob_store_for(cfg_);
  media::image_limits image_limits;
  image_limits.max_pixels = cfg_.max_image_pixels;
  image_limits.max_time = std::chrono::milliseconds(cfg_.image_timeout_ms);
  images_ = std::make_unique<media::image_pool>(cfg_.image_threads, cfg_.image_queue, image_limits);
  media::upload_limits limits;
  limits.max_bytes = cfg_.max_upload_bytes;
  limits.quota_bytes = cfg_.upload_quota_bytes;
  uploads_ = std::make_unique<media::uploads>(*db_, *blobs_, *images_, files_, clock_, limits);
  downloads_ = std::make_unique<media::downloads>(*db_, *blobs_, files_);
  media::collector_options gc;
  gc.interval = std::chrono::milliseconds(cfg_.media_gc_interval_ms);
  gc.unused_grace = std::chrono::milliseconds(cfg_.media_unused_grace_ms);
  collector_ = std::make_unique<media::collector>(io_.get_executor(), *db_, *blobs_, files_, clock_, gc);
  collector_->start();
  api::add_media_routes(routes_, *accounts_, *uploads_, *downloads_);
}

application::application(config cfg)
    : cfg_(std::move(cfg)), files_(static_cast<std::size_t>(cfg_.file_threads)), io_(cfg_.threads) {
  prepare_data_dir(cfg_);
  db_ = open_database();
  hasher_ = std::make_unique<core::password_hasher>(cfg_.argon2, cfg_.hash_threads, cfg_.hash_queue);
  tokens_ =
      std::make_unique<core::access_tokens>(load_signing_key(cfg_.jwt_secret, fs::path(cfg_.data_dir) / "jwt.key"),
                                            std::chrono::seconds(cfg_.access_token_ttl_seconds), clock_);
  core::session_guard_options guard;
  guard.recheck_after = std::chrono::milliseconds(cfg_.session_recheck_ms);
  guard.remember_ended = std::chrono::seconds(cfg_.access_token_ttl_seconds);
  guard_ = std::make_unique<core::session_guard>(*db_, clock_, guard);

  start_bus();
  start_accounts();
  start_realtime();

  api::add_auth_routes(routes_, *accounts_, *emails_);
  api::add_recovery_routes(routes_, *recovery_);
  api::add_email_routes(routes_, *accounts_, *emails_);
  api::add_session_routes(routes_, *accounts_);
  api::add_deletion_route(routes_, *accounts_, *deletion_);
  // Exports read whole histories: 3 an hour per user.
  export_limiter_ = std::make_unique<core::rate_limiter>(core::rate_limit{3, 3.0 / 60}, clock_);
  exports_ = std::make_unique<api::export_services>(
      api::export_services{*accounts_, *chats_, *conversations_, *contacts_, *export_limiter_, clock_});
  api::add_export_route(routes_, *exports_);
  api::add_user_routes(routes_, *accounts_, *emails_);
  core::search_limits search_limits;
  search_limits.per_user = {cfg_.searches_per_minute, cfg_.searches_per_minute};
  search_ = std::make_unique<core::message_search>(*db_, clock_, search_limits);
  api::add_search_route(routes_, *accounts_, *search_);
  api::add_health_routes(routes_, *db_);
  api::add_admin_routes(routes_, *accounts_, *admin_, *recovery_);
  start_media();

  std::optional<transport::static_files> web;
  if (!cfg_.web_root.empty()) {
    web.emplace(cfg_.web_root);
    spdlog::info("web app: {} files from {}", web->file_count(), cfg_.web_root);
  }
  http_ = std::make_unique<transport::http_service>(routes_, metrics_, std::move(web));

  start_metrics_server();
  start_server();
}

void application::start_server() {
  const auto open_files = raise_open_files_limit();
  transport::server_options options;
  options.listen = parse_endpoint(cfg_.listen);
  if (!cfg_.tls_cert.empty()) options.tls = transport::tls_files{cfg_.tls_cert, cfg_.tls_key};
  options.limits.body_limit = cfg_.max_body_bytes;
  options.limits.upload_limit = cfg_.max_upload_bytes;
  options.limits.header_timeout = std::chrono::milliseconds(cfg_.http_header_timeout_ms);
  options.websocket = session_env_.get();
  options.allowed_origins = cfg_.allowed_origins;
  options.caps = {connection_cap(cfg_.max_connections, open_files), cfg_.max_connections_per_address};
  options.proxies = transport::trusted_proxies(cfg_.trusted_proxies, transport::parse_proxy_header(cfg_.proxy_header));
  spdlog::info("connections: at most {} (open file limit {}), {} per address, {} WebSockets per user (0: no cap)",
               options.caps.total, open_files, options.caps.per_address, cfg_.max_websockets_per_user);
  server_ = std::make_unique<transport::server>(io_, options, *http_, metrics_, connections_);
  auto bound = server_->start();
  spdlog::info("listening on {}://{}:{}", options.tls ? "https" : "http", bound.address().to_string(), bound.port());
  if (cfg_.public_url.empty()) {
    // Links in mail point here unless --public-url says where people reach us.
    const auto host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
    const auto url = fmt::format("{}://{}:{}", options.tls ? "https" : "http", host, bound.port());
    recovery_->set_public_url(url);
    emails_->set_public_url(url);
  }
}

// /metrics on its own listener (plain HTTP, nothing else served there), so
// that it is not reachable wherever the API is.
void application::start_metrics_server() {
  if (cfg_.metrics_listen.empty()) return;
  metrics_.on_scrape = [this] { sample_metrics(); };
  api::add_metrics_route(metrics_routes_, metrics_);
  metrics_http_ = std::make_unique<transport::http_service>(metrics_routes_, metrics_, std::nullopt);
  transport::server_options options;
  options.listen = parse_endpoint(cfg_.metrics_listen, "--metrics-listen");
  options.caps = {metrics_connections, 0};
  metrics_server_ = std::make_unique<transport::server>(io_, options, *metrics_http_, metrics_, connections_);
  auto bound = metrics_server_->start();
  spdlog::info("metrics on http://{}:{}/metrics", bound.address().to_string(), bound.port());
}

void application::sample_metrics() {
  const auto depth = [this](const char* queue, std::size_t n) {
    metrics_.queue_depth.with(fmt::format("queue=\"{}\"", queue)).set(static_cast<std::int64_t>(n));
  };
  const auto refused = [this](const char* queue, std::uint64_t n) {
    metrics_.queue_refusals.with(fmt::format("queue=\"{}\"", queue)).set(static_cast<std::int64_t>(n));
  };
  depth("store_writes", db_->queued_writes());
  depth("store_reads", db_->queued_reads());
  depth("hashing", hasher_->queued());
  depth("images", images_->queued());
  depth("mail", mailer_->queued());
  refused("store_writes", db_->refused_writes());
  refused("store_reads", db_->refused_reads());
  refused("hashing", hasher_->refused());
  refused("images", images_->refused());
  if (bus_) {
    depth("bus_inbox", bus_->inbox_depth());
    depth("bus_publish", link_->commands().queued());
  }
  metrics_.websocket_sessions.set(static_cast<std::int64_t>(hub_.session_count()));
  metrics_.online_users.set(static_cast<std::int64_t>(hub_.user_count()));
}

void application::start_accounts() {
  core::account_limits limits;
  limits.login_per_address = {cfg_.login_per_minute_per_address, cfg_.login_per_minute_per_address};
  limits.login_per_account = {cfg_.login_per_minute_per_account, cfg_.login_per_minute_per_account};
  limits.register_per_address = {cfg_.register_per_minute_per_address, cfg_.register_per_minute_per_address};
  limits.refresh_ttl = std::chrono::seconds(cfg_.refresh_token_ttl_seconds);
  limits.registration = registration_mode_of(cfg_.registration);
  accounts_ = std::make_unique<core::accounts>(*db_, *hasher_, *tokens_, *guard_, events(), clock_, limits);

  std::unique_ptr<mail::mail_transport> transport;
  if (cfg_.smtp_url.empty()) {
    transport = std::make_unique<mail::outbox>(fs::path(cfg_.data_dir) / "outbox", cfg_.mail_from, clock_);
  } else {
    transport = std::make_unique<mail::smtp>(cfg_.smtp_url, cfg_.mail_from, clock_);
  }
  mailer_ = std::make_unique<mail::mail_queue>(std::move(transport));
  core::recovery_settings recovery;
  recovery.token_ttl = std::chrono::seconds(cfg_.password_reset_ttl_s);
  recovery.public_url = cfg_.public_url;  // empty: the address natterd listens on, once bound
  recovery_ = std::make_unique<core::password_recovery>(*db_, *hasher_, *guard_, events(), *mailer_, clock_, recovery);
  core::email_settings email;
  email.public_url = cfg_.public_url;
  email.mails_per_account = {cfg_.email_changes_per_hour, cfg_.email_changes_per_hour / 60};
  emails_ = std::make_unique<core::email_addresses>(*db_, *mailer_, clock_, email);
}

void application::start_bus() {
  if (cfg_.bus.empty()) return;
  if (cfg_.db.rfind("sqlite:", 0) == 0 || cfg_.db.empty()) {
    spdlog::warn(
        "--bus with a SQLite database: the nodes do not share their data; use --db postgres://... or mariadb://...");
  }
  delivery::relay_options options;
  options.node_id = cfg_.node_id.empty() ? core::random_token(9) : cfg_.node_id;
  options.prefix = cfg_.bus_prefix;
  link_ = std::make_unique<bus::redis_link>(bus::parse_redis_url(cfg_.bus), metrics_);
  bus_ = std::make_unique<delivery::relay>(*link_, options, hub_, *db_, membership_, *guard_, io_.get_executor(),
                                           metrics_);
  hub_.set_observer(bus_.get());
  bus::presence_directory_options presence;
  presence.node_id = options.node_id;
  presence.prefix = options.prefix;
  online_ = std::make_unique<bus::redis_presence_directory>(link_->commands(), presence, io_.get_executor());
  online_->start();
}

core::event_sink& application::events() {
  if (bus_) return *bus_;
  return hub_;
}

void application::start_realtime() {
  core::chat_limits chat_limits;
  chat_limits.max_message_chars = cfg_.max_message_chars;
  chat_limits.sends = {cfg_.sends_per_minute, cfg_.sends_per_minute};
  chats_ = std::make_unique<core::chats>(*db_, events(), membership_, clock_, chat_limits);
  reactions_ = std::make_unique<core::reactions>(*db_, events(), membership_, clock_);
  keys_ = std::make_unique<core::e2ee_keys>(*db_, events(), clock_, io_.get_executor(), files_);
  guard_->on_ended_here([keys = keys_.get()](store::user_id user) { keys->sessions_ended(user); });
  device_messages_ = std::make_unique<core::device_messages>(*db_, events(), clock_);
  backup_ = std::make_unique<core::e2ee_backup>(*db_, clock_);
  receipts_ = std::make_unique<core::receipts>(*db_, events(), membership_);
  core::presence_options presence_options;
  presence_options.offline_grace = std::chrono::milliseconds(cfg_.offline_grace_ms);
  presence_ = std::make_unique<core::presence>(*db_, events(), membership_, clock_, io_.get_executor(),
                                               presence_options, online_.get());
  core::conversation_limits created;
  created.groups = per_hour(cfg_.groups_per_hour);
  created.rooms = per_hour(cfg_.rooms_per_hour);
  conversations_ = std::make_unique<core::conversations>(*db_, events(), membership_, clock_, created);
  deletion_ = std::make_unique<core::account_deletion>(*accounts_, *conversations_);
  admin_ =
      std::make_unique<core::account_admin>(*db_, *hasher_, *guard_, events(), *deletion_, *conversations_, clock_);
  contacts_ = std::make_unique<core::contacts>(*db_, events(), *presence_, clock_);
  dispatcher_ = std::make_unique<realtime::dispatcher>(realtime::services{
      *chats_, *receipts_, *presence_, *conversations_, *contacts_, *reactions_, *keys_, *device_messages_, *backup_});
  protocol::hello_limits hello;
  hello.max_message_chars = static_cast<std::int64_t>(cfg_.max_message_chars);
  realtime::session_limits limits;
  limits.outbound_frames = cfg_.ws_queue_frames;
  limits.outbound_bytes = cfg_.ws_queue_bytes;
  limits.auth_timeout = std::chrono::milliseconds(cfg_.ws_auth_timeout_ms);
  limits.idle_timeout = std::chrono::milliseconds(cfg_.ws_idle_timeout_ms);
  limits.sessions_per_user = cfg_.max_websockets_per_user;
  hello.auth_timeout_ms = cfg_.ws_auth_timeout_ms;
  hello.outbound_queue_frames = static_cast<std::int64_t>(limits.outbound_frames);
  hello.outbound_queue_bytes = static_cast<std::int64_t>(limits.outbound_bytes);
  hello.max_reply_bytes = static_cast<std::int64_t>(protocol::max_reply_bytes);
  session_counts_ = std::make_unique<realtime::session_metrics>(metrics_);
  session_env_ = std::make_unique<realtime::session_env>(
      realtime::session_env{*accounts_, *guard_, *chats_, *presence_, *dispatcher_, hub_, metrics_, *session_counts_,
                            connections_, hello, limits});
}

application::~application() = default;

int application::run() {
  asio::signal_set signals(io_, SIGINT, SIGTERM);
  std::thread drainer;
  signals.async_wait([this, &drainer](boost::system::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: shutting down", signal);
    server_->stop();
    collector_->stop();
    if (metrics_server_) metrics_server_->stop();
    // Give in-flight requests time to finish, then stop whatever is left.
    drainer = std::thread([this] {
      if (!connections_.wait_empty(std::chrono::seconds(10))) {
        spdlog::warn("shutdown: {} connections still open; closing", connections_.size());
      }
      io_.stop();
    });
  });
  std::vector<std::thread> threads;
  for (int i = 1; i < cfg_.threads; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& t : threads) t.join();
  if (drainer.joinable()) drainer.join();
  shut_down();
  return 0;
}

void application::shut_down() {
  files_.join();           // the uploads and downloads under way
  db_->stop();             // commits every queued write
  if (bus_) bus_->stop();  // after the writes: their events are published first
  hasher_->stop();
  spdlog::info("stopped");
}

}  // namespace natter::app
