#include <gtest/gtest.h>

#include "client/seq_tracker.hpp"

namespace natter::client {
namespace {

using verdict = seq_tracker::verdict;

TEST(seq_tracker, the_first_event_of_an_unknown_conversation_is_fresh) {
  seq_tracker t;
  EXPECT_EQ(t.accept(7, 5), verdict::fresh);
  EXPECT_EQ(t.last(7), 5);
}

TEST(seq_tracker, the_next_seq_is_fresh_and_a_repeat_is_a_duplicate) {
  seq_tracker t;
  t.advance_to(7, 3);
  EXPECT_EQ(t.accept(7, 4), verdict::fresh);
  EXPECT_EQ(t.accept(7, 4), verdict::duplicate);
  EXPECT_EQ(t.accept(7, 2), verdict::duplicate);
  EXPECT_EQ(t.last(7), 4);
}

TEST(seq_tracker, a_skipped_seq_is_a_gap_and_does_not_move_the_last_seq) {
  seq_tracker t;
  t.advance_to(7, 3);
  EXPECT_EQ(t.accept(7, 6), verdict::gap);
  EXPECT_EQ(t.last(7), 3);
  // The range fetched with history then arrives in order.
  EXPECT_EQ(t.accept(7, 4), verdict::fresh);
  EXPECT_EQ(t.accept(7, 5), verdict::fresh);
  EXPECT_EQ(t.accept(7, 6), verdict::fresh);
}

TEST(seq_tracker, a_resync_that_repeats_events_lets_each_through_once) {
  seq_tracker t;
  t.advance_to(7, 0);
  std::vector<protocol::seq_t> delivered;
  for (protocol::seq_t s : {1, 2, 3, 2, 3, 4, 1, 5}) {
    if (t.accept(7, s) == verdict::fresh) delivered.push_back(s);
  }
  EXPECT_EQ(delivered, (std::vector<protocol::seq_t>{1, 2, 3, 4, 5}));
}

TEST(seq_tracker, conversations_are_tracked_apart) {
  seq_tracker t;
  t.advance_to(1, 10);
  t.advance_to(2, 0);
  EXPECT_EQ(t.accept(2, 1), verdict::fresh);
  EXPECT_EQ(t.accept(1, 1), verdict::duplicate);
  EXPECT_EQ(t.since(), (std::map<protocol::conversation_id, protocol::seq_t>{{1, 10}, {2, 1}}));
}

TEST(seq_tracker, advance_to_never_moves_back) {
  seq_tracker t;
  t.advance_to(7, 9);
  t.advance_to(7, 4);
  EXPECT_EQ(t.last(7), 9);
}

}  // namespace
}  // namespace natter::client
