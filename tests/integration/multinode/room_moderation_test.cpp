// Room moderation across nodes: a ban or mute given on one node holds for the
// target's sessions on another.
#include "integration/multinode/cluster_fixture.hpp"

namespace natter::testing {
namespace {

class multinode_moderation : public cluster_test {
 protected:
  // alice (node 0) opens #lobby; bob (node 1) joins it.
  std::int64_t open_lobby(ws_client& alice, ws_client& bob) {
    const auto room = conversation_of(alice.ok({{"type", "room.create"}, {"name", "lobby"}}));
    alice.event("member.joined");
    bob.ok({{"type", "room.join"}, {"name", "lobby"}});
    EXPECT_EQ(alice.event("member.joined").at("user"), "bob");
    bob.event("member.joined");
    return room;
  }
};

TEST_F(multinode_moderation, a_ban_on_one_node_stops_the_room_for_the_targets_session_on_another) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  const auto room = open_lobby(*alice, *bob);
  alice->ok({{"type", "room.ban"}, {"conversation_id", room}, {"username", "bob"}, {"reason", "Spam"}});
  auto left = bob->event("member.left");
  EXPECT_EQ(left.at("action"), "ban");
  EXPECT_EQ(left.at("by"), "alice");

  send_in(*alice, room, "after the ban");
  send_to(*alice, "@bob", "marker");  // reaches bob after anything of the room sent before it
  bob->event("request");
  for (const auto& e : bob->drain()) {
    if (e.at("type") == "message") {
      EXPECT_NE(e.at("message").at("conversation_id").as_int64(), room);
    }
  }
  EXPECT_EQ(bob->error_of({{"type", "room.join"}, {"name", "lobby"}}), "BANNED");
}

TEST_F(multinode_moderation, a_mute_on_one_node_refuses_the_targets_sends_on_another) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  const auto room = open_lobby(*alice, *bob);
  alice->ok({{"type", "room.mute"}, {"conversation_id", room}, {"username", "bob"}});
  EXPECT_EQ(bob->event("conversation.updated").at("action"), "mute");
  EXPECT_EQ(
      bob->error_of({{"type", "message.send"}, {"conversation_id", room}, {"client_msg_id", "m1"}, {"text", "x"}}),
      "MUTED");
  send_in(*alice, room, "readable");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "readable");
}

}  // namespace
}  // namespace natter::testing
