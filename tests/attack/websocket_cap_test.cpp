// One account opening WebSockets without end (1000 were accepted). Beyond
// --max-websockets-per-user, authenticating gets TOO_MANY_CONNECTIONS and the
// connection is closed with 4029; other users are not affected, and a place
// frees up when one of the user's connections closes.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "attack/raw_connection.hpp"
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

class websocket_cap : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--max-websockets-per-user", "3"});
    return args;
  }
};

TEST_F(websocket_cap, a_user_over_the_cap_gets_too_many_connections_and_4029) {
  const auto alice = register_and_login("alice");
  std::vector<std::unique_ptr<ws_client>> mine;
  for (int i = 0; i < 3; ++i) mine.push_back(connect(alice));

  for (int i = 0; i < 5; ++i) {
    ws_client extra(server_->port());
    const auto reply = extra.request({{"type", "auth"}, {"token", alice.access_token}});
    ASSERT_TRUE(reply.contains("error")) << boost::json::serialize(reply);
    EXPECT_EQ(reply.at("error").at("code"), "TOO_MANY_CONNECTIONS");
    EXPECT_EQ(extra.wait_closed(), 4029);
  }
  ws_client on_upgrade(server_->port(), {{"Authorization", "Bearer " + alice.access_token}});
  EXPECT_EQ(on_upgrade.wait_closed(), 4029);

  // Others are not affected, and alice's first connections still work.
  auto bob = join_as("bob");
  send_to(*bob, "@alice", "hello");
  EXPECT_EQ(mine[0]->event("message").at("message").at("text"), "hello");

  mine.pop_back();
  ASSERT_TRUE(eventually([&] {
    ws_client again(server_->port());
    return again.request({{"type", "auth"}, {"token", alice.access_token}}).contains("ok");
  })) << "the closed connection's place was not freed";
}

}  // namespace
}  // namespace natter::testing
