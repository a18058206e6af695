#include "app/config.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <thread>

#include "bus/redis/redis_connection.hpp"
#include "transport/origin_check.hpp"
#include "transport/trusted_proxies.hpp"

namespace natter::app {

namespace {

// Adds a flag that may also come from NATTER_<NAME> (dashes become underscores).
template <class T>
CLI::Option* option(CLI::App& app, const std::string& name, T& target, const std::string& help) {
  std::string env = "NATTER_";
  for (char c : name) env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return app.add_option("--" + name, target, help)->envname(env)->capture_default_str();
}

void add_server_options(CLI::App& app, config& c) {
  option(app, "listen", c.listen, "Address and port to listen on (host:port)");
  option(app, "data-dir", c.data_dir, "Directory for the database, keys and uploads");
  app.add_flag("--create-data-dir", c.create_data_dir,
               "Create a missing data directory, database and signing key (first start only; without it "
               "natterd refuses to start on a missing one)")
      ->envname("NATTER_CREATE_DATA_DIR");
  option(app, "db", c.db,
         "Database: sqlite:PATH (default sqlite:<data-dir>/natter.db), postgres://USER@HOST:PORT/DB or "
         "mariadb://USER:PASSWORD@HOST:PORT/DB (also mysql://)");
  option(app, "web-root", c.web_root, "Directory of the built web app served at /");
  option(app, "threads", c.threads, "I/O threads (0: one per core)")->check(CLI::Range(0, 256));
  option(app, "log-format", c.log_format, "Log format")->check(CLI::IsMember({"text", "json"}));
  option(app, "log-level", c.log_level, "Log level")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  option(app, "tls-cert", c.tls_cert, "PEM certificate chain; with --tls-key serves https and wss");
  option(app, "tls-key", c.tls_key, "PEM private key for --tls-cert");
  option(app, "allowed-origins", c.allowed_origins,
         "Origins allowed to open WebSockets, scheme://host[:port] (comma-separated)")
      ->delimiter(',')
      ->check(
          [](const std::string& origin) {
            return transport::parse_origin(origin) ? std::string() : "not an origin (http[s]://host[:port]): " + origin;
          },
          "ORIGIN");
  option(app, "max-body-bytes", c.max_body_bytes, "Largest HTTP request body")->check(CLI::Range(1024, 64 << 20));
}

void add_media_options(CLI::App& app, config& c) {
  option(app, "max-upload-bytes", c.max_upload_bytes, "Largest upload (a picture or file)")
      ->check(CLI::Range(std::uint64_t{1024}, std::uint64_t{1} << 40));
  option(app, "upload-quota-bytes", c.upload_quota_bytes, "What one user's uploads may take in all")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 50));
  option(app, "max-image-pixels", c.max_image_pixels, "Largest image (width x height) decoded; larger are refused")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
  option(app, "image-timeout-ms", c.image_timeout_ms, "Longest an image may take to decode and re-encode")
      ->check(CLI::Range(100LL, 600'000LL));
  option(app, "image-threads", c.image_threads, "Threads decoding images")->check(CLI::Range(1, 64));
  option(app, "image-queue", c.image_queue, "Images allowed to wait for a thread; more get BUSY")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
  option(app, "file-threads", c.file_threads, "Threads reading and writing media files")->check(CLI::Range(1, 64));
  option(app, "media-gc-interval-ms", c.media_gc_interval_ms, "How often unused media and blobs are freed")
      ->check(CLI::Range(100LL, 7 * 24 * 3600 * 1000LL));
  option(app, "media-unused-grace-ms", c.media_unused_grace_ms,
         "How long an upload may wait to be attached or set as an avatar before it is freed")
      ->check(CLI::Range(0LL, 365LL * 24 * 3600 * 1000));
}

void add_security_options(CLI::App& app, config& c) {
  option(app, "jwt-secret", c.jwt_secret, "HS256 signing key, at least 32 bytes (default: <data-dir>/jwt.key)");
  option(app, "access-token-ttl", c.access_token_ttl_seconds, "Access token lifetime in seconds")
      ->check(CLI::Range(10LL, 24LL * 3600));
  option(app, "refresh-token-ttl", c.refresh_token_ttl_seconds, "Refresh token lifetime in seconds")
      ->check(CLI::Range(60LL, 365LL * 24 * 3600));
  option(app, "session-recheck-ms", c.session_recheck_ms,
         "How long a node trusts that a session is still open before asking the database again (bounds how late "
         "a logout on another node is noticed if the bus loses it)")
      ->check(CLI::Range(0LL, 60000LL));
  option(app, "argon2-opslimit", c.argon2.opslimit, "Argon2id iterations (at least 2)")->check(CLI::Range(2ULL, 64ULL));
  option(app, "argon2-memlimit", c.argon2.memlimit, "Argon2id memory in bytes (at least 19 MiB)")
      ->check(CLI::Range(std::size_t{19} << 20, std::size_t{1} << 32));
  option(app, "hash-threads", c.hash_threads, "Threads hashing passwords")->check(CLI::Range(1, 64));
  option(app, "hash-queue", c.hash_queue, "Password hashes allowed to wait; more get BUSY")
      ->check(CLI::Range(1, 100000));
  option(app, "login-rate-per-address", c.login_per_minute_per_address, "Logins per minute per address");
  option(app, "login-rate-per-account", c.login_per_minute_per_account, "Logins per minute per account");
  option(app, "register-rate-per-address", c.register_per_minute_per_address, "Registrations per minute per address");
  option(app, "registration", c.registration,
         "Who may create an account: open (anyone), invite (whoever holds an invite code from natterd admin "
         "invite or an administrator) or closed (nobody; existing accounts keep working)")
      ->check(CLI::IsMember({"open", "invite", "closed"}));
  option(app, "email-changes-per-hour", c.email_changes_per_hour,
         "Email confirmation links (new addresses, verification) per hour per account (burst the same)")
      ->check(CLI::Range(1.0, 100000.0));
}

void add_realtime_options(CLI::App& app, config& c) {
  option(app, "max-message-chars", c.max_message_chars, "Longest message, in characters")->check(CLI::Range(1, 100000));
  option(app, "send-rate", c.sends_per_minute, "Messages per minute per user (burst the same)");
  option(app, "search-rate", c.searches_per_minute, "Message searches per minute per user (burst the same)")
      ->check(CLI::Range(1.0, 1000000.0));
  option(app, "offline-grace-ms", c.offline_grace_ms, "How long after the last session a user shows offline")
      ->check(CLI::Range(0LL, 600000LL));
  option(app, "ws-queue-frames", c.ws_queue_frames, "Frames queued per WebSocket before it is cut off (4008)")
      ->check(CLI::Range(16, 1 << 20));
  option(app, "ws-queue-bytes", c.ws_queue_bytes, "Bytes queued per WebSocket before live events cut it off (4008)")
      ->check(CLI::Range(64 << 10, 1 << 30));
  option(app, "ws-auth-timeout-ms", c.ws_auth_timeout_ms, "Time a WebSocket has to authenticate (then 4001)")
      ->check(CLI::Range(100LL, 600000LL));
  option(app, "ws-idle-timeout-ms", c.ws_idle_timeout_ms,
         "A silent WebSocket is pinged after half of this and dropped after all of it")
      ->check(CLI::Range(500LL, 3600000LL));
}

void add_cluster_options(CLI::App& app, config& c) {
  option(app, "bus", c.bus,
         "Share real-time events with other nodes through Redis: redis://HOST:PORT (needs a shared "
         "--db postgres://... or mariadb://..., the same --jwt-secret on every node; default: this node alone)")
      ->check(
          [](const std::string& url) {
            try {
              bus::parse_redis_url(url);
              return std::string();
            } catch (const std::invalid_argument& e) {
              return std::string(e.what());
            }
          },
          "redis://HOST:PORT");
  option(app, "node-id", c.node_id, "This node's name on the bus, unique among running nodes (default: random)");
  option(app, "bus-prefix", c.bus_prefix, "Prefix of the bus's Redis channels and keys (one per cluster)");
}

// Caps on what one stranger can hold or create, and who is behind a proxy.
void add_limit_options(CLI::App& app, config& c) {
  option(app, "max-connections", c.max_connections,
         "Open connections in all (0: the open file limit minus 128); more get 503 BUSY");
  option(app, "max-connections-per-address", c.max_connections_per_address,
         "Open connections per client address (0: no cap); more get 429 TOO_MANY_CONNECTIONS");
  option(app, "max-websockets-per-user", c.max_websockets_per_user,
         "Authenticated WebSockets per user on this node (0: no cap); more are closed with 4029");
  option(app, "groups-per-hour", c.groups_per_hour, "Groups one user may create per hour (0: no cap)")
      ->check(CLI::Range(0.0, 1e9));
  option(app, "rooms-per-hour", c.rooms_per_hour, "Rooms one user may create per hour (0: no cap)")
      ->check(CLI::Range(0.0, 1e9));
  option(app, "http-header-timeout-ms", c.http_header_timeout_ms,
         "Time from a request's first byte to the end of its header (and for a TLS handshake)")
      ->check(CLI::Range(100LL, 600000LL));
  option(app, "trusted-proxies", c.trusted_proxies,
         "Proxies (addresses or CIDR networks, comma-separated) whose --proxy-header names the client")
      ->delimiter(',')
      ->check(
          [](const std::string& cidr) {
            try {
              transport::trusted_proxies({cidr}, transport::proxy_header::x_forwarded_for);
              return std::string();
            } catch (const std::invalid_argument& e) {
              return std::string(e.what());
            }
          },
          "CIDR");
  option(app, "proxy-header", c.proxy_header, "The header trusted proxies name the client in")
      ->check(CLI::IsMember({"x-forwarded-for", "forwarded"}));
  option(app, "metrics-listen", c.metrics_listen,
         "Address and port serving /metrics (host:port; default: /metrics is not served)");
  option(app, "smtp-url", c.smtp_url,
         "Send mail through this SMTP server (smtp://host:25, smtps://user:pass@host:465; "
         "default: write it to <data-dir>/outbox)")
      ->check([](const std::string& url) {
        if (url.rfind("smtp://", 0) == 0 || url.rfind("smtps://", 0) == 0) return std::string();
        return std::string("must start with smtp:// or smtps://");
      });
  option(app, "mail-from", c.mail_from, "The From of mail natterd sends");
  option(app, "password-reset-ttl-s", c.password_reset_ttl_s, "How long a mailed password reset link works")
      ->check(CLI::Range(1LL, 24 * 3600LL));
  option(app, "public-url", c.public_url,
         "Where people reach the web app, for links in mail (https://chat.example.com; default: http://<listen>)");
}

void add_store_options(CLI::App& app, config& c) {
  option(app, "sqlite-synchronous", c.sqlite_synchronous, "SQLite synchronous mode")
      ->check(CLI::IsMember({"FULL", "NORMAL"}));
  option(app, "db-readers", c.db_readers, "Database reader threads")->check(CLI::Range(1, 64));
}

// --- administration ---
// natterd admin ...: each action a subcommand of its own; the server's flags
// (--data-dir, --db, --public-url, ...) may follow it (fallthrough).
CLI::App* add_admin_command(CLI::App& app, admin_command& a) {
  auto* admin = app.add_subcommand("admin",
                                   "Administer users, invites and the audit log on the configured database, "
                                   "then exit (0 done, 1 failed: the reason on stderr, 2 usage)");
  admin->fallthrough()->require_subcommand(1);
  auto action = [&](const std::string& name, const std::string& help) {
    auto* sub = admin->add_subcommand(name, help)->fallthrough();
    sub->final_callback([&a, name] { a.action = name; });
    return sub;
  };
  for (auto [name, help] : {std::pair{"grant", "Make USER a server administrator"},
                            {"revoke", "Make USER an ordinary user again"},
                            {"show", "Show USER: created, last seen, admin, disabled, open sessions"},
                            {"disable", "Disable USER: no login, no refresh; every session ends"},
                            {"enable", "Enable USER again"},
                            {"delete", "Delete USER's account (as if they deleted it themselves)"},
                            {"set-password",
                             "Set USER's password: one line read from stdin, or a random one "
                             "printed once when stdin is a terminal or empty; sessions end"}}) {
    action(name, help)->add_option("USER", a.target, "The username")->required();
  }
  auto* users = action("users", "List users, by username");
  users->add_option("--search", a.search, "Only usernames starting with this");
  users->add_option("--limit", a.limit, "At most this many (1-100)")->check(CLI::Range(1, 100));
  action("rooms", "List rooms, by name, with their member counts")
      ->add_option("--limit", a.limit, "At most this many (1-100)")
      ->check(CLI::Range(1, 100));
  action("groups", "List groups, oldest first, with their member counts")
      ->add_option("--limit", a.limit, "At most this many (1-100)")
      ->check(CLI::Range(1, 100));
  action("delete-room", "Delete a room: every member is removed, its name is freed")
      ->add_option("NAME", a.target, "The room's name")
      ->required();
  action("delete-group", "Delete a group: every member is removed")
      ->add_option("ID", a.target, "The group's id (natterd admin groups)")
      ->required();
  auto* audit = action("audit", "Read the audit log, newest first");
  audit->add_option("--user", a.user, "Only events of this username");
  audit->add_option("--kind", a.kind, "Only events of this kind (e.g. login.failed, admin.disable)");
  audit->add_option("--limit", a.limit, "At most this many (1-200)")->check(CLI::Range(1, 200));
  action("invite", "Create a single-use invite code (with --public-url, a link too)")
      ->add_option("--expires-in-hours", a.expires_in_hours, "How long it works (default 168: 7 days)")
      ->check(CLI::Range(1LL, 24LL * 365));
  action("invites", "List open invites");
  action("revoke-invite", "Revoke an open invite")
      ->add_option("ID", a.target, "Its id (natterd admin invites)")
      ->required();
  return admin;
}
// --- end administration ---

}  // namespace

// The web app next to the binary when natterd is installed (<prefix>/bin and
// <prefix>/share/natter/web), else the source tree's build of it.
static std::string default_web_root() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = (exe.parent_path() / NATTER_INSTALLED_WEB_ROOT).lexically_normal();
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return NATTER_DEFAULT_WEB_ROOT;
}

