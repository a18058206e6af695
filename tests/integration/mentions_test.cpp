// Mentions: which @names count (members only, outside code, capped), @room
// and @here (admins and owners, rate-limited), edits, unread mention counts,
// history and sync, and bad input.
#include <string>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

// alice owns a group with bob and carol; dave is in none of it.
class mentions : public realtime_test {
 protected:
  void SetUp() override {
    realtime_test::SetUp();
    bob_session_ = register_and_login("bob");
    alice_ = join_as("alice");
    bob_ = connect(bob_session_);
    carol_ = join_as("carol");
    dave_ = join_as("dave");
    bob_->ok({{"type", "contact.add"}, {"username", "alice"}});
    carol_->ok({{"type", "contact.add"}, {"username", "alice"}});
    auto reply = alice_->ok({{"type", "group.create"}, {"name", "Team"}, {"members", array{"bob", "carol"}}});
    group_ = conversation_of(reply);
    bob_->event("member.joined");
    carol_->event("member.joined");
  }

  // alice's message in the group, as bob receives it.
  object said_by_alice(const std::string& text) {
    send_in(*alice_, group_, text);
    return bob_->event("message").at("message").as_object();
  }
  static std::vector<std::string> names_of(const object& msg) {
    std::vector<std::string> out;
    if (!msg.contains("mentions")) return out;
    for (const auto& m : msg.at("mentions").as_array()) out.emplace_back(m.at("username").as_string());
    return out;
  }
  static bool mentions_all(const object& msg) {
    return msg.contains("mentions_all") && msg.at("mentions_all").as_bool();
  }
  // The caller's conversations.list entry for the group.
  object listed(ws_client& ws) {
    const auto reply = ws.ok({{"type", "conversations.list"}});
    for (const auto& c : reply.at("conversations").as_array()) {
      if (c.at("conversation_id").as_int64() == group_) return c.as_object();
    }
    ADD_FAILURE() << "the group is not listed";
    return {};
  }
  void make_admin(const std::string& username) {
    alice_->ok({{"type", "group.role"}, {"conversation_id", group_}, {"username", username}, {"role", "admin"}});
  }
  static std::int64_t id_of(const session& s) { return s.user.at("id").as_int64(); }

  session bob_session_;
  std::unique_ptr<ws_client> alice_, bob_, carol_, dave_;
  std::int64_t group_ = 0;
};

TEST_F(mentions, the_members_a_message_names_are_listed_with_their_ids_in_reply_and_event) {
  auto reply = send_in(*alice_, group_, "hi @bob and @Carol, cc @dave @nobody bob@example.com @alice");
  const auto& sent = reply.at("message").as_object();
  EXPECT_EQ(names_of(sent), (std::vector<std::string>{"bob", "carol"}))
      << "members only, in order, any case; not a non-member, an unknown name, an address or the sender";
  EXPECT_EQ(sent.at("mentions").at(0).at("user_id").as_int64(), id_of(bob_session_));
  EXPECT_FALSE(sent.contains("mentions_all"));
  auto event = bob_->event("message").at("message").as_object();
  EXPECT_EQ(event.at("mentions"), sent.at("mentions"));
  EXPECT_FALSE(dave_->maybe_event("message", std::chrono::milliseconds(200))) << "a non-member hears nothing";
}

TEST_F(mentions, a_message_without_mentions_has_no_mentions_field) {
  auto msg = said_by_alice("no one in particular @ all, email@example.com");
  EXPECT_FALSE(msg.contains("mentions"));
  EXPECT_FALSE(msg.contains("mentions_all"));
}

TEST_F(mentions, names_inside_code_and_trailing_dots_follow_the_formatting_rules) {
  EXPECT_TRUE(names_of(said_by_alice("`@bob` and\n```\n@carol\n```\n")).empty()) << "code is not a mention";
  EXPECT_EQ(names_of(said_by_alice("thanks @bob.")), (std::vector<std::string>{"bob"}));
  EXPECT_EQ(names_of(said_by_alice("``code ` @bob`` and @carol")), (std::vector<std::string>{"carol"}))
      << "a backtick run closes only on a run of its length";
}

TEST_F(mentions, a_name_mentioned_many_times_is_listed_once) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "@bob ";
  EXPECT_EQ(names_of(said_by_alice(text)), (std::vector<std::string>{"bob"}));
}

TEST_F(mentions, only_the_first_fifty_distinct_names_are_looked_up) {
  std::string names;
  for (int i = 0; i < 49; ++i) names += "@nobody" + std::to_string(i) + " ";
  EXPECT_EQ(names_of(said_by_alice(names + "@bob")), (std::vector<std::string>{"bob"})) << "the 50th name counts";
  EXPECT_TRUE(names_of(said_by_alice(names + "@nobody49 @bob")).empty()) << "the 51st does not";
}

