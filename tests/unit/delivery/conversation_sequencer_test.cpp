#include "delivery/conversation_sequencer.hpp"

#include <gtest/gtest.h>

namespace natter::delivery {
namespace {

class sequencer : public ::testing::Test {
 protected:
  conversation_sequencer seq_{
      [this](store::conversation_id, const sequenced_event& e) { delivered_.push_back(e.seq); }};
  std::vector<store::seq_t> delivered_;

  static sequenced_event event(store::seq_t s) { return {s, delivery::make_frame(std::to_string(s)), {1}}; }
};

TEST_F(sequencer, delivers_the_next_seq_at_once_and_drops_what_it_already_delivered) {
  seq_.track(1, 4);
  EXPECT_FALSE(seq_.offer(1, event(5)));
  EXPECT_FALSE(seq_.offer(1, event(5)));
  EXPECT_FALSE(seq_.offer(1, event(3)));
  EXPECT_EQ(delivered_, (std::vector<store::seq_t>{5}));
  EXPECT_EQ(seq_.last(1), 5);
}

TEST_F(sequencer, a_gap_holds_later_events_until_the_store_fills_it) {
  seq_.track(1, 1);
  EXPECT_TRUE(seq_.offer(1, event(4))) << "the owner is asked to catch up";
  EXPECT_FALSE(seq_.offer(1, event(5))) << "asked once";
  EXPECT_TRUE(delivered_.empty());
  EXPECT_FALSE(seq_.caught_up(1, {event(2), event(3), event(4)}));
  EXPECT_EQ(delivered_, (std::vector<store::seq_t>{2, 3, 4, 5}));
}

TEST_F(sequencer, a_gap_the_store_did_not_fill_yet_asks_for_another_catch_up) {
  seq_.track(1, 0);
  EXPECT_TRUE(seq_.offer(1, event(3)));
  EXPECT_TRUE(seq_.caught_up(1, {event(1)}));
  EXPECT_FALSE(seq_.caught_up(1, {event(2), event(3)}));
  EXPECT_EQ(delivered_, (std::vector<store::seq_t>{1, 2, 3}));
}

// The catch-up read the store before seq 2 was committed; seq 2 then arrives
// live. Nothing else will come to repair the conversation: seq 2 must go out,
// and what was held behind it, and everything after.
TEST_F(sequencer, the_missing_seq_arriving_after_a_catch_up_that_missed_it_releases_what_was_held) {
  seq_.track(1, 1);
  EXPECT_TRUE(seq_.offer(1, event(3)));
  EXPECT_TRUE(seq_.caught_up(1, {})) << "the gap is still there: the owner catches up again";
  EXPECT_FALSE(seq_.offer(1, event(2)));
  EXPECT_FALSE(seq_.offer(1, event(4)));
  EXPECT_EQ(delivered_, (std::vector<store::seq_t>{2, 3, 4}));
  EXPECT_FALSE(seq_.caught_up(1, {event(2), event(3)})) << "the catch-up that was asked for finds nothing missing";
  EXPECT_EQ(delivered_, (std::vector<store::seq_t>{2, 3, 4}));
}

TEST_F(sequencer, the_next_seq_goes_out_while_a_catch_up_is_under_way_and_the_catch_up_does_not_repeat_it) {
  seq_.track(1, 1);
  EXPECT_TRUE(seq_.offer(1, event(3)));
  EXPECT_FALSE(seq_.offer(1, event(2)));
  EXPECT_EQ(delivered_, (std::vector<store::seq_t>{2, 3}));
  EXPECT_FALSE(seq_.caught_up(1, {event(2), event(3)}));
  EXPECT_FALSE(seq_.offer(1, event(4)));
  EXPECT_EQ(delivered_, (std::vector<store::seq_t>{2, 3, 4}));
}

// Held events past a seq that never comes live (Redis dropped it): every
// catch-up that leaves the gap asks for the next one, and the store fills it.
TEST_F(sequencer, a_gap_nobody_fills_live_is_asked_about_until_the_store_fills_it) {
  seq_.track(1, 1);
  EXPECT_TRUE(seq_.offer(1, event(3)));
  EXPECT_TRUE(seq_.caught_up(1, {}));
  EXPECT_FALSE(seq_.offer(1, event(4))) << "a catch-up is already due";
  EXPECT_TRUE(seq_.caught_up(1, {}));
  EXPECT_TRUE(delivered_.empty());
  EXPECT_FALSE(seq_.caught_up(1, {event(2), event(3), event(4)}));
  EXPECT_EQ(delivered_, (std::vector<store::seq_t>{2, 3, 4}));
}

TEST_F(sequencer, events_without_seq_and_untracked_conversations_go_straight_through) {
  seq_.track(1, 5);
  EXPECT_FALSE(seq_.offer(1, event(0)));
  EXPECT_FALSE(seq_.offer(2, event(9)));
  EXPECT_EQ(delivered_, (std::vector<store::seq_t>{0, 9}));
}

}  // namespace
}  // namespace natter::delivery