parsed_config parse_config(int argc, char** argv) {
  config c;
  CLI::App app{"natterd: the Natter chat server"};
  app.set_version_flag("--version", "natterd 0.1.0");
  add_server_options(app, c);
  add_security_options(app, c);
  add_store_options(app, c);
  add_realtime_options(app, c);
  add_cluster_options(app, c);
  add_limit_options(app, c);
  add_media_options(app, c);
  migrate_store_command migrate;
  auto* migrate_cmd = app.add_subcommand(
      "migrate-store",
      "Copy a single node's SQLite database (or a PostgreSQL one) into an empty PostgreSQL or MariaDB database, then "
      "exit");
  migrate_cmd->add_option("--from", migrate.from, "Source: sqlite:PATH or postgres://user:pass@host/db")->required();
  migrate_cmd
      ->add_option("--to", migrate.to,
                   "Target: postgres://user:pass@host/db or mariadb://user:pass@host/db (must be empty; from "
                   "PostgreSQL: MariaDB only)")
      ->required();
  admin_command admin;
  auto* admin_cmd = add_admin_command(app, admin);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return {std::nullopt, code == 0 ? 0 : 2, std::nullopt, std::nullopt};
  }
  if (migrate_cmd->parsed()) return {std::nullopt, 0, migrate, std::nullopt};
  if (admin_cmd->parsed()) return {c, 0, std::nullopt, admin};
  if (c.threads == 0) c.threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  if (c.web_root == NATTER_DEFAULT_WEB_ROOT) c.web_root = default_web_root();
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    std::fprintf(stderr, "--tls-cert and --tls-key go together\n");
    return {std::nullopt, 2, std::nullopt, std::nullopt};
  }
  return {c, 0, std::nullopt, std::nullopt};
}

}  // namespace natter::app
