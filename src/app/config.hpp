#pragma once
// natterd's configuration: flags, each also settable as a NATTER_* variable.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/accounts.hpp"
#include "core/password_hasher.hpp"

#ifndef NATTER_DEFAULT_WEB_ROOT
#define NATTER_DEFAULT_WEB_ROOT ""
#endif

namespace natter::app {

struct config {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  bool create_data_dir = false;  // create a missing data directory, database and key (first start)
  std::string db;                // empty: sqlite:<data_dir>/natter.db; or postgres://...
  std::string bus;               // empty: this node alone; redis://host:port: many nodes
  std::string node_id;           // empty: random
  std::string bus_prefix = "natter";
  std::string web_root = NATTER_DEFAULT_WEB_ROOT;  // where the web app's build puts it
  int threads = 0;                                 // 0: one per core
  std::string log_format = "text";
  std::string log_level = "info";
  std::string tls_cert;
  std::string tls_key;
  std::vector<std::string> allowed_origins;
  std::string jwt_secret;  // empty: <data_dir>/jwt.key, generated on first start
  long long access_token_ttl_seconds = 15 * 60;
  long long refresh_token_ttl_seconds = 30 * 24 * 3600;
  long long session_recheck_ms = 5000;
  std::size_t max_body_bytes = 64 * 1024;
  // Media (pictures and files).
  std::uint64_t max_upload_bytes = 25 * 1024 * 1024;
  std::int64_t upload_quota_bytes = 1024LL * 1024 * 1024;
  std::uint64_t max_image_pixels = 40'000'000;
  long long image_timeout_ms = 10'000;
  int image_threads = 1;
  std::size_t image_queue = 16;
  int file_threads = 2;
  long long media_gc_interval_ms = 3600 * 1000;
  long long media_unused_grace_ms = 24 * 3600 * 1000;
  std::string sqlite_synchronous = "FULL";
  int db_readers = 2;
  core::argon2_cost argon2;
  int hash_threads = 2;
  std::size_t hash_queue = 64;
  double login_per_minute_per_address = 30;
  double login_per_minute_per_account = 10;
  double register_per_minute_per_address = 10;
  double email_changes_per_hour = 5;
  std::string registration = "open";  // open | invite | closed
  std::size_t max_message_chars = 4000;
  double sends_per_minute = 600;
  double searches_per_minute = 30;  // GET /api/v1/search
  long long offline_grace_ms = 3000;
  std::size_t ws_queue_frames = 1024;
  std::size_t ws_queue_bytes = 4 * 1024 * 1024;
  long long ws_auth_timeout_ms = 10000;
  long long ws_idle_timeout_ms = 60000;
  // Connection caps and creation limits (0: no cap).
  std::size_t max_connections = 0;  // 0: the open file limit minus a reserve
  std::size_t max_connections_per_address = 256;
  std::size_t max_websockets_per_user = 32;
  double groups_per_hour = 30;
  double rooms_per_hour = 10;
  long long http_header_timeout_ms = 10000;
  std::vector<std::string> trusted_proxies;  // CIDRs whose forwarding headers are believed
  std::string proxy_header = "x-forwarded-for";
  std::string metrics_listen;  // empty: /metrics is not served
  // Mail (password resets).
  std::string smtp_url;  // empty: mail goes to <data_dir>/outbox as .eml files
  std::string mail_from = "Natter <natter@localhost>";
  std::string public_url;  // where people reach the web app; empty: http://<listen>
  long long password_reset_ttl_s = 30 * 60;
};

// natterd migrate-store --from sqlite:PATH --to postgres://...
struct migrate_store_command {
  std::string from;
  std::string to;
};

// --- administration ---
// natterd admin ACTION [...]: one operator action on the configured database,
// then exit (app/admin_command.hpp runs it).
struct admin_command {
  std::string action;              // grant, revoke, users, show, disable, enable, delete, set-password, audit,
                                   // invite, invites, revoke-invite
  std::string target;              // USER, or the invite id of revoke-invite
  std::string search;              // users --search PREFIX
  int limit = 50;                  // users, audit --limit
  std::string user;                // audit --user
  std::string kind;                // audit --kind
  long long expires_in_hours = 0;  // invite --expires-in-hours (0: the default, 7 days)
};
// --- end administration ---

// The outcome of reading the command line.
struct parsed_config {
  std::optional<config> cfg;  // empty: exit with exit_code (help, version, or an error)
  int exit_code = 0;
  std::optional<migrate_store_command> migrate_store;  // set: run that instead of the server
  std::optional<admin_command> admin;                  // set: run that (on cfg's database) instead of the server
};

// Reads flags and NATTER_* variables; prints help or errors itself.
parsed_config parse_config(int argc, char** argv);

}  // namespace natter::app
