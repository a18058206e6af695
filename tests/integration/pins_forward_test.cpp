// Pins (who may pin, the pinned list, live events) and forwards (a copy that
// names only the original's sender and time).
#include <string>

#include "integration/reactions_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;

class pins : public reactions_test {
 protected:
  // A room of alice's (its owner) that bob joined, with a message of bob's.
  void make_room() {
    room_ = conversation_of(alice_->ok({{"type", "room.create"}, {"name", "general"}}));
    bob_->ok({{"type", "room.join"}, {"name", "general"}});
    auto sent = send_to(*bob_, "#general", "pin me");
    room_message_ = sent.at("message").at("id").as_int64();
    alice_->event("message");
  }
  std::int64_t room_ = 0;
  std::int64_t room_message_ = 0;
};

TEST_F(pins, either_person_in_a_direct_chat_pins_and_both_hear_it) {
  bob_->ok({{"type", "message.pin"}, {"message_id", message_}});
  EXPECT_TRUE(bob_->event("message.pinned").at("pinned").as_bool()) << "bob's own sessions hear it too";
  auto e = alice_->event("message.pinned");
  EXPECT_EQ(e.at("conversation_id").as_int64(), chat_);
  EXPECT_EQ(e.at("message_id").as_int64(), message_);
  EXPECT_TRUE(e.at("pinned").as_bool());
  EXPECT_EQ(e.at("user"), "bob");
  EXPECT_EQ(e.at("user_id").as_int64(), id_of(bob_session_));
  auto list = alice_->ok({{"type", "pins.list"}, {"conversation_id", chat_}});
  auto pinned = list.at("pins").as_array();
  ASSERT_EQ(pinned.size(), 1U);
  EXPECT_EQ(pinned[0].at("message").at("text"), "hello");
  EXPECT_EQ(pinned[0].at("user"), "bob");
  EXPECT_GT(pinned[0].at("ts").as_int64(), 0);
  EXPECT_FALSE(list.at("has_more").as_bool());

  alice_->ok({{"type", "message.unpin"}, {"message_id", message_}});
  EXPECT_FALSE(bob_->event("message.pinned").at("pinned").as_bool());
  EXPECT_TRUE(bob_->ok({{"type", "pins.list"}, {"conversation_id", chat_}}).at("pins").as_array().empty());
}

TEST_F(pins, in_rooms_only_owners_and_admins_pin) {
  make_room();
  EXPECT_EQ(bob_->error_of({{"type", "message.pin"}, {"message_id", room_message_}}), "FORBIDDEN");
  alice_->ok({{"type", "message.pin"}, {"message_id", room_message_}});
  EXPECT_TRUE(bob_->event("message.pinned").at("pinned").as_bool());
  EXPECT_EQ(bob_->error_of({{"type", "message.unpin"}, {"message_id", room_message_}}), "FORBIDDEN");
}

TEST_F(pins, non_members_can_neither_see_nor_pin) {
  alice_->ok({{"type", "message.pin"}, {"message_id", message_}});
  EXPECT_EQ(carol_->error_of({{"type", "pins.list"}, {"conversation_id", chat_}}), "NOT_A_MEMBER");
  EXPECT_EQ(carol_->error_of({{"type", "message.pin"}, {"message_id", message_}}), "NOT_FOUND");
  EXPECT_EQ(carol_->error_of({{"type", "message.unpin"}, {"message_id", message_}}), "NOT_FOUND");
}

TEST_F(pins, pins_are_logged_for_sync_and_a_deleted_message_leaves_the_list) {
  alice_->ok({{"type", "message.pin"}, {"message_id", message_}});
  object since{{std::to_string(chat_), 1}};
  auto events = bob_->ok({{"type", "sync"}, {"since", since}}).at("conversations").at(0).at("events").as_array();
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].at("type"), "message.pinned");
  alice_->ok({{"type", "message.pin"}, {"message_id", message_}});  // again: nothing changes
  alice_->ok({{"type", "message.delete"}, {"message_id", message_}});
  EXPECT_EQ(bob_->event("message.pinned").at("seq").as_int64(), 2);
  EXPECT_EQ(bob_->event("message.deleted").at("seq").as_int64(), 3) << "no entry for pinning it twice";
  EXPECT_TRUE(bob_->ok({{"type", "pins.list"}, {"conversation_id", chat_}}).at("pins").as_array().empty());
  EXPECT_EQ(bob_->error_of({{"type", "message.pin"}, {"message_id", message_}}), "NOT_FOUND");
}

