#include "delivery/session_gate.hpp"

#include <gtest/gtest.h>

namespace natter::delivery {
namespace {

using verdict = session_gate::verdict;

frame f(const std::string& s) {
  return make_frame(s);
}

std::vector<std::string> texts(const std::vector<frame>& frames) {
  std::vector<std::string> out;
  for (const auto& x : frames) out.push_back(*x);
  return out;
}

TEST(session_gate, nothing_goes_out_before_the_first_sync) {
  session_gate g(8);
  EXPECT_EQ(g.offer(1, 1, f("1")), verdict::dropped);
  EXPECT_EQ(g.offer(1, 0, f("typing")), verdict::dropped);
}

TEST(session_gate, events_during_a_sync_follow_its_reply_minus_what_it_carried) {
  session_gate g(8);
  g.sync_started();
  EXPECT_EQ(g.offer(1, 5, f("5")), verdict::held);
  EXPECT_EQ(g.offer(1, 6, f("6")), verdict::held);
  EXPECT_EQ(g.offer(2, 0, f("receipt")), verdict::held);
  const std::vector<std::pair<conversation_id, seq_t>> covered{{1, 5}};
  EXPECT_EQ(texts(g.sync_ended(&covered)), (std::vector<std::string>{"6", "receipt"}));
  EXPECT_EQ(g.offer(1, 6, f("6 again")), verdict::dropped);
  EXPECT_EQ(g.offer(1, 7, f("7")), verdict::send);
}

TEST(session_gate, released_events_keep_their_conversation_and_seq) {
  session_gate g(8);
  g.sync_started();
  EXPECT_EQ(g.offer(1, 5, f("5")), verdict::held);
  EXPECT_EQ(g.offer(2, 3, f("3")), verdict::held);
  EXPECT_EQ(g.offer(2, 0, f("typing")), verdict::held);
  const std::vector<std::pair<conversation_id, seq_t>> covered{{1, 5}};
  const auto released = g.sync_ended_events(&covered);
  ASSERT_EQ(released.size(), 2u);
  EXPECT_EQ(released[0].conversation, 2);
  EXPECT_EQ(released[0].seq, 3);
  EXPECT_EQ(*released[0].f, "3");
  EXPECT_EQ(released[1].conversation, 2);
  EXPECT_EQ(released[1].seq, 0);
  EXPECT_EQ(*released[1].f, "typing");
}

TEST(session_gate, overlapping_syncs_release_only_when_the_last_ends) {
  session_gate g(8);
  g.sync_started();
  g.sync_started();
  g.offer(1, 3, f("3"));
  const std::vector<std::pair<conversation_id, seq_t>> first{{1, 2}};
  EXPECT_TRUE(g.sync_ended(&first).empty());
  const std::vector<std::pair<conversation_id, seq_t>> second{{1, 1}};
  EXPECT_EQ(texts(g.sync_ended(&second)), std::vector<std::string>{"3"});
}

TEST(session_gate, a_failed_first_sync_sends_nothing_it_held) {
  session_gate g(8);
  g.sync_started();
  g.offer(1, 1, f("1"));
  EXPECT_TRUE(g.sync_ended(nullptr).empty());
  EXPECT_FALSE(g.synced());
  EXPECT_EQ(g.offer(1, 2, f("2")), verdict::dropped);
}

TEST(session_gate, holding_more_than_its_limit_is_an_overflow) {
  session_gate g(2);
  g.sync_started();
  EXPECT_EQ(g.offer(1, 1, f("1")), verdict::held);
  EXPECT_EQ(g.offer(1, 2, f("2")), verdict::held);
  EXPECT_EQ(g.offer(1, 3, f("3")), verdict::overflow);
}

TEST(session_gate, a_seq_is_sent_once_and_never_after_a_later_one) {
  session_gate g(8);
  g.sync_started();
  const std::vector<std::pair<conversation_id, seq_t>> none;
  g.sync_ended(&none);
  EXPECT_EQ(g.offer(1, 2, f("2")), verdict::send);
  EXPECT_EQ(g.offer(1, 1, f("1")), verdict::dropped);
  EXPECT_EQ(g.offer(1, 2, f("2")), verdict::dropped);
  EXPECT_EQ(g.offer(2, 1, f("other conversation")), verdict::send);
  EXPECT_EQ(g.offer(1, 0, f("typing")), verdict::send);
  EXPECT_EQ(g.offer(1, 0, f("typing")), verdict::send);
}

TEST(session_gate, a_sync_over_many_conversations_vouches_for_each_at_its_own_seq) {
  session_gate g(8);
  g.sync_started();
  g.sync_ended(nullptr);  // a failed sync: nothing known yet
  g.sync_started();
  // Out of order, one conversation named twice: the higher seq counts.
  const std::vector<std::pair<conversation_id, seq_t>> first{{30, 3}, {10, 1}, {20, 2}, {10, 4}};
  g.sync_ended(&first);
  g.sync_started();
  // Known and new conversations mixed; a lower seq never lowers what was sent.
  const std::vector<std::pair<conversation_id, seq_t>> second{{20, 1}, {5, 7}, {40, 2}, {30, 6}};
  g.sync_ended(&second);
  for (auto [c, last] : std::vector<std::pair<conversation_id, seq_t>>{{5, 7}, {10, 4}, {20, 2}, {30, 6}, {40, 2}}) {
    EXPECT_EQ(g.offer(c, last, f("old")), verdict::dropped) << c;
    EXPECT_EQ(g.offer(c, last + 1, f("new")), verdict::send) << c;
  }
  EXPECT_EQ(g.offer(15, 1, f("never synced")), verdict::send);
  EXPECT_EQ(g.offer(15, 1, f("again")), verdict::dropped);
}

}  // namespace
}  // namespace natter::delivery
