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

// While bob's session cannot reach the server (it moved to another port for
// a while), alice writes 4.8 MB into three groups. Back on bob's port, the
// session catches up through several sync pages and history pages.
TEST_F(session_test, a_session_far_behind_catches_up_over_paged_syncs) {
  auto alice = online_as("alice");
  auto bob = online_as("bob");
  ASSERT_TRUE(get(bob->call(protocol::contact_add_request{"alice"})));  // so alice adds him at once
  std::vector<protocol::conversation_id> groups;
  for (const char* name : {"one", "two", "three"}) {
    auto created = get(alice->call(protocol::group_create_request{name, {"bob"}}));
    ASSERT_TRUE(created) << created.error().code;
    groups.push_back(created->conv.id);
  }
  event_log bob_log;
  ASSERT_TRUE(wait_until(*bob, bob_log, [](const event_log& l) { return l.others.size() >= 6; }));  // the joins

  const auto bobs_port = server_->port();
  server_->restart();  // elsewhere: bob keeps trying his port
  alice->stop();
  alice = online_with(options_for("alice"));
  std::string text;
  for (std::size_t chars = 0; chars < 3990; ++chars) text += "\xF0\x9F\x98\x80";
  for (auto g : groups) {
    for (int i = 0; i < 100; i += 20) {
      std::vector<std::future<client::outcome<protocol::message_reply>>> sends;
      for (int j = i; j < i + 20; ++j) sends.push_back(alice->send_text(g, std::to_string(j) + " " + text));
      for (auto& f : sends) ASSERT_TRUE(get(std::move(f)));
    }
  }
  server_->restart_on(bobs_port);

  ASSERT_TRUE(wait_until(*bob, bob_log, [](const event_log& l) { return l.messages.size() >= 300; }))
      << bob_log.messages.size() << " of 300";
  std::map<protocol::conversation_id, protocol::seq_t> last;
  for (const auto& m : bob_log.messages) {
    EXPECT_EQ(m.seq, last[m.conversation] == 0 ? 3 : last[m.conversation] + 1) << "in order, once";
    last[m.conversation] = m.seq;
  }
  for (auto g : groups) EXPECT_EQ(last[g], 102);
}

}  // namespace
}  // namespace natter::testing
