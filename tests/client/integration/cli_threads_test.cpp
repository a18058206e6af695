// Threads in the full-screen chat, driven through tmux: /thread answers in
// the thread of the newest message; the reply shows set in under what it
// answers in, and the root shows how many replies it has, in both terminals.

#include "client/support/cli_fixture.hpp"
#include "client/support/tmux_screen.hpp"

namespace natter::testing {
namespace {

using cli_threads_test = cli_test;

TEST_F(cli_threads_test, slash_thread_replies_under_the_root_and_counts_them_in_both_terminals) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "plan for saturday?"});
  auto alice_screen = chat_of(*alice);
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(bob_screen->wait_for("alice: plan for saturday?", cli_patience)) << bob_screen->capture();
  ASSERT_TRUE(alice_screen->wait_for("alice: plan for saturday?", cli_patience)) << alice_screen->capture();

  bob_screen->type("/thread hiking if it is dry");
  bob_screen->press("Enter");
  EXPECT_TRUE(alice_screen->wait_for("⤷ in thread: alice: plan for saturday?", cli_patience))
      << alice_screen->capture();
  EXPECT_TRUE(alice_screen->wait_for("bob: hiking if it is dry", cli_patience)) << alice_screen->capture();
  EXPECT_TRUE(alice_screen->wait_for("⤷ 1 reply", cli_patience)) << alice_screen->capture();
  EXPECT_TRUE(bob_screen->wait_for("⤷ 1 reply", cli_patience)) << bob_screen->capture();

  // The newest message is now a reply: /thread answers in its thread.
  alice_screen->type("/thread count me in");
  alice_screen->press("Enter");
  EXPECT_TRUE(bob_screen->wait_for("alice: count me in", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(bob_screen->wait_for("⤷ 2 replies", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(alice_screen->wait_for("⤷ 2 replies", cli_patience)) << alice_screen->capture();
}

}  // namespace
}  // namespace natter::testing
