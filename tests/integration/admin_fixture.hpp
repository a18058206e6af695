#pragma once
// Server administration tests: a natterd whose sessions are rechecked on every
// request (so that what natterd admin changes offline shows at once), and
// natterd admin run as a real subprocess on its data directory.

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "integration/support/natterd_cli.hpp"
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {

class admin_test : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--session-recheck-ms", "0"});
    return args;
  }

  std::string data_dir() const { return (server_->data_dir() / "data").string(); }

  // natterd admin ARGS... --data-dir <the server's>.
  cli_run admin(std::vector<std::string> args, const std::optional<std::string>& stdin_text = std::nullopt) {
    args.insert(args.begin(), "admin");
    args.insert(args.end(), {"--data-dir", data_dir()});
    return run_natterd(args, stdin_text);
  }

  // Registers and logs in username, and makes them a server administrator.
  session administrator(const std::string& username) {
    auto s = register_and_login(username);
    auto granted = admin({"grant", username});
    EXPECT_EQ(granted.exit_code, 0) << granted.err;
    return s;
  }

  http_reply call(boost::beast::http::verb method, const std::string& target, const session& s,
                  const std::string& body = {}) {
    std::map<std::string, std::string> headers;
    if (!s.access_token.empty()) headers["Authorization"] = "Bearer " + s.access_token;
    return http_->request(method, target, body, headers);
  }
};

}  // namespace natter::testing
