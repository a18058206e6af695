// Reactions and pins in the full-screen chat, driven through tmux: /react on
// the newest message shows its counts under it in both terminals; /pins
// lists what is pinned.

#include "client/support/cli_fixture.hpp"
#include "client/support/tmux_screen.hpp"

namespace natter::testing {
namespace {

using cli_reactions_test = cli_test;

TEST_F(cli_reactions_test, slash_react_shows_the_count_under_the_message_in_both_terminals) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "lunch at noon?"});
  auto alice_screen = chat_of(*alice);
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(bob_screen->wait_for("alice: lunch at noon?", cli_patience)) << bob_screen->capture();
  ASSERT_TRUE(alice_screen->wait_for("alice: lunch at noon?", cli_patience)) << alice_screen->capture();

  bob_screen->type("/react 👍");
  bob_screen->press("Enter");
  EXPECT_TRUE(bob_screen->wait_for("reacted 👍", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(alice_screen->wait_for("👍 1", cli_patience)) << alice_screen->capture();
  EXPECT_TRUE(bob_screen->wait_for("👍 1", cli_patience)) << bob_screen->capture();

  alice_screen->type("/react 👍");
  alice_screen->press("Enter");
  EXPECT_TRUE(bob_screen->wait_for("👍 2", cli_patience)) << bob_screen->capture();

  bob_screen->type("/react hello");
  bob_screen->press("Enter");
  EXPECT_TRUE(bob_screen->wait_for("VALIDATION_FAILED", cli_patience)) << bob_screen->capture();

  bob_screen->type("/pin");
  bob_screen->press("Enter");
  EXPECT_TRUE(alice_screen->wait_for("bob pinned a message: lunch at noon?", cli_patience)) << alice_screen->capture();

  alice_screen->type("/pins");
  alice_screen->press("Enter");
  EXPECT_TRUE(alice_screen->wait_for("alice: lunch at noon?  (pinned by bob)", cli_patience))
      << alice_screen->capture();
}

TEST_F(cli_reactions_test, slash_pins_says_when_nothing_is_pinned) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "nothing to see"});
  auto alice_screen = chat_of(*alice);
  ASSERT_TRUE(alice_screen->wait_for("alice: nothing to see", cli_patience)) << alice_screen->capture();
  alice_screen->type("/pins");
  alice_screen->press("Enter");
  EXPECT_TRUE(alice_screen->wait_for("nothing is pinned here", cli_patience)) << alice_screen->capture();
}

}  // namespace
}  // namespace natter::testing
