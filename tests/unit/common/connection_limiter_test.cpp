#include "common/connection_limiter.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace natter {
namespace {

TEST(connection_limiter, an_address_gets_its_cap_and_others_still_get_in) {
  connection_limiter limiter({10, 2});
  auto a1 = limiter.admit("10.0.0.1");
  auto a2 = limiter.admit("10.0.0.1");
  ASSERT_TRUE(a1 && a2);
  auto a3 = limiter.admit("10.0.0.1");
  ASSERT_FALSE(a3);
  EXPECT_EQ(a3.err().code, errc::too_many_connections);
  EXPECT_TRUE(limiter.admit("10.0.0.2"));
  EXPECT_EQ(limiter.open(), 2U) << "the ticket of 10.0.0.2 was dropped at once";
}

TEST(connection_limiter, the_total_cap_refuses_with_busy_and_a_closed_connection_frees_its_place) {
  connection_limiter limiter({2, 0});
  std::vector<connection_limiter::ticket> open;
  for (const char* address : {"a", ""}) {
    auto t = limiter.admit(address);
    ASSERT_TRUE(t);
    open.push_back(std::move(*t));
  }
  auto refused = limiter.admit("b");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.err().code, errc::busy);
  EXPECT_GT(refused.err().retry_after.count(), 0);
  open.pop_back();
  EXPECT_TRUE(limiter.admit("b"));
}

TEST(connection_limiter, an_empty_address_is_not_subject_to_the_per_address_cap) {
  connection_limiter limiter({0, 1});
  std::vector<connection_limiter::ticket> open;
  for (int i = 0; i < 5; ++i) {
    auto t = limiter.admit("");
    ASSERT_TRUE(t);
    open.push_back(std::move(*t));
  }
  EXPECT_EQ(limiter.open(), 5U);
}

TEST(connection_limiter, moved_tickets_release_once) {
  connection_limiter limiter({1, 1});
  {
    auto t = limiter.admit("a");
    ASSERT_TRUE(t);
    connection_limiter::ticket moved = std::move(*t);
    connection_limiter::ticket again;
    again = std::move(moved);
    EXPECT_EQ(limiter.open(), 1U);
    EXPECT_FALSE(limiter.admit("a"));
  }
  EXPECT_EQ(limiter.open(), 0U);
  EXPECT_TRUE(limiter.admit("a"));
}

}  // namespace
}  // namespace natter
