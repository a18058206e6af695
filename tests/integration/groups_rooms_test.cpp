// Groups with roles, and public rooms.
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

class groups : public realtime_test {
 protected:
  std::int64_t create_group(ws_client& owner, std::vector<std::string> members) {
    array names;
    for (auto& m : members) names.emplace_back(m);
    auto reply = owner.ok({{"type", "group.create"}, {"name", "Friends"}, {"members", names}});
    EXPECT_EQ(reply.at("conversation").at("kind"), "group");
    EXPECT_EQ(reply.at("conversation").at("role"), "owner");
    return conversation_of(reply);
  }
  // who adds username as a contact: from then on username adds them to
  // groups at once instead of inviting them.
  static void trusts(ws_client& who, const std::string& username) {
    who.ok({{"type", "contact.add"}, {"username", username}});
  }
};

TEST_F(groups, members_of_a_new_group_see_each_other_join_and_talk) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  trusts(*bob, "alice");
  trusts(*carol, "alice");
  const auto group = create_group(*alice, {"bob", "carol"});
  auto joined = bob->event("member.joined");
  EXPECT_EQ(joined.at("conversation_id").as_int64(), group);
  send_in(*bob, group, "hi all");
  EXPECT_EQ(alice->event("message").at("message").at("text"), "hi all");
  EXPECT_EQ(carol->event("message").at("message").at("sender"), "bob");
  auto list = carol->ok({{"type", "conversations.list"}}).at("conversations").as_array();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].at("member_count").as_int64(), 3);
  EXPECT_EQ(list[0].at("role"), "member");
}

TEST_F(groups, only_admins_add_and_remove) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  auto dave = join_as("dave");
  trusts(*bob, "alice");
  trusts(*carol, "bob");
  const auto group = create_group(*alice, {"bob"});
  EXPECT_EQ(bob->error_of({{"type", "group.add"}, {"conversation_id", group}, {"username", "carol"}}), "FORBIDDEN");
  alice->ok({{"type", "group.role"}, {"conversation_id", group}, {"username", "bob"}, {"role", "admin"}});
  auto updated = bob->event("conversation.updated");
  EXPECT_EQ(updated.at("user"), "bob");
  EXPECT_EQ(updated.at("role"), "admin");
  bob->ok({{"type", "group.add"}, {"conversation_id", group}, {"username", "carol"}});
  EXPECT_EQ(bob->error_of({{"type", "group.add"}, {"conversation_id", group}, {"username", "carol"}}),
            "ALREADY_MEMBER");
  EXPECT_EQ(carol->event("member.joined").at("by"), "bob");
  bob->ok({{"type", "group.remove"}, {"conversation_id", group}, {"username", "carol"}});
  auto left = carol->event("member.left");
  EXPECT_EQ(left.at("user"), "carol");
  EXPECT_EQ(left.at("by"), "bob");
  EXPECT_EQ(carol->error_of({{"type", "history"}, {"conversation_id", group}}), "NOT_A_MEMBER");
  EXPECT_EQ(bob->error_of({{"type", "group.remove"}, {"conversation_id", group}, {"username", "alice"}}), "FORBIDDEN");
  EXPECT_EQ(dave->error_of({{"type", "group.add"}, {"conversation_id", group}, {"username", "dave"}}), "NOT_A_MEMBER");
}

TEST_F(groups, membership_changes_are_in_the_log_with_their_own_seq) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  trusts(*bob, "alice");
  const auto group = create_group(*alice, {"bob"});
  send_in(*alice, group, "first");
  alice->ok({{"type", "group.rename"}, {"conversation_id", group}, {"name", "Best friends"}});
  auto events = alice->ok({{"type", "history"}, {"conversation_id", group}}).at("events").as_array();
  ASSERT_EQ(events.size(), 4U);
  EXPECT_EQ(events[0].at("type"), "member.joined");
  EXPECT_EQ(events[1].at("type"), "member.joined");
  EXPECT_EQ(events[2].at("type"), "message");
  EXPECT_EQ(events[3].at("type"), "conversation.updated");
  EXPECT_EQ(events[3].at("name"), "Best friends");
  EXPECT_EQ(events[3].at("seq").as_int64(), 4);
}

TEST_F(groups, when_the_owner_leaves_the_longest_standing_admin_takes_over) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  trusts(*bob, "alice");
  trusts(*carol, "alice");
  const auto group = create_group(*alice, {"bob", "carol"});
  alice->ok({{"type", "group.role"}, {"conversation_id", group}, {"username", "carol"}, {"role", "admin"}});
  alice->ok({{"type", "group.leave"}, {"conversation_id", group}});
  EXPECT_EQ(bob->event("member.left").at("user"), "alice");
  auto list = carol->ok({{"type", "conversations.list"}}).at("conversations").as_array();
  EXPECT_EQ(list[0].at("role"), "owner");
  EXPECT_EQ(alice->error_of({{"type", "group.leave"}, {"conversation_id", group}}), "NOT_A_MEMBER");
}

class rooms : public realtime_test {};

TEST_F(rooms, rooms_are_listed_joined_and_left_by_name) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto created = alice->ok({{"type", "room.create"}, {"name", "general"}, {"topic", "Anything goes"}});
  EXPECT_EQ(created.at("conversation").at("kind"), "room");
  EXPECT_EQ(alice->event("member.joined").at("user"), "alice");
  auto list = bob->ok({{"type", "room.list"}}).at("rooms").as_array();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].at("name"), "general");
  EXPECT_EQ(list[0].at("topic"), "Anything goes");
  EXPECT_EQ(list[0].at("members").as_int64(), 1);

  bob->ok({{"type", "room.join"}, {"name", "general"}});
  EXPECT_EQ(alice->event("member.joined").at("user"), "bob");
  send_to(*bob, "#general", "hello room");
  EXPECT_EQ(alice->event("message").at("message").at("text"), "hello room");
  bob->ok({{"type", "room.leave"}, {"name", "general"}});
  EXPECT_EQ(alice->event("member.left").at("user"), "bob");
}

TEST_F(rooms, joining_and_leaving_report_the_three_errors) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  alice->ok({{"type", "room.create"}, {"name", "general"}});
  EXPECT_EQ(bob->error_of({{"type", "room.join"}, {"name", "nowhere"}}), "ROOM_NOT_FOUND");
  EXPECT_EQ(alice->error_of({{"type", "room.join"}, {"name", "general"}}), "ALREADY_MEMBER");
  EXPECT_EQ(bob->error_of({{"type", "room.leave"}, {"name", "general"}}), "NOT_A_MEMBER");
  EXPECT_EQ(bob->error_of({{"type", "message.send"}, {"to", "#general"}, {"client_msg_id", "1"}, {"text", "x"}}),
            "NOT_A_MEMBER");
  EXPECT_EQ(bob->error_of({{"type", "room.create"}, {"name", "general"}}), "ROOM_EXISTS");
  EXPECT_EQ(bob->error_of({{"type", "room.create"}, {"name", "Bad Name!"}}), "VALIDATION_FAILED");
}

}  // namespace
}  // namespace natter::testing
