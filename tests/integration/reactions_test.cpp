// Reactions: live events, aggregates in history and sync, the resume after a
// reconnect, permissions, caps and bad input.
#include <string>

#include "integration/reactions_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

class reactions : public reactions_test {};

// The message of id among a history or sync reply's events.
object message_in(const array& events, std::int64_t id) {
  for (const auto& e : events) {
    if (e.at("type") == "message" && e.at("message").at("id").as_int64() == id) return e.at("message").as_object();
  }
  ADD_FAILURE() << "message " << id << " is not in the events";
  return {};
}

TEST_F(reactions, a_reaction_reaches_every_member_with_the_counts_and_who_reacted) {
  alice_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "👍"}});
  auto e = bob_->event("message.reaction");
  EXPECT_EQ(e.at("conversation_id").as_int64(), chat_);
  EXPECT_EQ(e.at("message_id").as_int64(), message_);
  EXPECT_EQ(e.at("emoji"), "👍");
  EXPECT_EQ(e.at("action"), "add");
  EXPECT_EQ(e.at("user"), "alice");
  EXPECT_EQ(e.at("user_id").as_int64(), id_of(alice_session_));
  EXPECT_EQ(e.at("seq").as_int64(), 2) << "a reaction takes the next seq of the conversation";
  auto r = e.at("reactions").as_array();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].at("emoji"), "👍");
  EXPECT_EQ(r[0].at("count").as_int64(), 1);
  EXPECT_EQ(r[0].at("users").at(0).at("user"), "alice");
  EXPECT_EQ(r[0].at("users").at(0).at("user_id").as_int64(), id_of(alice_session_));
  EXPECT_EQ(alice_->event("message.reaction").at("seq").as_int64(), 2) << "the reactor's own sessions hear it too";

  bob_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "👍"}});
  auto second = alice_->event("message.reaction");
  EXPECT_EQ(second.at("user"), "bob");
  EXPECT_EQ(second.at("reactions").at(0).at("count").as_int64(), 2);
}

TEST_F(reactions, removing_a_reaction_is_an_event_and_leaves_the_others) {
  alice_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "👍"}});
  alice_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "🎉"}});
  bob_->event("message.reaction");
  bob_->event("message.reaction");
  alice_->ok({{"type", "message.unreact"}, {"message_id", message_}, {"emoji", "👍"}});
  auto removed = bob_->event("message.reaction");
  EXPECT_EQ(removed.at("action"), "remove");
  EXPECT_EQ(removed.at("emoji"), "👍");
  auto r = removed.at("reactions").as_array();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].at("emoji"), "🎉");
}

TEST_F(reactions, reacting_twice_or_removing_what_is_not_there_changes_nothing) {
  alice_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "👍"}});
  alice_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "👍"}});
  alice_->ok({{"type", "message.unreact"}, {"message_id", message_}, {"emoji", "😂"}});
  send_in(*alice_, chat_, "next");
  EXPECT_EQ(bob_->event("message.reaction").at("seq").as_int64(), 2);
  EXPECT_EQ(bob_->event("message").at("message").at("seq").as_int64(), 3) << "no entry for the no-ops";
}

TEST_F(reactions, history_and_sync_carry_each_message_reactions_as_they_stand) {
  alice_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "👍"}});
  bob_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "👍"}});
  bob_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "❤️"}});
  auto history = carol_->error_of({{"type", "history"}, {"conversation_id", chat_}});
  EXPECT_EQ(history, "NOT_A_MEMBER");
  auto events = alice_->ok({{"type", "history"}, {"conversation_id", chat_}}).at("events").as_array();
  ASSERT_EQ(events.size(), 4U) << "the message and three reaction entries";
  auto msg = message_in(events, message_);
  auto r = msg.at("reactions").as_array();
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r[0].at("emoji"), "👍");
  EXPECT_EQ(r[0].at("count").as_int64(), 2);
  EXPECT_EQ(r[0].at("users").at(0).at("user"), "alice") << "earliest first";
  EXPECT_EQ(r[1].at("emoji"), "❤️");
  EXPECT_EQ(events[1].at("type"), "message.reaction");
  EXPECT_EQ(events[1].at("reactions").as_array(), r) << "a logged reaction shows the reactions as they stand";

  object since{{std::to_string(chat_), 0}};
  auto sync = bob_->ok({{"type", "sync"}, {"since", since}}).at("conversations").at(0).at("events").as_array();
  EXPECT_EQ(message_in(sync, message_).at("reactions").as_array(), r);
}

