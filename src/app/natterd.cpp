// natterd: the Natter chat server.
#include <spdlog/spdlog.h>
#include <cstdio>
#include <exception>

#include "app/admin_command.hpp"
#include "app/application.hpp"
#include "app/config.hpp"
#include "app/logging.hpp"
#include "core/secrets.hpp"
#include "store/migrate/copy_store.hpp"

namespace {

// Exit codes: 0 copied, 1 refused or failed (the reason on stderr), 2 usage.
int migrate_store(const natter::app::migrate_store_command& m) {
  if (!m.from.starts_with("sqlite:") || !(m.to.starts_with("postgres://") || m.to.starts_with("postgresql://"))) {
    std::fprintf(stderr, "natterd migrate-store: --from sqlite:PATH --to postgres://...\n");
    return 2;
  }
  try {
    for (const auto& table : natter::store::migrate::copy_sqlite_to_postgres(m.from.substr(7), m.to)) {
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
