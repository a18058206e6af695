// What the full-screen chat holds: unread counts taken from the server and
// people followed across renames.
#include "clients/cli/chat_model.hpp"

#include <gtest/gtest.h>

namespace natter::cli {
namespace {

protocol::conversation direct_with_bob(protocol::seq_t last_seq, std::int64_t unread) {
  protocol::conversation c;
  c.id = 7;
  c.kind = "direct";
  c.name = "bob";
  c.members = {"alice", "bob"};
  c.member_ids = {1, 2};
  c.last_seq = last_seq;
  c.read_seq = last_seq - unread;
  c.unread = unread;
  return c;
}

protocol::conversation room(protocol::conversation_id id) {
  protocol::conversation c;
  c.id = id;
  c.kind = "room";
  c.name = "lobby";
  return c;
}

protocol::event message_from(const std::string& sender, protocol::user_id id, protocol::seq_t seq) {
  protocol::message m;
  m.id = 100 + seq;
  m.conversation = 7;
  m.seq = seq;
  m.sender = sender;
  m.sender_id = id;
  m.text = "m" + std::to_string(seq);
  return protocol::message_event{m};
}

class chat_model_test : public ::testing::Test {
 protected:
  void SetUp() override {
    model.set_me("alice", 1);
    model.load({room(3), direct_with_bob(10, 4)});  // the room is on screen
  }
  const chat_conversation& chat() { return model.conversations()[1]; }
  chat_model model;
};

TEST_F(chat_model_test, a_message_the_servers_count_already_has_is_not_counted_again) {
  model.apply(message_from("bob", 2, 10));  // arrives after the list that counted it
  EXPECT_EQ(chat().unread, 4);
  model.apply(message_from("bob", 2, 11));
  EXPECT_EQ(chat().unread, 5);
}

TEST_F(chat_model_test, a_list_counted_before_held_messages_keeps_them_counted) {
  model.apply(message_from("bob", 2, 11));
  model.load({room(3), direct_with_bob(10, 4)});  // computed before seq 11
  EXPECT_EQ(chat().unread, 5);
  model.load({room(3), direct_with_bob(11, 5)});
  EXPECT_EQ(chat().unread, 5);
}

TEST_F(chat_model_test, a_rename_follows_the_person_by_id) {
  model.apply(message_from("bob", 2, 11));
  model.apply(message_from("alice", 1, 12));
  model.apply(protocol::user_updated_event{2, "robert", "Robert"});
  EXPECT_EQ(chat().label, "@robert");
  EXPECT_EQ(chat().lines.at(11).sender, "robert");
  model.apply(protocol::user_updated_event{1, "alicia", "Alicia"});
  EXPECT_EQ(model.me(), "alicia");
  EXPECT_EQ(chat().lines.at(12).sender, "alicia");
  EXPECT_EQ(chat().unread, 5) << "one's own message is never unread";
}

TEST_F(chat_model_test, a_message_that_opens_late_gets_its_text_and_files) {
  model.apply(message_from("bob", 2, 11));
  protocol::media file;
  file.id = "AAAAAAAAAAAAAAAAAAAAAA";
  file.kind = "file";
  file.name = "plans.txt";
  model.replace_attachments(7, 11, {file});
  model.replace_text(7, 11, "the plans");
  model.replace_attachments(7, 99, {file});  // a line not held: nothing happens
  ASSERT_EQ(chat().lines.at(11).attachments.size(), 1U);
  EXPECT_EQ(chat().lines.at(11).attachments[0].name, "plans.txt");
  EXPECT_EQ(chat().lines.at(11).text, "the plans");
  EXPECT_FALSE(chat().lines.contains(99));
}

}  // namespace
}  // namespace natter::cli
