// One user creating rooms and groups without end. Beyond --rooms-per-hour and
// --groups-per-hour, room.create and group.create get RATE_LIMITED with a
// retry_after; other users can still create theirs.

#include <gtest/gtest.h>

#include <string>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

class creation_limits : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--rooms-per-hour", "2", "--groups-per-hour", "2"});
    return args;
  }
};

TEST_F(creation_limits, rooms_beyond_the_hourly_limit_are_refused_for_that_user_only) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  alice->ok({{"type", "room.create"}, {"name", "one"}});
  alice->ok({{"type", "room.create"}, {"name", "two"}});
  const auto refused = alice->request({{"type", "room.create"}, {"name", "three"}});
  ASSERT_TRUE(refused.contains("error")) << boost::json::serialize(refused);
  EXPECT_EQ(refused.at("error").at("code"), "RATE_LIMITED");
  EXPECT_GT(refused.at("error").at("retry_after").as_int64(), 0);
  bob->ok({{"type", "room.create"}, {"name", "three"}});
  alice->ok({{"type", "room.join"}, {"name", "three"}});
  send_in(*alice, conversation_of(bob->ok({{"type", "room.join"}, {"name", "one"}})), "joining still works");
}

TEST_F(creation_limits, groups_beyond_the_hourly_limit_are_refused_for_that_user_only) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const boost::json::array members{"bob"};
  alice->ok({{"type", "group.create"}, {"name", "a"}, {"members", members}});
  alice->ok({{"type", "group.create"}, {"name", "b"}, {"members", members}});
  EXPECT_EQ(alice->error_of({{"type", "group.create"}, {"name", "c"}, {"members", members}}), "RATE_LIMITED");
  bob->ok({{"type", "group.create"}, {"name", "d"}, {"members", boost::json::array{"alice"}}});
  send_to(*alice, "@bob", "messages still work");
}

}  // namespace
}  // namespace natter::testing
