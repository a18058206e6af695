#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace natter::core {
namespace {

using namespace std::chrono_literals;

// One token every 10 s.
constexpr rate_limit three_then_one_per_10s{3, 6};

TEST(rate_limiter, allows_the_burst_then_limits) {
  manual_clock clock;
  rate_limiter limiter(three_then_one_per_10s, clock);
  EXPECT_FALSE(limiter.acquire("1.2.3.4"));
  EXPECT_FALSE(limiter.acquire("1.2.3.4"));
  EXPECT_FALSE(limiter.acquire("1.2.3.4"));
  EXPECT_TRUE(limiter.acquire("1.2.3.4"));
}

TEST(rate_limiter, refills_one_token_per_interval) {
  manual_clock clock;
  rate_limiter limiter(three_then_one_per_10s, clock);
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(limiter.acquire("k"));
  clock.advance(9'999ms);
  EXPECT_TRUE(limiter.acquire("k"));
  clock.advance(1ms);
  EXPECT_FALSE(limiter.acquire("k"));
  EXPECT_TRUE(limiter.acquire("k"));
}

TEST(rate_limiter, refill_never_exceeds_the_burst) {
  manual_clock clock;
  rate_limiter limiter(three_then_one_per_10s, clock);
  ASSERT_FALSE(limiter.acquire("k"));
  clock.advance(24h);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.acquire("k")) << i;
  EXPECT_TRUE(limiter.acquire("k"));
}

TEST(rate_limiter, retry_after_is_the_time_until_the_next_token) {
  manual_clock clock;
  rate_limiter limiter(three_then_one_per_10s, clock);
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(limiter.acquire("k"));
  EXPECT_EQ(limiter.acquire("k"), 10s);
}

TEST(rate_limiter, retry_after_rounds_up_to_whole_seconds) {
  manual_clock clock;
  rate_limiter limiter(three_then_one_per_10s, clock);
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(limiter.acquire("k"));
  clock.advance(3'500ms);
  EXPECT_EQ(limiter.acquire("k"), 7s);  // 6.5 s left
  clock.advance(6'499ms);
  EXPECT_EQ(limiter.acquire("k"), 1s);  // 1 ms left
}

TEST(rate_limiter, retry_after_is_at_least_one_second) {
  manual_clock clock;
  rate_limiter limiter(rate_limit{1, 600}, clock);  // a token every 100 ms
  ASSERT_FALSE(limiter.acquire("k"));
  EXPECT_EQ(limiter.acquire("k"), 1s);
}

TEST(rate_limiter, refused_attempts_do_not_delay_the_next_token) {
  manual_clock clock;
  rate_limiter limiter(three_then_one_per_10s, clock);
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(limiter.acquire("k"));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(limiter.acquire("k"));
  clock.advance(10s);
  EXPECT_FALSE(limiter.acquire("k"));
}

TEST(rate_limiter, keys_have_separate_buckets) {
  manual_clock clock;
  rate_limiter limiter(rate_limit{1, 1}, clock);
  ASSERT_FALSE(limiter.acquire("alice"));
  EXPECT_TRUE(limiter.acquire("alice"));
  EXPECT_FALSE(limiter.acquire("bob"));
}

TEST(rate_limiter, reset_restores_the_full_burst) {
  manual_clock clock;
  rate_limiter limiter(three_then_one_per_10s, clock);
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(limiter.acquire("k"));
  limiter.reset("k");
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.acquire("k")) << i;
}

TEST(rate_limiter, when_full_evicts_the_least_recently_used_key) {
  manual_clock clock;
  rate_limiter limiter(rate_limit{1, 1}, clock, 2);
  ASSERT_FALSE(limiter.acquire("old"));
  clock.advance(1s);
  ASSERT_FALSE(limiter.acquire("newer"));
  clock.advance(1s);
  ASSERT_FALSE(limiter.acquire("third"));  // the map is full: "old" goes
  EXPECT_TRUE(limiter.acquire("newer"));   // still remembered
  EXPECT_FALSE(limiter.acquire("old"));    // forgotten, so it starts afresh
}

TEST(rate_limiter, when_full_evicts_refilled_keys_before_older_ones) {
  manual_clock clock;
  rate_limiter limiter(rate_limit{2, 1}, clock, 2);  // a token per minute
  ASSERT_FALSE(limiter.acquire("old"));
  ASSERT_FALSE(limiter.acquire("old"));
  clock.advance(1ms);
  ASSERT_FALSE(limiter.acquire("refilled"));
  clock.advance(60s);  // "refilled" is back to 2 tokens; "old" has only 1
  ASSERT_FALSE(limiter.acquire("third"));
  // "old" was kept although it is the oldest: its one token is its last.
  EXPECT_FALSE(limiter.acquire("old"));
  EXPECT_TRUE(limiter.acquire("old"));
}

TEST(rate_limiter, concurrent_acquires_never_exceed_the_burst) {
  manual_clock clock;
  rate_limiter limiter(rate_limit{100, 1}, clock);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (!limiter.acquire("shared")) ++allowed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 100);
}

TEST(rate_limiter, refuses_a_limit_that_can_never_be_met) {
  manual_clock clock;
  EXPECT_THROW(rate_limiter(rate_limit{0, 10}, clock), std::invalid_argument);
  EXPECT_THROW(rate_limiter(rate_limit{10, 0}, clock), std::invalid_argument);
  EXPECT_THROW(rate_limiter(rate_limit{10, 10}, clock, 0), std::invalid_argument);
}

}  // namespace
}  // namespace natter::core
