// Conformance: room moderation - bans and mutes (sanctions), the mute check
// of sends, and the moderation fields of log entries.

#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

sanction_record sanction_of(conversation_id c, const user_record& who, sanction_kind kind, const user_record& by,
                            unix_ms at, std::string reason = {}) {
  return sanction_record{c, who.id, kind, by.id, at, std::move(reason)};
}

TEST_P(conversation_conformance, a_sanction_is_added_once_read_back_and_removed) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto room = create(make_conversation(conversation_kind::room, "general"));

  EXPECT_TRUE(writer().add_sanction(sanction_of(room.id, bob, sanction_kind::ban, alice, t0 + 1, "Spam")));
  EXPECT_FALSE(writer().add_sanction(sanction_of(room.id, bob, sanction_kind::ban, alice, t0 + 2, "Again")));
  const auto ban = writer().sanction(room.id, bob.id, sanction_kind::ban);
  ASSERT_TRUE(ban.has_value());
  EXPECT_EQ(ban->conversation, room.id);
  EXPECT_EQ(ban->user, bob.id);
  EXPECT_EQ(ban->kind, sanction_kind::ban);
  EXPECT_EQ(ban->by, alice.id);
  EXPECT_EQ(ban->at, t0 + 1);
  EXPECT_EQ(ban->reason, "Spam") << "the first one stays";
  EXPECT_FALSE(writer().sanction(room.id, bob.id, sanction_kind::mute).has_value()) << "kinds are apart";
  EXPECT_FALSE(writer().sanction(room.id, alice.id, sanction_kind::ban).has_value());

  EXPECT_TRUE(writer().remove_sanction(room.id, bob.id, sanction_kind::ban));
  EXPECT_FALSE(writer().remove_sanction(room.id, bob.id, sanction_kind::ban));
  EXPECT_FALSE(writer().sanction(room.id, bob.id, sanction_kind::ban).has_value());
}

TEST_P(conversation_conformance, sanctions_lists_one_kind_oldest_first_up_to_the_limit) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto dave = add_user("dave");
  const auto room = create(make_conversation(conversation_kind::room, "general"));
  const auto other = create(make_conversation(conversation_kind::room, "other"));
  writer().add_sanction(sanction_of(room.id, carol, sanction_kind::mute, alice, t0 + 2));
  writer().add_sanction(sanction_of(room.id, bob, sanction_kind::mute, alice, t0 + 1));
  writer().add_sanction(sanction_of(room.id, dave, sanction_kind::mute, alice, t0 + 3));
  writer().add_sanction(sanction_of(room.id, dave, sanction_kind::ban, alice, t0));
  writer().add_sanction(sanction_of(other.id, bob, sanction_kind::mute, alice, t0));

  const auto mutes = writer().sanctions(room.id, sanction_kind::mute, 2);
  ASSERT_EQ(mutes.size(), 2u);
  EXPECT_EQ(mutes[0].user, bob.id);
  EXPECT_EQ(mutes[1].user, carol.id);
  ASSERT_EQ(writer().sanctions(room.id, sanction_kind::ban, 10).size(), 1u);
}

TEST_P(conversation_conformance, a_sanction_outlives_the_membership) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto room = create(make_conversation(conversation_kind::room, "general"));
  writer().add_member(room.id, bob.id, member_role::member, t0, 0);
  writer().add_sanction(sanction_of(room.id, bob, sanction_kind::mute, alice, t0));
  writer().remove_member(room.id, bob.id);
  EXPECT_TRUE(writer().sanction(room.id, bob.id, sanction_kind::mute).has_value());
}

TEST_P(conversation_conformance, a_muted_sender_is_refused_in_a_group_of_sends_and_others_are_not) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto room = create(make_conversation(conversation_kind::room, "general"));
  writer().add_member(room.id, alice.id, member_role::owner, t0, 0);
  writer().add_member(room.id, bob.id, member_role::member, t0, 0);
  writer().add_sanction(sanction_of(room.id, bob, sanction_kind::mute, alice, t0));

  const std::vector<new_message> sends{{room.id, bob.id, t0 + 1, "muted", "m1", {}, {}},
                                       {room.id, alice.id, t0 + 1, "fine", "m2", {}, {}}};
  const auto appended = writer().append_messages(sends);
  ASSERT_EQ(appended.size(), 2u);
  EXPECT_EQ(appended[0].refused, send_refusal::muted);
  EXPECT_EQ(appended[1].refused, send_refusal::none);
  EXPECT_EQ(appended[1].appended.entry.seq, 1) << "the refused send took no seq";

  writer().remove_sanction(room.id, bob.id, sanction_kind::mute);
  const std::vector<new_message> again{{room.id, bob.id, t0 + 2, "unmuted", "m3", {}, {}}};
  EXPECT_EQ(writer().append_messages(again).at(0).refused, send_refusal::none);
}

TEST_P(conversation_conformance, log_entries_keep_their_moderation_action_and_reason) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto room = create(make_conversation(conversation_kind::room, "general"));
  auto left = new_entry(room.id, entry_kind::member_left, alice.id, t0);
  left.subject = bob.id;
  left.action = "ban";
  left.reason = "Spam";
  const auto appended = writer().append(left).entry;
  EXPECT_EQ(appended.action, "ban");
  EXPECT_EQ(appended.reason, "Spam");
  auto topic = new_entry(room.id, entry_kind::updated, alice.id, t0 + 1);
  topic.topic = "";
  topic.action = "topic";
  writer().append(topic);

  const auto log = writer().log_after(room.id, 0, 10);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].action, "ban");
  EXPECT_EQ(log[0].reason, "Spam");
  EXPECT_EQ(log[0].subject_name, "bob");
  EXPECT_EQ(log[1].action, "topic");
  EXPECT_EQ(log[1].reason, "");
  EXPECT_EQ(writer().log_before(room.id, 3, 1).at(0).action, "topic");
  send(room.id, alice, "plain");
  EXPECT_EQ(writer().log_after(room.id, 2, 1).at(0).action, "") << "a message has none";
}

}  // namespace
}  // namespace natter::store::conformance
