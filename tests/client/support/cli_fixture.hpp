#pragma once
// A fixture for `natter` tests: a real natterd and one natter_cli per user.

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "client/support/natter_cli.hpp"
#include "client/support/tmux_screen.hpp"
#include "integration/support/server_fixture.hpp"

namespace natter::testing {

inline constexpr auto cli_patience = std::chrono::seconds(20);

// How many times part occurs in text (a line printed twice is a bug).
inline std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class cli_test : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--offline-grace-ms", "200", "--send-rate", "100000"});
    return args;
  }

  // A user with a private HOME, registered and logged in.
  std::unique_ptr<natter_cli> user(const std::string& username) {
    auto cli = std::make_unique<natter_cli>(server_->port());
    cli->register_and_login(username);
    return cli;
  }

  // `natter chat` of this user in a tmux screen of its own (120x40); tz: a
  // time zone for the chat's clock (TZ), or the machine's.
  static std::unique_ptr<tmux_screen> chat_of(const natter_cli& cli, const std::string& tz = {}) {
    auto env = cli.environment();
    if (!tz.empty()) env["TZ"] = tz;
    env["XDG_CONFIG_HOME"] = (cli.home() / ".config").string();
    env.erase("TERM");
    return std::make_unique<tmux_screen>(std::vector<std::string>{NATTER_CLI_PATH, "--server", cli.server(), "chat"},
                                         env);
  }

  // Expects exit 0 and returns stdout.
  static std::string ok(const natter_cli& cli, const std::vector<std::string>& args, const std::string& input = {}) {
    auto r = cli.run(args, input);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
};

}  // namespace natter::testing
