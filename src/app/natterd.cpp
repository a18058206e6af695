// natterd: the Natter chat server.
#include <cstdio>
#include <exception>
#include <spdlog/spdlog.h>

#include "app/application.hpp"
#include "app/config.hpp"
#include "app/logging.hpp"
#include "core/secrets.hpp"

int main(int argc, char** argv) {
  auto parsed = natter::app::parse_config(argc, argv);
  if (!parsed.cfg) return parsed.exit_code;
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
