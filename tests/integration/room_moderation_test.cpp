// Room moderation: what owners and admins do to members, and what everyone sees.
#include "integration/room_moderation_fixture.hpp"

namespace natter::testing {
namespace {

TEST_F(room_moderation, a_kick_removes_the_member_tells_everyone_and_they_may_rejoin) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  const auto room = open_room(*alice, {bob.get(), carol.get()});
  alice->ok(moderation("room.kick", room, "bob", "Off topic"));
  for (auto* seen_by : {alice.get(), bob.get(), carol.get()}) {
    auto left = seen_by->event("member.left");
    EXPECT_EQ(left.at("user"), "bob");
    EXPECT_EQ(left.at("by"), "alice");
    EXPECT_EQ(left.at("action"), "kick");
    EXPECT_EQ(left.at("reason"), "Off topic");
  }
  EXPECT_EQ(bob->error_of({{"type", "history"}, {"conversation_id", room}}), "NOT_A_MEMBER");
  bob->ok({{"type", "room.join"}, {"name", "general"}});
  EXPECT_EQ(carol->event("member.joined").at("user"), "bob");
}

TEST_F(room_moderation, a_kicked_members_live_session_stops_receiving_the_room) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto room = open_room(*alice, {bob.get()});
  alice->ok(moderation("room.kick", room, "bob"));
  bob->event("member.left");
  send_in(*alice, room, "after the kick");
  send_to(*alice, "@bob", "marker");  // reaches bob after anything of the room sent before it
  bob->event("request");
  for (const auto& e : bob->drain()) {
    if (e.at("type") == "message") {
      EXPECT_NE(e.at("message").at("conversation_id").as_int64(), room);
    }
  }
}

TEST_F(room_moderation, a_banned_user_is_removed_cannot_rejoin_until_unbanned) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  const auto room = open_room(*alice, {bob.get(), carol.get()});
  alice->ok(moderation("room.ban", room, "bob", "Spam"));
  auto left = carol->event("member.left");
  EXPECT_EQ(left.at("user"), "bob");
  EXPECT_EQ(left.at("action"), "ban");
  EXPECT_EQ(left.at("reason"), "Spam");
  EXPECT_EQ(bob->event("member.left").at("action"), "ban");
  EXPECT_EQ(bob->error_of({{"type", "room.join"}, {"name", "general"}}), "BANNED");
  auto rooms = carol->ok({{"type", "room.list"}}).at("rooms").as_array();
  EXPECT_EQ(rooms.at(0).at("members").as_int64(), 2);  // bob is not listed as a member

  alice->ok(moderation("room.unban", room, "bob"));
  auto unbanned = carol->event("conversation.updated");
  EXPECT_EQ(unbanned.at("action"), "unban");
  EXPECT_EQ(unbanned.at("user"), "bob");
  EXPECT_EQ(unbanned.at("by"), "alice");
  bob->ok({{"type", "room.join"}, {"name", "general"}});
  EXPECT_EQ(carol->event("member.joined").at("user"), "bob");
}

TEST_F(room_moderation, someone_not_in_the_room_can_be_banned_before_they_join) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  const auto room = open_room(*alice, {carol.get()});
  alice->ok(moderation("room.ban", room, "bob"));
  auto banned = carol->event("conversation.updated");
  EXPECT_EQ(banned.at("action"), "ban");
  EXPECT_EQ(banned.at("user"), "bob");
  EXPECT_EQ(bob->error_of({{"type", "room.join"}, {"name", "general"}}), "BANNED");
}

TEST_F(room_moderation, a_muted_member_reads_but_cannot_post_until_unmuted) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  const auto room = open_room(*alice, {bob.get(), carol.get()});
  alice->ok(moderation("room.mute", room, "bob", "Calm down"));
  auto muted = carol->event("conversation.updated");
  EXPECT_EQ(muted.at("action"), "mute");
  EXPECT_EQ(muted.at("user"), "bob");
  EXPECT_EQ(muted.at("by"), "alice");
  EXPECT_EQ(muted.at("reason"), "Calm down");
  EXPECT_FALSE(muted.contains("role"));
  EXPECT_EQ(bob->event("conversation.updated").at("action"), "mute");
  EXPECT_EQ(bob->error_of(send_request_in(room, "by id")), "MUTED");
  EXPECT_EQ(bob->error_of({{"type", "typing"}, {"conversation_id", room}}), "MUTED");
  EXPECT_EQ(bob->error_of({{"type", "message.send"}, {"to", "#general"}, {"client_msg_id", "n1"}, {"text", "x"}}),
            "MUTED");
  send_in(*carol, room, "still readable");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "still readable");
  carol->event("message");  // her own

  alice->ok(moderation("room.unmute", room, "bob"));
  EXPECT_EQ(bob->event("conversation.updated").at("action"), "unmute");
  send_in(*bob, room, "back");
  EXPECT_EQ(carol->event("message").at("message").at("text"), "back");
}