TEST_F(mentions, a_text_of_nothing_but_at_signs_or_odd_names_is_sent_as_plain_text) {
  for (const auto& text : {std::string(4000, '@'), std::string("@"), std::string("@@@@bob"), "@" + std::string(33, 'b'),
                           std::string("@bo"), std::string("@ボブ @bob\xc3\xa9")}) {
    EXPECT_NO_FATAL_FAILURE(send_in(*alice_, group_, text)) << text.substr(0, 40);
  }
  EXPECT_EQ(names_of(bob_->event("message").at("message").as_object()), std::vector<std::string>{});
  EXPECT_EQ(names_of(bob_->event("message").at("message").as_object()), std::vector<std::string>{});
  EXPECT_EQ(names_of(bob_->event("message").at("message").as_object()), (std::vector<std::string>{"bob"}))
      << "@@@@bob: the last @ starts a mention";
}

TEST_F(mentions, room_and_here_mention_everyone_when_an_owner_or_admin_writes_them) {
  EXPECT_TRUE(mentions_all(said_by_alice("@room lunch?")));
  EXPECT_TRUE(mentions_all(said_by_alice("@here now")));
  auto by_member = send_in(*bob_, group_, "@room from a member");
  EXPECT_FALSE(mentions_all(by_member.at("message").as_object())) << "plain text from a member";
  make_admin("bob");
  auto by_admin = send_in(*bob_, group_, "@room from an admin");
  EXPECT_TRUE(mentions_all(by_admin.at("message").as_object()));
  for (int i = 0; i < 3; ++i) carol_->event("message");
  EXPECT_TRUE(mentions_all(carol_->event("message").at("message").as_object())) << "the event says so too";
}

TEST_F(mentions, room_means_nothing_in_a_direct_chat) {
  auto sent = send_to(*alice_, "@bob", "@room hello @bob");
  EXPECT_FALSE(sent.at("message").as_object().contains("mentions_all"));
  EXPECT_EQ(names_of(sent.at("message").as_object()), (std::vector<std::string>{"bob"}));
}

TEST_F(mentions, room_mentions_are_rate_limited_per_sender_and_then_plain_text) {
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(mentions_all(said_by_alice("@room " + std::to_string(i))));
  auto fourth = send_in(*alice_, group_, "@room again @bob");
  const auto& msg = fourth.at("message").as_object();
  EXPECT_FALSE(mentions_all(msg)) << "past the burst, the message goes without pinging everyone";
  EXPECT_EQ(names_of(msg), (std::vector<std::string>{"bob"})) << "named mentions are not limited";
  make_admin("bob");
  send_in(*bob_, group_, "@room mine");
  EXPECT_TRUE(mentions_all(carol_->ok({{"type", "history"}, {"conversation_id", group_}, {"limit", 1}})
                               .at("events")
                               .at(0)
                               .at("message")
                               .as_object()))
      << "each sender has a budget of their own";
}

TEST_F(mentions, unread_mentions_count_the_unread_messages_that_mention_me_until_read) {
  auto first = said_by_alice("hi @bob");
  said_by_alice("nothing for bob");
  auto third = said_by_alice("@room and @bob again");
  send_in(*bob_, group_, "@room I am back @alice");
  EXPECT_EQ(listed(*bob_).at("unread").as_int64(), 3);
  EXPECT_EQ(listed(*bob_).at("unread_mentions").as_int64(), 2) << "a message naming me twice counts once; not mine";
  EXPECT_EQ(listed(*carol_).at("unread_mentions").as_int64(), 1) << "alice's @room";
  EXPECT_EQ(listed(*alice_).at("unread_mentions").as_int64(), 1) << "bob's @alice; his @room is plain text";

  auto read = bob_->ok({{"type", "receipt.read"}, {"conversation_id", group_}, {"seq", first.at("seq")}});
  EXPECT_EQ(read.at("unread").as_int64(), 2);
  EXPECT_EQ(read.at("unread_mentions").as_int64(), 1);
  read = bob_->ok({{"type", "receipt.read"}, {"conversation_id", group_}, {"seq", third.at("seq")}});
  EXPECT_EQ(read.at("unread_mentions").as_int64(), 0);
  EXPECT_EQ(listed(*bob_).at("unread_mentions").as_int64(), 0);
  EXPECT_EQ(listed(*carol_).at("unread_mentions").as_int64(), 1) << "bob's reading is his own";
}

