// Several natterd nodes on one PostgreSQL and one Redis: what users on
// different nodes see of each other.
#include "integration/multinode/cluster_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

class multinode : public cluster_test {};

class three_nodes : public cluster_test {
 protected:
  int node_count() override { return 3; }
};

TEST_F(multinode, users_on_different_nodes_chat_directly) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  const auto chat = conversation_of(send_to(*alice, "@bob", "hi bob"));
  auto request = bob->event("request");
  EXPECT_EQ(request.at("from"), "alice");
  EXPECT_EQ(request.at("conversation_id").as_int64(), chat);
  EXPECT_EQ(bob->event("message").at("message").at("text"), "hi bob");

  bob->ok({{"type", "request.accept"}, {"conversation_id", chat}});
  EXPECT_EQ(alice->event("request.accepted").at("by"), "bob");
  send_in(*bob, chat, "hello alice");
  EXPECT_EQ(alice->event("message").at("message").at("text"), "hi bob") << "her own first";
  EXPECT_EQ(alice->event("message").at("message").at("text"), "hello alice");
}

TEST_F(three_nodes, a_room_spans_nodes) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  auto carol = join_as("carol", 2);
  const auto room = conversation_of(alice->ok({{"type", "room.create"}, {"name", "lobby"}, {"topic", "hi"}}));
  bob->ok({{"type", "room.join"}, {"name", "lobby"}});
  EXPECT_EQ(alice->event("member.joined").at("user"), "alice");
  EXPECT_EQ(alice->event("member.joined").at("user"), "bob");
  carol->ok({{"type", "room.join"}, {"name", "lobby"}});
  EXPECT_EQ(bob->event("member.joined").at("user"), "bob");
  EXPECT_EQ(bob->event("member.joined").at("user"), "carol");

  send_in(*carol, room, "from carol");
  send_in(*bob, room, "from bob");
  send_in(*alice, room, "from alice");
  for (auto* ws : {alice.get(), bob.get(), carol.get()}) {
    std::vector<std::string> texts;
    std::int64_t last = 0;
    for (int i = 0; i < 3; ++i) {
      auto m = ws->event("message").at("message");
      EXPECT_GT(m.at("seq").as_int64(), last) << "in seq order";
      last = m.at("seq").as_int64();
      texts.emplace_back(m.at("text").as_string());
    }
    EXPECT_EQ(texts, (std::vector<std::string>{"from carol", "from bob", "from alice"}));
  }
}

TEST_F(multinode, a_user_added_to_a_group_on_another_node_gets_the_join_and_what_follows) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});  // so alice adds him at once
  const auto group = conversation_of(alice->ok({{"type", "group.create"}, {"name", "Friends"}, {"members", array{}}}));
  alice->ok({{"type", "group.add"}, {"conversation_id", group}, {"username", "bob"}});
  auto joined = bob->event("member.joined");
  EXPECT_EQ(joined.at("conversation_id").as_int64(), group);
  EXPECT_EQ(joined.at("user"), "bob");
  send_in(*alice, group, "welcome");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "welcome");
  send_in(*bob, group, "thanks");
  alice->event("message");  // her own
  EXPECT_EQ(alice->event("message").at("message").at("text"), "thanks");

  alice->ok({{"type", "group.remove"}, {"conversation_id", group}, {"username", "bob"}});
  EXPECT_EQ(bob->event("member.left").at("user"), "bob") << "the removed member hears of it on their node";
}

TEST_F(multinode, an_invitation_from_another_node_is_accepted_and_the_group_follows) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  const auto group =
      conversation_of(alice->ok({{"type", "group.create"}, {"name", "Friends"}, {"members", array{"bob"}}}));
  EXPECT_EQ(bob->event("group.invited").at("conversation_id").as_int64(), group);
  bob->ok({{"type", "request.accept"}, {"conversation_id", group}});
  auto joined = bob->event("member.joined");
  EXPECT_EQ(joined.at("user"), "bob");
  EXPECT_EQ(joined.at("by"), "alice");
  send_in(*alice, group, "welcome");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "welcome");
}

