// Room moderation: who may moderate whom, and bad input.
#include <SQLiteCpp/SQLiteCpp.h>

#include "integration/room_moderation_fixture.hpp"

namespace natter::testing {
namespace {

const std::vector<std::string> member_actions{"room.kick", "room.ban", "room.unban", "room.mute", "room.unmute"};

TEST_F(room_moderation, plain_members_may_not_moderate) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  const auto room = open_room(*alice, {bob.get(), carol.get()});
  for (const auto& type : member_actions) {
    EXPECT_EQ(bob->error_of(moderation(type, room, "carol")), "FORBIDDEN") << type;
  }
  EXPECT_EQ(bob->error_of({{"type", "room.topic"}, {"conversation_id", room}, {"topic", "x"}}), "FORBIDDEN");
}

TEST_F(room_moderation, admins_moderate_members_but_not_other_admins_nor_the_owner) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  auto dave = join_as("dave");
  const auto room = open_room(*alice, {bob.get(), carol.get(), dave.get()});
  appoint(*alice, room, "dave", {alice.get(), bob.get(), carol.get(), dave.get()});
  appoint(*alice, room, "carol", {alice.get(), bob.get(), carol.get(), dave.get()});
  for (const auto& type : member_actions) {
    EXPECT_EQ(dave->error_of(moderation(type, room, "alice")), "FORBIDDEN") << type;
    EXPECT_EQ(dave->error_of(moderation(type, room, "carol")), "FORBIDDEN") << type;
  }
  dave->ok(moderation("room.mute", room, "bob"));
  EXPECT_EQ(bob->event("conversation.updated").at("by"), "dave");
  alice->ok(moderation("room.mute", room, "dave"));  // the owner outranks admins
  EXPECT_EQ(dave->error_of(send_request_in(room, "hm")), "MUTED");
}

TEST_F(room_moderation, nobody_moderates_themselves) {
  auto alice = join_as("alice");
  const auto room = open_room(*alice, {});
  for (const auto& type : member_actions) {
    EXPECT_EQ(alice->error_of(moderation(type, room, "alice")), "VALIDATION_FAILED") << type;
  }
}

TEST_F(room_moderation, moderation_applies_to_rooms_only) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});
  auto group = conversation_of(alice->ok({{"type", "group.create"}, {"name", "G"}, {"members", {"bob"}}}));
  for (const auto& type : member_actions) {
    EXPECT_EQ(alice->error_of(moderation(type, group, "bob")), "VALIDATION_FAILED") << type;
  }
  EXPECT_EQ(alice->error_of({{"type", "room.topic"}, {"conversation_id", group}, {"topic", "x"}}), "VALIDATION_FAILED");
}

TEST_F(room_moderation, outsiders_and_unknown_targets_are_refused) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto eve = join_as("eve");
  const auto room = open_room(*alice, {bob.get()});
  EXPECT_EQ(eve->error_of(moderation("room.kick", room, "bob")), "NOT_A_MEMBER");
  EXPECT_EQ(alice->error_of(moderation("room.kick", room, "nobody")), "USER_NOT_FOUND");
  EXPECT_EQ(alice->error_of(moderation("room.kick", room, "eve")), "NOT_A_MEMBER");
  EXPECT_EQ(alice->error_of(moderation("room.mute", room, "eve")), "NOT_A_MEMBER");
}

TEST_F(room_moderation, bad_frames_get_documented_errors) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto room = open_room(*alice, {bob.get()});
  for (const auto& type : member_actions) {
    EXPECT_EQ(alice->error_of({{"type", type}, {"username", "bob"}}), "BAD_REQUEST") << type;
    EXPECT_EQ(alice->error_of({{"type", type}, {"conversation_id", room}}), "BAD_REQUEST") << type;
    EXPECT_EQ(alice->error_of({{"type", type}, {"conversation_id", "x"}, {"username", "bob"}}), "BAD_REQUEST") << type;
    EXPECT_EQ(alice->error_of({{"type", type}, {"conversation_id", room}, {"username", 7}}), "BAD_REQUEST") << type;
    EXPECT_EQ(alice->error_of({{"type", type}, {"conversation_id", room}, {"username", "bob"}, {"reason", 1}}),
              "BAD_REQUEST")
        << type;
    EXPECT_EQ(alice->error_of(moderation(type, room, "bob", std::string(201, 'r'))), "VALIDATION_FAILED") << type;
    EXPECT_EQ(alice->error_of(moderation(type, room, "bob", "tab\there")), "VALIDATION_FAILED") << type;
  }
  EXPECT_EQ(alice->error_of({{"type", "room.topic"}, {"conversation_id", room}}), "BAD_REQUEST");
  EXPECT_EQ(alice->error_of({{"type", "room.topic"}, {"conversation_id", room}, {"topic", 3}}), "BAD_REQUEST");
  EXPECT_EQ(alice->error_of({{"type", "room.topic"}, {"conversation_id", room}, {"topic", std::string(201, 't')}}),
            "VALIDATION_FAILED");
  // Nothing of that changed the room: bob is still in it and may post.
  send_in(*bob, room, "still here");
  EXPECT_EQ(alice->event("message").at("message").at("text"), "still here");
}

TEST_F(room_moderation, every_action_is_in_the_audit_log_with_the_moderator) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto room = open_room(*alice, {bob.get()});
  for (const auto& type : {"room.mute", "room.unmute", "room.kick", "room.ban", "room.unban"}) {
    alice->ok(moderation(type, room, "bob", "secret reason"));
  }
  alice->ok({{"type", "room.topic"}, {"conversation_id", room}, {"topic", "t"}});
  alice->ok(moderation("room.unban", room, "bob"));  // nothing to lift: nothing happened, nothing audited

  SQLite::Database db((server_->data_dir() / "data" / "natter.db").string(), SQLite::OPEN_READONLY);
  SQLite::Statement audit(db, "SELECT kind, user_id, detail FROM audit_events WHERE kind LIKE 'room.%' ORDER BY id");
  std::vector<std::string> kinds;
  while (audit.executeStep()) {
    kinds.push_back(audit.getColumn(0).getString());
    EXPECT_FALSE(audit.getColumn(1).isNull());
    EXPECT_EQ(audit.getColumn(2).getString().find("secret"), std::string::npos) << "no reason text";
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"room.mute", "room.unmute", "room.kick", "room.ban", "room.unban",
                                             "room.topic"}));
}

TEST_F(room_moderation, a_reason_of_200_characters_is_accepted) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto room = open_room(*alice, {bob.get()});
  std::string reason;
  for (int i = 0; i < 200; ++i) reason += "\xC3\xA9";  // 200 code points, 400 bytes
  alice->ok(moderation("room.kick", room, "bob", reason));
  EXPECT_EQ(std::string(bob->event("member.left").at("reason").as_string()), reason);
}

}  // namespace
}  // namespace natter::testing