TEST_F(mentions, a_deleted_message_no_longer_counts_as_an_unread_mention) {
  auto sent = send_in(*alice_, group_, "hi @bob");
  EXPECT_EQ(listed(*bob_).at("unread_mentions").as_int64(), 1);
  alice_->ok({{"type", "message.delete"}, {"message_id", sent.at("message").at("id")}});
  EXPECT_EQ(listed(*bob_).at("unread_mentions").as_int64(), 0);
}

TEST_F(mentions, an_edit_replaces_the_mentions_and_the_counts_follow) {
  auto sent = send_in(*alice_, group_, "ping @bob");
  const auto id = sent.at("message").at("id").as_int64();
  bob_->event("message");
  auto reply = alice_->ok({{"type", "message.edit"}, {"message_id", id}, {"text", "ping @carol, not bob"}});
  EXPECT_EQ(names_of(reply.at("message").as_object()), (std::vector<std::string>{"carol"}));
  auto edited = bob_->event("message.edited");
  EXPECT_EQ(names_of(edited.at("message").as_object()), (std::vector<std::string>{"carol"}));
  EXPECT_EQ(listed(*bob_).at("unread_mentions").as_int64(), 0);
  EXPECT_EQ(listed(*carol_).at("unread_mentions").as_int64(), 1);
  auto history = bob_->ok({{"type", "history"}, {"conversation_id", group_}, {"limit", 1}}).at("events").as_array();
  EXPECT_EQ(history.at(0).at("type"), "message.edited");
  EXPECT_EQ(names_of(history.at(0).at("message").as_object()), (std::vector<std::string>{"carol"}));
  alice_->ok({{"type", "message.edit"}, {"message_id", id}, {"text", "never mind"}});
  EXPECT_EQ(listed(*carol_).at("unread_mentions").as_int64(), 0);
}

TEST_F(mentions, history_sync_and_the_conversation_list_carry_the_mentions) {
  bob_.reset();
  auto sent = send_in(*alice_, group_, "@room and @bob: while you were away");
  const auto seq = sent.at("message").at("seq").as_int64();
  bob_ = connect(bob_session_, false);
  object since{{std::to_string(group_), seq - 1}};
  auto synced = bob_->ok({{"type", "sync"}, {"since", since}}).at("conversations").at(0).at("events").at(0);
  EXPECT_EQ(names_of(synced.at("message").as_object()), (std::vector<std::string>{"bob"}));
  EXPECT_TRUE(mentions_all(synced.at("message").as_object()));
  auto history = bob_->ok({{"type", "history"}, {"conversation_id", group_}}).at("events").as_array();
  EXPECT_EQ(history.back().at("message"), synced.at("message"));
  auto listed_bob = listed(*bob_);
  EXPECT_EQ(listed_bob.at("last_message").at("mentions"), synced.at("message").at("mentions"));
  EXPECT_EQ(listed_bob.at("unread_mentions").as_int64(), 1);
}

TEST_F(mentions, a_retried_send_answers_with_the_mentions_of_the_original) {
  object req{{"type", "message.send"}, {"conversation_id", group_}, {"client_msg_id", "same"}, {"text", "@bob hi"}};
  auto first = alice_->ok(req);
  auto again = alice_->ok(req);
  EXPECT_EQ(again.at("message").at("id"), first.at("message").at("id"));
  EXPECT_EQ(names_of(again.at("message").as_object()), (std::vector<std::string>{"bob"}));
  EXPECT_EQ(listed(*bob_).at("unread_mentions").as_int64(), 1) << "stored once";
}

TEST_F(mentions, someone_who_joins_later_has_no_unread_mentions_from_before) {
  said_by_alice("@room before dave");
  dave_->ok({{"type", "contact.add"}, {"username", "alice"}});
  alice_->ok({{"type", "group.add"}, {"conversation_id", group_}, {"username", "dave"}});
  dave_->event("member.joined");
  EXPECT_EQ(listed(*dave_).at("unread_mentions").as_int64(), 0);
  send_in(*alice_, group_, "welcome @dave");
  dave_->event("message");
  EXPECT_EQ(listed(*dave_).at("unread_mentions").as_int64(), 1);
}

TEST_F(mentions, forwarding_a_message_does_not_mention_its_names_again) {
  auto sent = send_in(*bob_, group_, "@carol look");
  auto fwd = alice_->ok({{"type", "message.forward"},
                         {"message_id", sent.at("message").at("id")},
                         {"conversation_id", group_},
                         {"client_msg_id", next_client_id()}});
  EXPECT_FALSE(fwd.at("message").as_object().contains("mentions"));
  EXPECT_EQ(listed(*carol_).at("unread_mentions").as_int64(), 1) << "bob's message only";
}

}  // namespace
}  // namespace natter::testing
