// client::session across a natterd crash and restart on the same port.

#include <algorithm>
#include <thread>

#include "client/support/session_fixture.hpp"

namespace natter::testing {
namespace {

bool reached(client::session& s, client::connection_state wanted) {
  const auto deadline = std::chrono::steady_clock::now() + client_patience;
  while (s.state() != wanted) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a state, with a deadline
  }
  return true;
}

TEST_F(session_test, survives_a_restart_resends_its_outbox_and_resyncs_without_duplicates) {
  auto alice = online_as("alice");
  auto bob = online_as("bob");
  ASSERT_TRUE(get(bob->call(protocol::contact_add_request{"alice"})));
  event_log bob_log;
  ASSERT_TRUE(get(alice->send_text("@bob", "before")));
  ASSERT_TRUE(wait_for_text(*bob, bob_log, "before"));

  server_->kill();
  ASSERT_TRUE(reached(*alice, client::connection_state::reconnecting));
  ASSERT_TRUE(reached(*bob, client::connection_state::reconnecting));
  auto while_down = alice->send_text("@bob", "while down");  // waits in the outbox
  server_->restart(true);

  auto sent = get(std::move(while_down));
  ASSERT_TRUE(sent) << sent.error().code;
  ASSERT_TRUE(wait_for_text(*bob, bob_log, "while down"));
  ASSERT_TRUE(get(alice->send_text("@bob", "after")));
  ASSERT_TRUE(wait_for_text(*bob, bob_log, "after"));
  EXPECT_EQ(bob_log.count_text("before"), 1);
  EXPECT_EQ(bob_log.count_text("while down"), 1);
  EXPECT_EQ(bob_log.count_text("after"), 1);
  for (std::size_t i = 1; i < bob_log.messages.size(); ++i) {
    EXPECT_GT(bob_log.messages[i].seq, bob_log.messages[i - 1].seq);
  }
  EXPECT_NE(std::find(bob_log.states.begin(), bob_log.states.end(), client::connection_state::reconnecting),
            bob_log.states.end());
}

TEST_F(session_test, messages_sent_while_a_session_is_away_arrive_on_resync) {
  auto alice = online_as("alice");
  auto bob = online_as("bob");
  auto first = get(alice->send_text("@bob", "one"));
  ASSERT_TRUE(first);
  event_log bob_log;
  ASSERT_TRUE(wait_for_text(*bob, bob_log, "one"));
  server_->kill();
  ASSERT_TRUE(reached(*bob, client::connection_state::reconnecting));
  server_->restart(true);
  ASSERT_TRUE(reached(*alice, client::connection_state::online));
  // Bob may or may not be back yet; either way he gets these exactly once.
  for (const char* text : {"two", "three"}) ASSERT_TRUE(get(alice->send_text(first->msg.conversation, text)));
  ASSERT_TRUE(wait_for_text(*bob, bob_log, "three"));
  EXPECT_EQ(bob_log.count_text("one"), 1);
  EXPECT_EQ(bob_log.count_text("two"), 1);
  EXPECT_EQ(bob_log.count_text("three"), 1);
}

}  // namespace
}  // namespace natter::testing
