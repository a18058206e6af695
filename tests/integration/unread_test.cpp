// Unread counts as clients see them (conversations.list, receipt.read):
// others' messages after the read marker, not deleted ones, nothing from
// before a join.
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

class unread : public realtime_test {
 protected:
  // The unread count of conversation c in who's conversation list.
  static std::int64_t unread_in_list(ws_client& who, std::int64_t c) {
    const auto list = who.ok({{"type", "conversations.list"}});
    for (const auto& row : list.at("conversations").as_array()) {
      if (row.at("conversation_id").as_int64() == c) return row.at("unread").as_int64();
    }
    ADD_FAILURE() << "conversation " << c << " is not in the list";
    return -1;
  }
  static std::int64_t id_of(const object& sent) { return sent.at("message").at("id").as_int64(); }
  static std::int64_t seq_of(const object& sent) { return sent.at("message").at("seq").as_int64(); }
};

TEST_F(unread, a_deleted_message_stops_counting_and_an_edit_changes_nothing) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});
  const auto first = send_to(*alice, "@bob", "one");
  const auto chat = conversation_of(first);
  const auto second = send_in(*alice, chat, "two");
  send_in(*bob, chat, "bob's own");
  const auto third = send_in(*alice, chat, "three");
  ASSERT_EQ(unread_in_list(*bob, chat), 3);

  alice->ok({{"type", "message.delete"}, {"message_id", id_of(second)}});
  EXPECT_EQ(unread_in_list(*bob, chat), 2);
  alice->ok({{"type", "message.edit"}, {"message_id", id_of(third)}, {"text", "three!"}});
  EXPECT_EQ(unread_in_list(*bob, chat), 2);
  auto read = bob->ok({{"type", "receipt.read"}, {"conversation_id", chat}, {"seq", seq_of(first)}});
  EXPECT_EQ(read.at("unread").as_int64(), 1) << "three; two is deleted, the other one bob's";
  EXPECT_EQ(unread_in_list(*alice, chat), 1) << "bob's own";
}

TEST_F(unread, someone_added_to_a_group_with_history_has_nothing_unread_from_before) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});
  carol->ok({{"type", "contact.add"}, {"username", "alice"}});
  const auto group =
      conversation_of(alice->ok({{"type", "group.create"}, {"name", "Friends"}, {"members", array{"bob"}}}));
  for (int i = 0; i < 5; ++i) send_in(i % 2 ? *alice : *bob, group, "before " + std::to_string(i));
  alice->ok({{"type", "group.add"}, {"conversation_id", group}, {"username", "carol"}});

  EXPECT_EQ(unread_in_list(*carol, group), 0);
  const auto after = send_in(*bob, group, "after carol came");
  EXPECT_EQ(unread_in_list(*carol, group), 1);
  auto read = carol->ok({{"type", "receipt.read"}, {"conversation_id", group}, {"seq", seq_of(after)}});
  EXPECT_EQ(read.at("unread").as_int64(), 0);
}

TEST_F(unread, joining_a_room_with_history_leaves_nothing_unread) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto room = conversation_of(alice->ok({{"type", "room.create"}, {"name", "general"}}));
  for (int i = 0; i < 3; ++i) send_to(*alice, "#general", "before " + std::to_string(i));
  bob->ok({{"type", "room.join"}, {"name", "general"}});

  EXPECT_EQ(unread_in_list(*bob, room), 0);
  send_to(*alice, "#general", "after");
  EXPECT_EQ(unread_in_list(*bob, room), 1);
}

}  // namespace
}  // namespace natter::testing
