#include <gtest/gtest.h>

#include "client/backoff.hpp"

namespace natter::client {
namespace {

using std::chrono::milliseconds;

backoff_policy exact(milliseconds initial, milliseconds cap) {
  return {initial, cap, 2.0, 0.0};
}

TEST(backoff, without_jitter_delays_double_from_the_initial_delay) {
  backoff b(exact(milliseconds(100), milliseconds(10000)));
  EXPECT_EQ(b.next(), milliseconds(100));
  EXPECT_EQ(b.next(), milliseconds(200));
  EXPECT_EQ(b.next(), milliseconds(400));
  EXPECT_EQ(b.next(), milliseconds(800));
}

TEST(backoff, delays_stop_growing_at_the_cap) {
  backoff b(exact(milliseconds(100), milliseconds(500)));
  for (int i = 0; i < 3; ++i) (void)b.next();
  for (int i = 0; i < 100; ++i) EXPECT_EQ(b.next(), milliseconds(500));
}

TEST(backoff, reset_starts_again_from_the_initial_delay) {
  backoff b(exact(milliseconds(100), milliseconds(10000)));
  (void)b.next();
  (void)b.next();
  b.reset();
  EXPECT_EQ(b.next(), milliseconds(100));
}

TEST(backoff, jittered_delays_stay_between_the_jitter_floor_and_the_ceiling) {
  backoff b({milliseconds(1000), milliseconds(8000), 2.0, 0.5}, 42);
  for (int i = 0; i < 50; ++i) {
    const auto ceiling = b.ceiling();
    const auto delay = b.next();
    EXPECT_LE(delay, ceiling);
    EXPECT_GE(delay, ceiling / 2);
  }
}

TEST(backoff, jitter_spreads_clients_that_start_together) {
  backoff first({milliseconds(1000), milliseconds(8000), 2.0, 0.5}, 1);
  backoff second({milliseconds(1000), milliseconds(8000), 2.0, 0.5}, 2);
  bool differ = false;
  for (int i = 0; i < 5; ++i) differ = differ || first.next() != second.next();
  EXPECT_TRUE(differ);
}

}  // namespace
}  // namespace natter::client
