// Putting someone in a group against their will: after a block or a declined
// chat request the group must not become a way round it, and a stranger can
// only invite, which the invitee declines for good.

#include <gtest/gtest.h>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

class group_consent : public realtime_test {
 protected:
  static std::int64_t empty_group(ws_client& owner, const std::string& name) {
    return conversation_of(owner.ok({{"type", "group.create"}, {"name", name}, {"members", array{}}}));
  }
  static std::string add(ws_client& owner, std::int64_t group, const std::string& username) {
    auto reply = owner.request({{"type", "group.add"}, {"conversation_id", group}, {"username", username}});
    if (reply.contains("error")) return std::string(reply.at("error").at("code").as_string());
    return reply.at("invited").as_bool() ? "invited" : "added";
  }
  static std::string create_with(ws_client& owner, const std::string& member) {
    auto reply = owner.request({{"type", "group.create"}, {"name", "Deals"}, {"members", array{member}}});
    if (reply.contains("error")) return std::string(reply.at("error").at("code").as_string());
    return reply.at("invited").as_array().empty() ? "added" : "invited";
  }
  // Nothing about any group reached target: whatever was handed to its
  // connection before its ping's reply shows up before that reply.
  static void expect_nothing_reached(ws_client& target) {
    target.ok({{"type", "ping"}});
    for (const char* type : {"message", "member.joined", "group.invited"}) {
      EXPECT_FALSE(target.maybe_event(type, std::chrono::milliseconds(0))) << type;
    }
  }
  static std::size_t conversations_of(ws_client& ws) {
    return ws.ok({{"type", "conversations.list"}}).at("conversations").as_array().size();
  }
};

TEST_F(group_consent, a_block_either_way_keeps_someone_out_of_your_groups) {
  auto bob = join_as("bob");
  auto mallory = join_as("mallory");
  bob->ok({{"type", "contact.add"}, {"username", "mallory"}});  // trusted once...
  bob->ok({{"type", "block"}, {"username", "mallory"}});        // ...then blocked

  EXPECT_EQ(create_with(*mallory, "bob"), "BLOCKED");
  EXPECT_EQ(conversations_of(*mallory), 0U) << "nothing was created";
  const auto group = empty_group(*mallory, "Deals");
  EXPECT_EQ(add(*mallory, group, "bob"), "BLOCKED");
  send_in(*mallory, group, "buy now");
  expect_nothing_reached(*bob);
  EXPECT_EQ(conversations_of(*bob), 0U);

  // The other way round: bob cannot pull mallory in either.
  const auto own = empty_group(*bob, "Mine");
  EXPECT_EQ(add(*bob, own, "mallory"), "BLOCKED");
  bob->drain(std::chrono::milliseconds(0));  // his own join of "Mine"

  // Someone bob trusts adds him at once, and he leaves at once.
  auto carol = join_as("carol");
  bob->ok({{"type", "contact.add"}, {"username", "carol"}});
  const auto friends = empty_group(*carol, "Friends");
  EXPECT_EQ(add(*carol, friends, "bob"), "added");
  EXPECT_EQ(bob->event("member.joined").at("by"), "carol");
  bob->ok({{"type", "group.leave"}, {"conversation_id", friends}});
  send_in(*carol, friends, "after you left");
  expect_nothing_reached(*bob);
}

TEST_F(group_consent, a_declined_chat_request_stops_that_person_adding_you_to_groups) {
  auto bob = join_as("bob");
  auto mallory = join_as("mallory");
  const auto chat = conversation_of(send_to(*mallory, "@bob", "hello?"));
  bob->ok({{"type", "request.decline"}, {"conversation_id", chat}});
  bob->drain(std::chrono::milliseconds(0));

  EXPECT_EQ(create_with(*mallory, "bob"), "REQUEST_DECLINED");
  const auto group = empty_group(*mallory, "Deals");
  EXPECT_EQ(add(*mallory, group, "bob"), "REQUEST_DECLINED");
  send_in(*mallory, group, "you cannot escape");
  expect_nothing_reached(*bob);
  EXPECT_EQ(conversations_of(*bob), 1U) << "only the declined chat";

  auto carol = join_as("carol");
  bob->ok({{"type", "contact.add"}, {"username", "carol"}});
  EXPECT_EQ(create_with(*carol, "bob"), "added");
}

TEST_F(group_consent, a_stranger_only_invites_and_a_declined_invitation_stops_them) {
  auto bob = join_as("bob");
  auto mallory = join_as("mallory");
  auto created = mallory->ok({{"type", "group.create"}, {"name", "Deals"}, {"members", array{"bob"}}});
  EXPECT_EQ(created.at("invited"), (array{"bob"}));
  EXPECT_EQ(created.at("conversation").at("members"), (array{"mallory"}));
  const auto first = conversation_of(created);
  auto invited = bob->event("group.invited");
  EXPECT_EQ(invited.at("conversation_id").as_int64(), first);
  EXPECT_EQ(invited.at("by"), "mallory");
  send_in(*mallory, first, "buy now");
  expect_nothing_reached(*bob);
  EXPECT_EQ(bob->error_of({{"type", "history"}, {"conversation_id", first}}), "NOT_A_MEMBER");

  // The invitation shows who asks and nothing of what was said.
  auto list = bob->ok({{"type", "conversations.list"}}).at("conversations").as_array();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].at("request").at("from"), "mallory");
  EXPECT_EQ(list[0].at("request").at("state"), "pending");
  EXPECT_EQ(list[0].at("last_seq").as_int64(), 0);
  EXPECT_TRUE(list[0].at("last_message").is_null());

  const auto second = empty_group(*mallory, "More deals");
  EXPECT_EQ(add(*mallory, second, "bob"), "invited");
  bob->event("group.invited");
  bob->ok({{"type", "request.decline"}, {"conversation_id", first}});
  EXPECT_EQ(conversations_of(*bob), 0U) << "every invitation from mallory is declined";
  EXPECT_EQ(bob->error_of({{"type", "request.accept"}, {"conversation_id", second}}), "NOT_FOUND");
  EXPECT_EQ(add(*mallory, second, "bob"), "REQUEST_DECLINED");
  EXPECT_EQ(create_with(*mallory, "bob"), "REQUEST_DECLINED");
  expect_nothing_reached(*bob);

  // An invitation bob wants he accepts, and joins.
  auto carol = join_as("carol");
  auto offer = carol->ok({{"type", "group.create"}, {"name", "Book club"}, {"members", array{"bob"}}});
  const auto club = conversation_of(offer);
  EXPECT_EQ(bob->event("group.invited").at("by"), "carol");
  bob->ok({{"type", "request.accept"}, {"conversation_id", club}});
  auto joined = bob->event("member.joined");
  EXPECT_EQ(joined.at("user"), "bob");
  EXPECT_EQ(joined.at("by"), "carol");
  send_in(*carol, club, "welcome");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "welcome");
}

TEST_F(group_consent, invitations_are_limited_per_inviter) {
  auto bob = join_as("bob");
  auto mallory = join_as("mallory");
  int refused = 0;
  for (int i = 0; i < 31; ++i) {
    const auto answer = create_with(*mallory, "bob");
    if (answer == "RATE_LIMITED") ++refused;
  }
  EXPECT_EQ(refused, 1);  // 30 a minute
  auto carol = join_as("carol");
  EXPECT_EQ(create_with(*carol, "bob"), "invited");  // another inviter has a budget of their own
}

}  // namespace
}  // namespace natter::testing
