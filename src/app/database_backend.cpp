#include "app/database_backend.hpp"

#include <spdlog/spdlog.h>

#include "app/data_dir.hpp"
#include "store/mariadb/mariadb_backend.hpp"
#include "store/mariadb/mariadb_url.hpp"
#include "store/postgres/postgres_backend.hpp"
#include "store/sqlite/sqlite_backend.hpp"

namespace natter::app {

std::unique_ptr<store::backend> backend_for(const config& cfg) {
  const std::string db = cfg.db.empty() ? "sqlite:" + sqlite_path(cfg) : cfg.db;
  if (db.rfind("sqlite:", 0) == 0) {
    store::sqlite::sqlite_options options;
    options.path = db.substr(7);
    options.synchronous = cfg.sqlite_synchronous;
    spdlog::info("database: sqlite {} (synchronous={})", options.path, options.synchronous);
    return std::make_unique<store::sqlite::sqlite_backend>(options);
  }
  if (db.rfind("postgres://", 0) == 0 || db.rfind("postgresql://", 0) == 0) {
    store::postgres::postgres_options options;
    options.url = db;
    spdlog::info("database: postgresql (the URL is not logged: it may hold a password)");
    return std::make_unique<store::postgres::postgres_backend>(options);
  }
  if (store::mariadb::is_mariadb_url(db)) {
    spdlog::info("database: mariadb (the URL is not logged: it may hold a password)");
    return std::make_unique<store::mariadb::mariadb_backend>(store::mariadb::mariadb_options{.url = db});
  }
  throw std::runtime_error("--db: unsupported database (supported: sqlite:PATH, postgres://..., mariadb://...)");
}

}  // namespace natter::app
