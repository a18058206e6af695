// Mentions in the full-screen chat, driven through tmux: a line that
// mentions me is highlighted and rings the bell once as it arrives, even on
// screen; the conversation list counts unread mentions as "@n".

#include <sstream>

#include "client/support/cli_fixture.hpp"
#include "client/support/tmux_screen.hpp"

namespace natter::testing {
namespace {

using cli_mentions_test = cli_test;

// The message pane's part (right of the list's border) of the styled screen
// line that shows `text`.
std::string pane_line_with(const std::string& styled, const std::string& text) {
  std::istringstream lines(styled);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(text) == std::string::npos) continue;
    const auto bar = line.find("│");
    return bar == std::string::npos ? line : line.substr(bar);
  }
  return {};
}

TEST_F(cli_mentions_test, a_line_that_mentions_me_is_highlighted_and_rings_the_bell_in_the_chat_on_screen) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "hello"});
  auto screen = chat_of(*bob);
  ASSERT_TRUE(screen->wait_for("alice: hello", cli_patience)) << screen->capture();

  ok(*alice, {"send", "@bob", "plain words"});
  ASSERT_TRUE(screen->wait_for("alice: plain words", cli_patience)) << screen->capture();
  EXPECT_FALSE(screen->bell_rang()) << "a message in the chat on screen does not ring";
  ok(*alice, {"send", "@bob", "look @bob here"});
  ASSERT_TRUE(screen->wait_for("alice: look @bob here", cli_patience)) << screen->capture();
  EXPECT_TRUE(screen->bell_rang()) << "a mention does";

  const auto styled = screen->capture_styled();
  EXPECT_NE(pane_line_with(styled, "look @bob here").find("\x1b[7m"), std::string::npos) << "reversed:\n" << styled;
  EXPECT_EQ(pane_line_with(styled, "plain words").find("\x1b[7m"), std::string::npos) << "not reversed:\n" << styled;
}

TEST_F(cli_mentions_test, the_conversation_list_counts_unread_mentions_apart) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "hello"});
  auto screen = chat_of(*bob);
  ASSERT_TRUE(screen->wait_for("alice: hello", cli_patience)) << screen->capture();
  ok(*alice, {"group", "create", "Crew", "@bob"});
  ok(*alice, {"send", "--group", "Crew", "morning"});
  ok(*alice, {"send", "--group", "Crew", "@bob can you look?"});
  EXPECT_TRUE(screen->wait_for("Crew", cli_patience)) << screen->capture();
  EXPECT_TRUE(screen->wait_for("@1(2)", cli_patience)) << "two unread, one mentioning me:\n" << screen->capture();
  EXPECT_NE(ok(*bob, {"conversations"}).find("Crew\tgroup\t2 unread, 1 mentioning you"), std::string::npos);
}

}  // namespace
}  // namespace natter::testing
