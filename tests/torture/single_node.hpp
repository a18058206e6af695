#pragma once
// Torture scenarios on one natterd (SQLite), restarted by kill -9 at will.

#include <memory>
#include <string>
#include <vector>

#include "integration/support/natterd_process.hpp"
#include "integration/support/server_fixture.hpp"
#include "torture/torture_fixture.hpp"

namespace natter::torture {

class torture_single : public torture_test {
 protected:
  // natterd's flags: no rate limit in the way of the traffic.
  virtual std::vector<std::string> natterd_args() {
    auto args = testing::relaxed_limits();
    args.insert(args.end(), {"--send-rate", "1000000", "--offline-grace-ms", "200"});
    return args;
  }
  void SetUp() override { server_ = std::make_unique<testing::natterd_process>(natterd_args()); }
  unsigned short port() const { return server_->port(); }

  // A group of `names` (the first owns it) with every member started and
  // past the start marker.
  conversation_id group_of(const std::vector<std::string>& names, unsigned short at) {
    for (const auto& n : names) add_member(n, at);
    const auto c = create_group(get(names.front()), "torture");
    mark_start(get(names.front()), c);
    return c;
  }

  // Waits until the fraction k / n of `total` sends is acknowledged.
  bool reached(std::int64_t total, int k, int n) {
    const bool ok = ledger_.wait_until_acked(total * k / n, deadline_in(std::chrono::seconds(120)));
    EXPECT_TRUE(ok) << "traffic stalled at " << ledger_.acked_count() << " of " << total;
    return ok;
  }

  std::unique_ptr<testing::natterd_process> server_;
};

}  // namespace natter::torture
