#pragma once
// Torture scenarios on one natterd (SQLite), restarted by kill -9 at will.

#include <memory>
#include <string>
#include <vector>

#include "integration/support/natterd_process.hpp"
#include "integration/support/server_fixture.hpp"
#include "torture/torture_fixture.hpp"

namespace natter::torture {

class torture_single : public ::testing::Test, protected torture_run {
 protected:
  // natterd's flags: no rate limit in the way of the traffic.
  virtual std::vector<std::string> natterd_args() {
    auto args = testing::relaxed_limits();
    args.insert(args.end(), {"--send-rate", "1000000", "--offline-grace-ms", "200"});
    return args;
  }
  void SetUp() override { server_ = std::make_unique<testing::natterd_process>(natterd_args()); }
  void TearDown() override { stop_all(); }
  unsigned short port() const { return server_->port(); }

  // Adds `names` as members on this node and makes them a group.
  conversation_id group_of(const std::vector<std::string>& names, unsigned short at) {
    for (const auto& n : names) add_member(n, at);
    return group_of_members();
  }

  std::unique_ptr<testing::natterd_process> server_;
};

}  // namespace natter::torture
