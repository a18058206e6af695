#include "delivery/bus_message.hpp"

#include <gtest/gtest.h>

namespace natter::delivery {
namespace {

TEST(bus_message, round_trips_every_field_and_the_frame_bytes_untouched) {
  bus_message m{"node-a", message_kind::conversation, 42, 7, flag_membership | flag_exact,
                {3, 5},   "{\"type\":\"x\"}\n"};
  auto back = decode(encode(m));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->origin, "node-a");
  EXPECT_EQ(back->kind, message_kind::conversation);
  EXPECT_EQ(back->conversation, 42);
  EXPECT_EQ(back->seq, 7);
  EXPECT_EQ(back->flags, flag_membership | flag_exact);
  EXPECT_EQ(back->extra, (std::vector<store::user_id>{3, 5}));
  EXPECT_EQ(back->frame, m.frame);
}

TEST(bus_message, a_membership_notice_has_no_users_and_no_frame) {
  auto back = decode(encode({"n", message_kind::membership, 9, 1, 0, {}, {}}));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, message_kind::membership);
  EXPECT_TRUE(back->extra.empty());
  EXPECT_TRUE(back->frame.empty());
}

TEST(bus_message, ended_sessions_name_their_user_and_families) {
  auto back = decode(encode({"n", message_kind::sessions, 0, 0, 0, {7}, "fam-a,fam-b"}));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, message_kind::sessions);
  EXPECT_EQ(back->extra, std::vector<store::user_id>{7});
  EXPECT_EQ(back->frame, "fam-a,fam-b");
}

TEST(bus_message, anything_else_is_refused) {
  EXPECT_FALSE(decode(""));
  EXPECT_FALSE(decode("hello\n{}"));
  EXPECT_FALSE(decode("N2 n c 1 1 0 -\n{}"));
  EXPECT_FALSE(decode("N1 n x 1 1 0 -\n{}"));
  EXPECT_FALSE(decode("N1 n c one 1 0 -\n{}"));
  EXPECT_FALSE(decode("N1 n c 1 1 0 4,x\n{}"));
}

}  // namespace
}  // namespace natter::delivery
