#pragma once
#include <string>

namespace natter::app {

// Configures the default logger: "text" lines or one JSON object per line,
// on stdout. Throws std::invalid_argument for an unknown format or level.
void setup_logging(const std::string& format, const std::string& level);

}  // namespace natter::app
