// Slowloris: headers trickled in a line at a time to hold connections open.
// natterd gives a request --http-header-timeout-ms from its first byte to the
// end of its header (before, only the 60 s idle timeout, restarted by nothing
// but a new request, bounded it). Bounded: 3 connections, at most 100 lines
// each, one line per connection every 100 ms.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "attack/raw_connection.hpp"
#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

using namespace std::chrono_literals;

class slowloris : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--http-header-timeout-ms", "1000"});
    return args;
  }
};

TEST_F(slowloris, a_header_trickled_in_is_cut_off_by_the_header_deadline) {
  std::vector<raw_connection> slow;
  for (int i = 0; i < 3; ++i) {
    slow.emplace_back(server_->port());
    ASSERT_TRUE(slow.back().send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  }
  std::vector<bool> cut(slow.size(), false);
  int lines = 0;
  for (; lines < 100 && std::find(cut.begin(), cut.end(), false) != cut.end(); ++lines) {
    for (std::size_t i = 0; i < slow.size(); ++i) {
      if (!cut[i]) cut[i] = !slow[i].send("X-Slow-" + std::to_string(lines) + ": x\r\n") || slow[i].closed_within(33ms);
    }
  }
  EXPECT_EQ(std::count(cut.begin(), cut.end(), true), 3) << "still open after " << lines << " lines";
  EXPECT_LT(lines, 100);
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

TEST_F(slowloris, an_idle_keep_alive_connection_is_not_cut_by_the_header_deadline) {
  raw_connection c(server_->port());
  ASSERT_EQ(c.get("/healthz").status, 200);
  // Idle for longer than the header deadline: the idle timeout (60 s) applies
  // between requests, the header deadline only from a request's first byte.
  EXPECT_FALSE(c.closed_within(1500ms));
  EXPECT_EQ(c.get("/healthz").status, 200);
}

}  // namespace
}  // namespace natter::testing
