#include "delivery/local_routes.hpp"

#include <gtest/gtest.h>

namespace natter::delivery {
namespace {

TEST(local_routes, a_conversation_is_wanted_while_any_local_member_is_attached) {
  local_routes routes;
  EXPECT_TRUE(routes.add_user(1));
  EXPECT_FALSE(routes.add_user(1));
  routes.add_user(2);
  EXPECT_TRUE(routes.attach(1, 10)) << "first local member";
  EXPECT_FALSE(routes.attach(2, 10));
  EXPECT_FALSE(routes.detach(1, 10));
  EXPECT_TRUE(routes.wanted(10));
  EXPECT_TRUE(routes.detach(2, 10)) << "last local member";
  EXPECT_FALSE(routes.wanted(10));
}

TEST(local_routes, a_user_who_leaves_the_node_releases_their_conversations) {
  local_routes routes;
  routes.add_user(1);
  routes.add_user(2);
  routes.attach(1, 10);
  routes.attach(1, 11);
  routes.attach(2, 11);
  EXPECT_EQ(routes.remove_user(1), (std::vector<store::conversation_id>{10}));
  EXPECT_TRUE(routes.wanted(11));
  EXPECT_FALSE(routes.holds(1));
}

TEST(local_routes, users_not_held_here_are_never_attached) {
  local_routes routes;
  EXPECT_FALSE(routes.attach(7, 10));
  EXPECT_FALSE(routes.wanted(10));
}

}  // namespace
}  // namespace natter::delivery
