#pragma once
// Runs the real natterd binary as a command (natterd admin ..., natterd
// migrate-store ...) to its end, and keeps what it printed.

#include <optional>
#include <string>
#include <vector>

namespace natter::testing {

struct cli_run {
  int exit_code = -1;  // -1: killed, or still running after the limit
  std::string out;     // stdout
  std::string err;     // stderr
};

// Runs natterd with args (no shell). stdin_text, when given, is its standard
// input; otherwise it reads /dev/null. A natterd that does not exit within a
// minute is killed (exit_code -1), so that a hang fails instead of stalling.
cli_run run_natterd(const std::vector<std::string>& args, const std::optional<std::string>& stdin_text = std::nullopt);

}  // namespace natter::testing