class forwards : public reactions_test {};

TEST_F(forwards, a_forward_is_a_copy_naming_the_original_sender_and_time) {
  auto original = bob_->ok({{"type", "history"}, {"conversation_id", chat_}}).at("events").at(0).at("message");
  alice_->ok({{"type", "contact.add"}, {"username", "carol"}});
  carol_->ok({{"type", "contact.add"}, {"username", "alice"}});
  auto reply =
      alice_->ok({{"type", "message.forward"}, {"message_id", message_}, {"to", "@carol"}, {"client_msg_id", "fw1"}});
  auto copy = reply.at("message").as_object();
  EXPECT_EQ(copy.at("text"), "hello");
  EXPECT_EQ(copy.at("sender"), "alice");
  EXPECT_NE(copy.at("conversation_id").as_int64(), chat_);
  EXPECT_EQ(copy.at("forwarded_from").at("sender"), "alice");
  EXPECT_EQ(copy.at("forwarded_from").at("ts"), original.at("ts"));
  EXPECT_EQ(copy.at("forwarded_from").as_object().size(), 2U) << "nothing of where it came from";
  auto seen = carol_->event("message").at("message").as_object();
  EXPECT_EQ(seen.at("id"), copy.at("id"));
  EXPECT_EQ(seen.at("forwarded_from"), copy.at("forwarded_from"));

  // Forwarded on again, it still names the first sender.
  auto chat_with_carol = copy.at("conversation_id").as_int64();
  auto again = carol_->ok({{"type", "message.forward"},
                           {"message_id", copy.at("id")},
                           {"conversation_id", chat_with_carol},
                           {"client_msg_id", "fw2"}});
  EXPECT_EQ(again.at("message").at("forwarded_from").at("sender"), "alice");
  EXPECT_EQ(again.at("message").at("sender"), "carol");
}

TEST_F(forwards, only_what_the_sender_can_read_goes_only_where_they_can_write) {
  EXPECT_EQ(carol_->error_of(
                {{"type", "message.forward"}, {"message_id", message_}, {"to", "@alice"}, {"client_msg_id", "x1"}}),
            "NOT_FOUND")
      << "carol cannot read the message";
  auto room = conversation_of(carol_->ok({{"type", "room.create"}, {"name", "carols"}}));
  EXPECT_EQ(
      alice_->error_of(
          {{"type", "message.forward"}, {"message_id", message_}, {"conversation_id", room}, {"client_msg_id", "x2"}}),
      "NOT_A_MEMBER");
  EXPECT_EQ(alice_->error_of({{"type", "message.forward"},
                              {"message_id", message_},
                              {"conversation_id", chat_},
                              {"to", "@bob"},
                              {"client_msg_id", "x3"}}),
            "BAD_REQUEST");
  alice_->ok({{"type", "message.delete"}, {"message_id", message_}});
  EXPECT_EQ(bob_->error_of(
                {{"type", "message.forward"}, {"message_id", message_}, {"to", "@carol"}, {"client_msg_id", "x4"}}),
            "NOT_FOUND")
      << "a deleted message";
}

TEST_F(forwards, a_retried_forward_is_stored_once) {
  object req{{"type", "message.forward"}, {"message_id", message_}, {"conversation_id", chat_}, {"client_msg_id", "r"}};
  auto first = bob_->ok(req);
  auto second = bob_->ok(req);
  EXPECT_EQ(first.at("message").at("id"), second.at("message").at("id"));
  EXPECT_EQ(first.at("message").at("seq").as_int64(), 2);
}

}  // namespace
}  // namespace natter::testing