TEST_F(room_moderation, a_mute_outlives_leaving_and_rejoining) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto room = open_room(*alice, {bob.get()});
  alice->ok(moderation("room.mute", room, "bob"));
  bob->ok({{"type", "room.leave"}, {"name", "general"}});
  bob->ok({{"type", "room.join"}, {"name", "general"}});
  EXPECT_EQ(bob->error_of(send_request_in(room, "escaped?")), "MUTED");
}

TEST_F(room_moderation, the_topic_is_set_by_owners_and_admins_and_seen_by_everyone) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto room = open_room(*alice, {bob.get()});
  alice->ok({{"type", "room.topic"}, {"conversation_id", room}, {"topic", "Release day"}});
  auto updated = bob->event("conversation.updated");
  EXPECT_EQ(updated.at("topic"), "Release day");
  EXPECT_EQ(updated.at("action"), "topic");
  EXPECT_EQ(updated.at("by"), "alice");
  EXPECT_EQ(bob->ok({{"type", "room.list"}}).at("rooms").as_array().at(0).at("topic"), "Release day");
  EXPECT_EQ(bob->error_of({{"type", "room.topic"}, {"conversation_id", room}, {"topic", "Mine now"}}), "FORBIDDEN");
  alice->ok({{"type", "room.topic"}, {"conversation_id", room}, {"topic", ""}});
  EXPECT_EQ(bob->event("conversation.updated").at("topic"), "");
  EXPECT_EQ(bob->ok({{"type", "room.list"}}).at("rooms").as_array().at(0).at("topic"), "");
}

TEST_F(room_moderation, admins_delete_others_messages_and_the_event_names_who_deleted) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  const auto room = open_room(*alice, {bob.get(), carol.get()});
  appoint(*alice, room, "carol", {alice.get(), bob.get(), carol.get()});
  const auto id = send_in(*bob, room, "spam").at("message").at("id").as_int64();
  carol->ok({{"type", "message.delete"}, {"message_id", id}});
  auto deleted = bob->event("message.deleted");
  EXPECT_EQ(deleted.at("message_id").as_int64(), id);
  EXPECT_EQ(deleted.at("by"), "carol");
  const auto own = send_in(*carol, room, "mine").at("message").at("id").as_int64();
  EXPECT_EQ(bob->error_of({{"type", "message.delete"}, {"message_id", own}}), "FORBIDDEN");
}

TEST_F(room_moderation, history_and_sync_carry_the_moderation_events) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol_session = register_and_login("carol");
  auto carol = connect(carol_session);
  const auto room = open_room(*alice, {bob.get(), carol.get()});
  const auto before = history_of(*carol, room).back().at("seq").as_int64();
  alice->ok(moderation("room.mute", room, "bob", "Shh"));
  alice->ok(moderation("room.kick", room, "bob"));
  alice->ok({{"type", "room.topic"}, {"conversation_id", room}, {"topic", "Quiet"}});

  auto events = history_of(*carol, room);
  ASSERT_GE(events.size(), 3U);
  const auto n = events.size();
  EXPECT_EQ(events[n - 3].at("type"), "conversation.updated");
  EXPECT_EQ(events[n - 3].at("action"), "mute");
  EXPECT_EQ(events[n - 3].at("reason"), "Shh");
  EXPECT_EQ(events[n - 2].at("type"), "member.left");
  EXPECT_EQ(events[n - 2].at("action"), "kick");
  EXPECT_EQ(events[n - 1].at("action"), "topic");

  auto resumed = connect(carol_session, false);
  boost::json::object since;
  since[std::to_string(room)] = before;
  auto synced = resumed->ok({{"type", "sync"}, {"since", since}}).at("conversations").as_array();
  ASSERT_EQ(synced.size(), 1U);
  auto caught_up = synced[0].at("events").as_array();
  ASSERT_EQ(caught_up.size(), 3U);
  EXPECT_EQ(caught_up[0].at("action"), "mute");
  EXPECT_EQ(caught_up[1].at("action"), "kick");
  EXPECT_EQ(caught_up[1].at("by"), "alice");
  EXPECT_EQ(caught_up[2].at("topic"), "Quiet");
}

TEST_F(room_moderation, bans_and_mutes_survive_a_restart) {
  auto alice_session = register_and_login("alice");
  auto bob_session = register_and_login("bob");
  auto carol_session = register_and_login("carol");
  std::int64_t room = 0;
  {
    auto alice = connect(alice_session);
    auto bob = connect(bob_session);
    auto carol = connect(carol_session);
    room = open_room(*alice, {bob.get(), carol.get()});
    alice->ok(moderation("room.ban", room, "bob"));
    alice->ok(moderation("room.mute", room, "carol"));
  }
  restart();
  auto bob = connect(bob_session);
  auto carol = connect(carol_session);
  EXPECT_EQ(bob->error_of({{"type", "room.join"}, {"name", "general"}}), "BANNED");
  EXPECT_EQ(carol->error_of(send_request_in(room, "after restart")), "MUTED");
}

}  // namespace
}  // namespace natter::testing