TEST_F(multinode, receipts_and_typing_cross_nodes) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});
  const auto chat = conversation_of(send_to(*alice, "@bob", "one"));
  const auto seq = bob->event("message").at("message").at("seq").as_int64();
  bob->ok({{"type", "receipt.read"}, {"conversation_id", chat}, {"seq", seq}});
  auto receipt = alice->event("receipt");
  EXPECT_EQ(receipt.at("user"), "bob");
  EXPECT_EQ(receipt.at("read_seq").as_int64(), seq);
  bob->ok({{"type", "typing"}, {"conversation_id", chat}});
  EXPECT_EQ(alice->event("typing").at("user"), "bob");
}

TEST_F(multinode, presence_crosses_nodes) {
  auto alice = join_as("alice", 0);
  auto carol_session = register_and_login("carol");
  // carol shares her presence with alice (alice adding carol would not).
  connect(carol_session, 1)->ok({{"type", "contact.add"}, {"username", "alice"}});
  EXPECT_EQ(alice->event("presence").at("status"), "offline");  // that first connection ended
  alice->ok({{"type", "contact.add"}, {"username", "carol"}});
  {
    auto carol = connect(carol_session, 1);
    auto online = alice->event("presence");
    EXPECT_EQ(online.at("user"), "carol");
    EXPECT_EQ(online.at("status"), "online");
    carol->ok({{"type", "presence.set"}, {"status", "busy"}});
    EXPECT_EQ(alice->event("presence").at("status"), "busy");
    auto contacts = alice->ok({{"type", "contact.list"}}).at("contacts").as_array();
    ASSERT_EQ(contacts.size(), 1U);
    EXPECT_EQ(contacts[0].at("status"), "busy") << "alice's node asks the directory";
  }
  auto offline = alice->event("presence");
  EXPECT_EQ(offline.at("status"), "offline");
  EXPECT_GT(offline.at("last_seen").as_int64(), 0);
}

TEST_F(multinode, a_user_on_two_nodes_is_offline_only_after_the_last_session_closes) {
  auto alice = join_as("alice", 0);
  auto bob_session = register_and_login("bob");
  connect(bob_session, 0)->ok({{"type", "contact.add"}, {"username", "alice"}});  // bob shares his presence
  EXPECT_EQ(alice->event("presence").at("status"), "offline");                    // that first connection ended
  auto bob_here = connect(bob_session, 0);
  EXPECT_EQ(alice->event("presence").at("status"), "online");
  auto bob_there = connect(bob_session, 1);
  bob_here.reset();
  // Well past the offline grace (200 ms) of node 0: bob is still on node 1.
  EXPECT_FALSE(alice->maybe_event("presence", std::chrono::milliseconds(1500)));
  bob_there.reset();
  EXPECT_EQ(alice->event("presence").at("status"), "offline");
}

TEST_F(multinode, a_user_with_sessions_on_two_nodes_sees_each_message_once_per_session) {
  auto alice = join_as("alice", 0);
  auto bob_session = register_and_login("bob");
  auto bob_here = connect(bob_session, 0);
  auto bob_there = connect(bob_session, 1);
  bob_here->ok({{"type", "contact.add"}, {"username", "alice"}});
  const auto chat = conversation_of(send_to(*alice, "@bob", "m1"));
  for (int i = 2; i <= 5; ++i) send_in(*alice, chat, "m" + std::to_string(i));
  for (auto* ws : {bob_here.get(), bob_there.get()}) {
    for (int i = 1; i <= 5; ++i) {
      auto m = ws->event("message").at("message");
      EXPECT_EQ(m.at("seq").as_int64(), i);
      EXPECT_EQ(m.at("text").as_string(), "m" + std::to_string(i));
    }
    EXPECT_FALSE(ws->maybe_event("message", std::chrono::milliseconds(500))) << "no duplicates";
  }
}

}  // namespace
}  // namespace natter::testing
