#include <gtest/gtest.h>

#include "client/outbox.hpp"

namespace natter::client {
namespace {

protocol::send_request to_bob(std::string text) {
  protocol::send_request r;
  r.to = "@bob";
  r.text = std::move(text);
  return r;
}

TEST(outbox, gives_every_send_a_distinct_client_msg_id) {
  outbox box;
  auto a = box.add(to_bob("one"), {});
  auto b = box.add(to_bob("two"), {});
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(a->client_msg_id.empty());
  EXPECT_NE(a->client_msg_id, b->client_msg_id);
}

TEST(outbox, two_outboxes_never_share_client_msg_ids) {
  outbox first;
  outbox second;
  EXPECT_NE(first.add(to_bob("x"), {})->client_msg_id, second.add(to_bob("x"), {})->client_msg_id);
}

TEST(outbox, keeps_a_client_msg_id_the_caller_chose) {
  outbox box;
  auto r = to_bob("x");
  r.client_msg_id = "mine-1";
  EXPECT_EQ(box.add(r, {})->client_msg_id, "mine-1");
}

TEST(outbox, pending_sends_come_back_oldest_first_with_the_same_ids_for_a_retry) {
  outbox box;
  auto a = box.add(to_bob("one"), {});
  auto b = box.add(to_bob("two"), {});
  auto pending = box.pending();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0], *a);
  EXPECT_EQ(pending[1], *b);
  // Asking again (a second reconnect) gives the very same requests.
  EXPECT_EQ(box.pending(), pending);
}

TEST(outbox, an_acknowledged_send_leaves_and_completes_once) {
  outbox box;
  int completions = 0;
  auto a = box.add(to_bob("one"), [&](outcome<protocol::message> m) { completions += m.ok() ? 1 : 100; });
  auto done = box.take(a->client_msg_id);
  ASSERT_TRUE(done);
  (*done)(protocol::message{});
  EXPECT_EQ(completions, 1);
  EXPECT_TRUE(box.pending().empty());
  EXPECT_FALSE(box.take(a->client_msg_id));  // a second ack for the same send finds nothing
}

TEST(outbox, refuses_sends_beyond_its_limit) {
  outbox box(2);
  EXPECT_TRUE(box.add(to_bob("1"), {}));
  EXPECT_TRUE(box.add(to_bob("2"), {}));
  EXPECT_FALSE(box.add(to_bob("3"), {}));
  EXPECT_EQ(box.size(), 2u);
}

TEST(outbox, fail_all_completes_every_send_with_the_failure) {
  outbox box;
  std::vector<std::string> codes;
  for (int i = 0; i < 3; ++i) {
    (void)box.add(to_bob("x"), [&](outcome<protocol::message> m) { codes.push_back(m.error().code); });
  }
  box.fail_all(failure::local("STOPPED", "stopped"));
  EXPECT_EQ(codes, (std::vector<std::string>{"STOPPED", "STOPPED", "STOPPED"}));
  EXPECT_EQ(box.size(), 0u);
}

}  // namespace
}  // namespace natter::client
