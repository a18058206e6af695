// The inbox between the hub and a WebSocket session: one drain per burst,
// push order kept, bounded.
#include "realtime/session_inbox.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace natter::realtime {
namespace {

session_inbox::event conversation_event(conversation_id c, seq_t seq) {
  return {c, seq, delivery::make_frame(std::to_string(c) + ":" + std::to_string(seq)), false};
}

TEST(session_inbox, only_the_first_push_of_a_burst_asks_for_a_drain) {
  session_inbox inbox(16);
  EXPECT_TRUE(inbox.push(conversation_event(1, 1)));
  EXPECT_FALSE(inbox.push(conversation_event(1, 2)));
  EXPECT_FALSE(inbox.push(conversation_event(2, 1)));
  std::vector<session_inbox::event> out;
  EXPECT_FALSE(inbox.take(out));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(*out[0].f, "1:1");
  EXPECT_EQ(*out[1].f, "1:2");
  EXPECT_EQ(*out[2].f, "2:1");
  // After a take, the next push starts a new burst.
  EXPECT_TRUE(inbox.push(conversation_event(1, 3)));
  EXPECT_FALSE(inbox.take(out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(*out[0].f, "1:3");
}

TEST(session_inbox, a_burst_beyond_the_limit_is_refused_and_reported_once) {
  session_inbox inbox(4);
  EXPECT_TRUE(inbox.push(conversation_event(1, 1)));
  for (seq_t s = 2; s <= 10; ++s) EXPECT_FALSE(inbox.push(conversation_event(1, s)));
  std::vector<session_inbox::event> out;
  EXPECT_TRUE(inbox.take(out));  // the session closes with 4008
  ASSERT_EQ(out.size(), 4u);     // what came before the limit, in order
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i].seq, static_cast<seq_t>(i + 1));
  EXPECT_TRUE(inbox.push(conversation_event(1, 11)));
  EXPECT_FALSE(inbox.take(out));
}

TEST(session_inbox, a_limit_of_zero_still_asks_for_a_drain_that_reports_the_overflow) {
  session_inbox inbox(0);
  EXPECT_TRUE(inbox.push(conversation_event(1, 1)));
  std::vector<session_inbox::event> out;
  EXPECT_TRUE(inbox.take(out));
  EXPECT_TRUE(out.empty());
}

// Producers on their own threads (the writer thread, bus strands) and one
// consumer draining whenever a push asked for it, as the session's strand
// does: every event arrives once, each producer's events in their order, and
// there is never more than one drain pending.
TEST(session_inbox, concurrent_producers_keep_their_order_and_lose_nothing) {
  constexpr int producers = 4;
  constexpr seq_t per_producer = 20000;
  session_inbox inbox(static_cast<std::size_t>(producers * per_producer));
  std::atomic<int> drains_asked{0};
  std::atomic<bool> done{false};
  std::vector<seq_t> last(producers + 1, 0);
  std::size_t received = 0;
  bool order_kept = true;
  bool overflowed = false;
  int drains = 0;
  std::thread consumer([&] {
    std::vector<session_inbox::event> out;
    for (;;) {
      const bool finished = done.load();
      if (drains_asked.load() > drains) {
        ++drains;
        overflowed |= inbox.take(out);
        for (const auto& e : out) {
          auto& prev = last[static_cast<std::size_t>(e.conversation)];
          if (e.seq != prev + 1) order_kept = false;
          prev = e.seq;
        }
        received += out.size();
        out.clear();
      } else if (finished) {
        break;
      } else {
        std::this_thread::yield();
      }
    }
  });
  std::vector<std::thread> threads;
  for (int p = 1; p <= producers; ++p) {
    threads.emplace_back([&, p] {
      for (seq_t s = 1; s <= per_producer; ++s) {
        if (inbox.push(conversation_event(p, s))) drains_asked.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  done = true;
  consumer.join();
  EXPECT_FALSE(overflowed);
  EXPECT_TRUE(order_kept);
  EXPECT_EQ(received, static_cast<std::size_t>(producers * per_producer));
  EXPECT_EQ(drains, drains_asked.load());  // each asked-for drain found the inbox scheduled
}

// A burst from many threads at once into a small inbox: the overflow is
// reported to the drain, so the session closes (4008) instead of losing
// events silently.
TEST(session_inbox, a_concurrent_burst_past_the_limit_reaches_the_drain_as_overflow) {
  constexpr int producers = 4;
  session_inbox inbox(100);
  std::vector<std::thread> threads;
  std::atomic<int> drains_asked{0};
  for (int p = 1; p <= producers; ++p) {
    threads.emplace_back([&, p] {
      for (seq_t s = 1; s <= 1000; ++s) {
        if (inbox.push(conversation_event(p, s))) drains_asked.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(drains_asked.load(), 1);
  std::vector<session_inbox::event> out;
  EXPECT_TRUE(inbox.take(out));
  EXPECT_EQ(out.size(), 100u);
}

}  // namespace
}  // namespace natter::realtime
