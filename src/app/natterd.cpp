// natterd: the Natter chat server.
#include <spdlog/spdlog.h>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "app/admin_command.hpp"
#include "app/application.hpp"
#include "app/config.hpp"
#include "app/logging.hpp"
#include "core/secrets.hpp"
#include "store/migrate/copy_store.hpp"

namespace {

bool is_postgres(const std::string& url) {
  return url.starts_with("postgres://") || url.starts_with("postgresql://");
}

bool is_mariadb(const std::string& url) {
  return url.starts_with("mariadb://") || url.starts_with("mysql://");
}

// Exit codes: 0 copied, 1 refused or failed (the reason on stderr), 2 usage.
int migrate_store(const natter::app::migrate_store_command& m) {
  namespace migrate = natter::store::migrate;
  const bool from_sqlite = m.from.starts_with("sqlite:");
  const bool from_postgres = is_postgres(m.from);
  if (!((from_sqlite && (is_postgres(m.to) || is_mariadb(m.to))) || (from_postgres && is_mariadb(m.to)))) {
    std::fprintf(stderr,
                 "natterd migrate-store: --from sqlite:PATH --to postgres://... or mariadb://..., "
                 "or --from postgres://... --to mariadb://...\n");
    return 2;
  }
  try {
    std::vector<migrate::copied_table> copied;
    if (from_postgres) {
      copied = migrate::copy_postgres_to_mariadb(m.from, m.to);
    } else if (is_mariadb(m.to)) {
      copied = migrate::copy_sqlite_to_mariadb(m.from.substr(7), m.to);
    } else {
      copied = migrate::copy_sqlite_to_postgres(m.from.substr(7), m.to);
    }
    for (const auto& table : copied) {
      std::printf("%-22s %lld rows\n", table.name.c_str(), static_cast<long long>(table.rows));
    }
    std::printf("copied; point every node at the new database with --db\n");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "natterd migrate-store: %s\n", e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = natter::app::parse_config(argc, argv);
  if (parsed.migrate_store) return migrate_store(*parsed.migrate_store);
  if (!parsed.cfg) return parsed.exit_code;
  if (parsed.admin) return natter::app::run_admin_command(*parsed.cfg, *parsed.admin);
  try {
    natter::app::setup_logging(parsed.cfg->log_format, parsed.cfg->log_level);
    natter::core::init_crypto();
    natter::app::application app(std::move(*parsed.cfg));
    return app.run();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    std::fprintf(stderr, "natterd: %s\n", e.what());
    return 1;
  }
}
