// The chat's marks: presence symbols, day separators, actions, typing.

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <set>

#include "clients/cli/chat_marks.hpp"
#include "clients/cli/typing_state.hpp"

namespace natter::cli {
namespace {

TEST(presence_mark, gives_each_presence_its_own_symbol) {
  const std::set<std::string> marks{presence_mark("online"), presence_mark("away"), presence_mark("busy"),
                                    presence_mark("offline")};
  EXPECT_EQ(marks.size(), 4u);
  EXPECT_EQ(presence_mark("online"), "●");
  EXPECT_EQ(presence_mark(""), " ");
}

TEST(day_of, changes_at_local_midnight) {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  const protocol::unix_ms evening = 1'765'065'540'000;  // 2025-12-06 23:59 UTC
  EXPECT_EQ(day_of(evening), "2025-12-06");
  EXPECT_EQ(day_of(evening + 60'000), "2025-12-07");
  EXPECT_EQ(day_label(evening), "Saturday 6 December 2025");
  EXPECT_EQ(day_of(0), "");
}

TEST(day_separator, comes_where_the_day_changes_and_above_a_first_line_from_before_today) {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  const protocol::unix_ms evening = 1'765'065'540'000;  // 2025-12-06 23:59 UTC
  const protocol::unix_ms morning = evening + 8 * 3'600'000;
  EXPECT_EQ(day_separator(0, evening, evening + 1000), std::nullopt) << "today's first line";
  EXPECT_EQ(day_separator(0, evening, morning), "Saturday 6 December 2025");
  EXPECT_EQ(day_separator(evening, evening + 1000, morning), std::nullopt);
  EXPECT_EQ(day_separator(evening, morning, morning), "Sunday 7 December 2025");
  EXPECT_EQ(day_separator(evening, 0, morning), std::nullopt);
}

TEST(action_of, takes_text_that_begins_with_slash_me) {
  EXPECT_EQ(action_of("/me waves"), "waves");
  EXPECT_EQ(action_of("/me"), std::nullopt);
  EXPECT_EQ(action_of("/me "), std::nullopt);
  EXPECT_EQ(action_of("/meow"), std::nullopt);
  EXPECT_EQ(action_of("hi /me waves"), std::nullopt);
  EXPECT_EQ(said("alice", "/me waves"), "* alice waves");
  EXPECT_EQ(said("alice", "hi"), "alice: hi");
}

TEST(typing_state, shows_someone_until_the_ttl_or_their_message) {
  typing_state t(std::chrono::milliseconds(5000), std::chrono::milliseconds(3000));
  const auto t0 = typing_state::clock::now();
  t.typing(7, "bob", t0);
  t.typing(7, "carol", t0 + std::chrono::seconds(2));
  t.typing(8, "dave", t0);
  EXPECT_EQ(typing_state::describe(t.typers(7)), "bob and carol are typing…");
  EXPECT_FALSE(t.expire(t0 + std::chrono::seconds(4)));
  EXPECT_TRUE(t.expire(t0 + std::chrono::seconds(5)));
  EXPECT_EQ(typing_state::describe(t.typers(7)), "carol is typing…");
  t.stopped(7, "carol");
  EXPECT_EQ(typing_state::describe(t.typers(7)), "");
  EXPECT_EQ(typing_state::describe({"a", "b", "c"}), "3 people are typing…");
}

TEST(typing_state, sends_at_most_once_per_resend_interval_per_conversation) {
  typing_state t(std::chrono::milliseconds(5000), std::chrono::milliseconds(3000));
  const auto t0 = typing_state::clock::now();
  EXPECT_TRUE(t.should_send(7, t0));
  EXPECT_FALSE(t.should_send(7, t0 + std::chrono::milliseconds(2999)));
  EXPECT_TRUE(t.should_send(8, t0 + std::chrono::milliseconds(10)));
  EXPECT_TRUE(t.should_send(7, t0 + std::chrono::milliseconds(3000)));
}

}  // namespace
}  // namespace natter::cli