TEST_F(reactions, a_client_that_reconnects_gets_the_reaction_changes_it_missed) {
  bob_.reset();
  alice_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "🔥"}});
  bob_ = connect(bob_session_, false);
  object since{{std::to_string(chat_), 1}};
  auto conv = bob_->ok({{"type", "sync"}, {"since", since}}).at("conversations").at(0).as_object();
  auto events = conv.at("events").as_array();
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].at("type"), "message.reaction");
  EXPECT_EQ(events[0].at("emoji"), "🔥");
  EXPECT_EQ(events[0].at("user"), "alice");
  EXPECT_EQ(conv.at("last_seq").as_int64(), 2);
}

TEST_F(reactions, an_edited_message_keeps_its_reactions) {
  bob_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "👍"}});
  alice_->event("message.reaction");
  auto reply = alice_->ok({{"type", "message.edit"}, {"message_id", message_}, {"text", "hello!"}});
  EXPECT_EQ(reply.at("message").at("reactions").at(0).at("count").as_int64(), 1);
  auto edited = bob_->event("message.edited");
  EXPECT_EQ(edited.at("message").at("reactions").at(0).at("emoji"), "👍");
}

TEST_F(reactions, only_members_react_and_only_to_messages_they_can_see) {
  EXPECT_EQ(code_of(react(*carol_, message_, "👍")), "NOT_FOUND") << "not a member";
  auto theirs = send_to(*carol_, "@alice", "hi alice");
  const auto other = theirs.at("message").at("id").as_int64();
  EXPECT_EQ(code_of(react(*bob_, other, "👍")), "NOT_FOUND") << "a message of another conversation";
  EXPECT_EQ(code_of(react(*bob_, 999999, "👍")), "NOT_FOUND");
  EXPECT_EQ(carol_->error_of({{"type", "message.unreact"}, {"message_id", message_}, {"emoji", "👍"}}), "NOT_FOUND");
}

TEST_F(reactions, a_deleted_message_takes_no_reactions_and_shows_none) {
  bob_->ok({{"type", "message.react"}, {"message_id", message_}, {"emoji", "👍"}});
  alice_->ok({{"type", "message.delete"}, {"message_id", message_}});
  EXPECT_EQ(code_of(react(*bob_, message_, "🎉")), "NOT_FOUND");
  auto events = bob_->ok({{"type", "history"}, {"conversation_id", chat_}}).at("events").as_array();
  EXPECT_FALSE(message_in(events, message_).contains("reactions"));
  EXPECT_TRUE(events[1].at("reactions").as_array().empty()) << "nor does its logged reaction";
}

TEST_F(reactions, emoji_are_validated) {
  for (const std::string good :
       {"👍", "👍🏽", "❤️", "👨‍👩‍👧‍👦", "👩🏻‍❤️‍💋‍👨🏼", "🇫🇷", "1️⃣",
        "#⃣", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "🫠"}) {
    EXPECT_EQ(code_of(react(*alice_, message_, good)), "") << good;
  }
  const std::vector<std::string> bads{"",        "a",
                                      "ok",      "👍👍",
                                      " 👍",      "👍 ",
                                      "\u200d",  "👍\u200d",
                                      "\u200d👍", "🇫",
                                      "1",       "👍\ufe0e\ufe0e",
                                      "<b>",     std::string(65, 'x')};
  for (const auto& bad : bads) {
    auto reply = react(*alice_, message_, bad);
    EXPECT_EQ(code_of(reply), "VALIDATION_FAILED") << bad;
    if (reply.contains("error")) {
      EXPECT_EQ(reply.at("error").at("field"), "emoji");
    }
  }
  std::string long_sequence = "👍";
  for (int i = 0; i < 9; ++i) long_sequence += "\u200d👍";
  EXPECT_EQ(code_of(react(*alice_, message_, long_sequence)), "VALIDATION_FAILED") << "more than 8 joined";
  EXPECT_EQ(alice_->error_of({{"type", "message.react"}, {"message_id", message_}, {"emoji", 5}}), "BAD_REQUEST");
}

TEST_F(reactions, a_user_has_at_most_ten_emoji_on_a_message) {
  const std::vector<std::string> emoji{"😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊", "😋"};
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(code_of(react(*alice_, message_, emoji[i])), "") << i;
  EXPECT_EQ(code_of(react(*alice_, message_, emoji[10])), "LIMIT_REACHED");
  EXPECT_EQ(code_of(react(*bob_, message_, emoji[10])), "") << "the cap is per user";
}

TEST_F(reactions, a_message_has_at_most_twenty_distinct_emoji) {
  const std::vector<std::string> emoji{"😀", "😁", "😂", "🤣", "😃",    "😄", "😅", "😆", "😉",    "😊",
                                       "😋", "😎", "😍", "😘",    "🥰", "😗", "😙", "😚", "🙂", "🤗"};
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(code_of(react(*alice_, message_, emoji[i])), "") << i;
  for (std::size_t i = 10; i < 20; ++i) EXPECT_EQ(code_of(react(*bob_, message_, emoji[i])), "") << i;
  EXPECT_EQ(code_of(react(*bob_, message_, "🤩")), "LIMIT_REACHED") << "a twenty-first emoji";
  bob_->ok({{"type", "message.unreact"}, {"message_id", message_}, {"emoji", "🤗"}});
  EXPECT_EQ(code_of(react(*bob_, message_, "😀")), "") << "an emoji already there is not a new one";
  auto events = alice_->ok({{"type", "history"}, {"conversation_id", chat_}}).at("events").as_array();
  EXPECT_EQ(message_in(events, message_).at("reactions").as_array().size(), 19U);
}

TEST_F(reactions, ten_thousand_reactions_by_a_script_are_capped_and_the_server_stays_healthy) {
  int accepted = 0;
  std::map<std::string, int> refused;
  constexpr int total = 10000;
  constexpr int window = 16;  // requests in flight at a time
  std::vector<std::string> pending;
  for (int i = 0; i < total || !pending.empty();) {
    while (i < total && pending.size() < window) {
      const std::string emoji = i % 2 == 0 ? "👍" : "👎";
      const char* type = (i / 2) % 2 == 0 ? "message.react" : "message.unreact";
      pending.push_back(alice_->send_request({{"type", type}, {"message_id", message_}, {"emoji", emoji}}));
      ++i;
    }
    auto reply = alice_->reply(pending.front());
    pending.erase(pending.begin());
    if (reply.contains("error")) {
      ++refused[code_of(reply)];
    } else {
      ++accepted;
    }
  }
  EXPECT_EQ(accepted + refused["RATE_LIMITED"], total) << "nothing but rate limiting refused them";
  EXPECT_LT(accepted, 500) << "the rate limit held";
  auto events = bob_->ok({{"type", "history"}, {"conversation_id", chat_}, {"limit", 1}}).at("events").as_array();
  EXPECT_EQ(events.size(), 1U);
  // The server still serves others at once.
  const auto seq = send_in(*bob_, chat_, "still here").at("message").at("seq").as_int64();
  auto msg = alice_->event("message");
  while (msg.at("message").at("seq").as_int64() < seq) msg = alice_->event("message");  // "hello" was queued first
  EXPECT_EQ(msg.at("message").at("text"), "still here");
  EXPECT_EQ(code_of(react(*bob_, message_, "🎉")), "");
}

}  // namespace
}  // namespace natter::testing
