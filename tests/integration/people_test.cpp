// People across renames, declined requests and chosen status: events name
// people by id beside their username, a rename reaches every open session,
// a declined request can be undone, and a chosen status is kept.
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;
using std::chrono::milliseconds;

class people : public realtime_test {
 protected:
  // An accepted direct chat from `from` (named from_name) to bob; returns its id.
  std::int64_t chat_between(ws_client& alice, ws_client& bob, const std::string& from_name = "alice") {
    bob.ok({{"type", "contact.add"}, {"username", from_name}});
    const auto conversation = conversation_of(send_to(alice, "@bob", "hi"));
    bob.event("message");
    alice.event("message");
    return conversation;
  }
  http_reply rename(const session& s, const std::string& username) {
    return http_->patch("/api/v1/me", {{"username", username}}, s.access_token);
  }
  static std::int64_t id_of(const session& s) { return s.user.at("id").as_int64(); }
};

TEST_F(people, messages_typing_and_receipts_name_people_by_id_beside_the_username) {
  auto a = register_and_login("alice");
  auto alice = connect(a);
  auto bob = join_as("bob");
  const auto conversation = chat_between(*alice, *bob);
  auto sent = send_in(*alice, conversation, "with an id");
  EXPECT_EQ(sent.at("message").at("sender_id").as_int64(), id_of(a));
  EXPECT_EQ(bob->event("message").at("message").at("sender_id").as_int64(), id_of(a));

  alice->ok({{"type", "typing"}, {"conversation_id", conversation}});
  EXPECT_EQ(bob->event("typing").at("user_id").as_int64(), id_of(a));
  alice->ok({{"type", "receipt.read"}, {"conversation_id", conversation}, {"seq", 2}});
  EXPECT_EQ(bob->event("receipt").at("user_id").as_int64(), id_of(a));

  auto list = bob->ok({{"type", "conversations.list"}}).at("conversations").as_array();
  ASSERT_EQ(list.size(), 1U);
  const auto& ids = list[0].at("member_ids").as_array();
  EXPECT_NE(std::find(ids.begin(), ids.end(), boost::json::value(id_of(a))), ids.end());
}

TEST_F(people, a_rename_reaches_the_renamed_users_sessions_and_the_people_they_chat_with) {
  auto a = register_and_login("frank");
  auto frank = connect(a);
  auto frank_elsewhere = connect(a);
  auto bob = join_as("bob");
  bob->ok({{"type", "contact.add"}, {"username", "frank"}});
  send_to(*frank, "@bob", "hi");
  ASSERT_EQ(rename(a, "franky").status, 200);
  for (auto* ws : {frank.get(), frank_elsewhere.get(), bob.get()}) {
    auto updated = ws->event("user.updated");
    EXPECT_EQ(updated.at("user_id").as_int64(), id_of(a));
    EXPECT_EQ(updated.at("username"), "franky");
  }
}

TEST_F(people, an_open_session_speaks_under_the_new_name_after_a_rename) {
  auto a = register_and_login("frank");
  auto frank = connect(a);
  auto bob = join_as("bob");
  const auto conversation = chat_between(*frank, *bob, "frank");
  ASSERT_EQ(rename(a, "franky").status, 200);
  frank->event("user.updated");  // the session has taken the new name once it passed this on
  frank->ok({{"type", "typing"}, {"conversation_id", conversation}});
  auto typing = bob->event("typing");
  EXPECT_EQ(typing.at("user"), "franky");
  EXPECT_EQ(typing.at("user_id").as_int64(), id_of(a));
  send_in(*frank, conversation, "new name");
  EXPECT_EQ(bob->event("message").at("message").at("sender"), "franky");
}

TEST_F(people, a_username_freed_by_a_rename_is_reserved_but_its_owner_may_take_it_back) {
  auto a = register_and_login("frank");
  auto c = register_and_login("carol");
  ASSERT_EQ(rename(a, "franky").status, 200);
  auto taken = http_->post("/api/v1/auth/register",
                           {{"email", "other@example.com"}, {"username", "frank"}, {"password", default_password}});
  EXPECT_EQ(taken.error_code(), "USERNAME_TAKEN");
  EXPECT_EQ(rename(c, "frank").error_code(), "USERNAME_TAKEN");
  auto back = rename(a, "frank");
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json().at("user").at("username"), "frank");
}

TEST_F(people, whoever_declined_a_request_can_accept_it_later) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto conversation = conversation_of(send_to(*alice, "@bob", "hello?"));
  bob->event("request");
  bob->event("message");
  bob->ok({{"type", "request.decline"}, {"conversation_id", conversation}});
  alice->event("request.declined");
  EXPECT_EQ(bob->error_of({{"type", "request.decline"}, {"conversation_id", conversation}}), "NOT_FOUND");
  bob->ok({{"type", "request.accept"}, {"conversation_id", conversation}});
  EXPECT_EQ(alice->event("request.accepted").at("by"), "bob");
  send_in(*alice, conversation, "thanks");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "thanks");
}

TEST_F(people, the_requester_cannot_accept_their_own_declined_request) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto conversation = conversation_of(send_to(*alice, "@bob", "hello?"));
  bob->ok({{"type", "request.decline"}, {"conversation_id", conversation}});
  EXPECT_EQ(alice->error_of({{"type", "request.accept"}, {"conversation_id", conversation}}), "NOT_FOUND");
  EXPECT_EQ(alice->error_of({{"type", "message.send"},
                             {"conversation_id", conversation},
                             {"client_msg_id", next_client_id()},
                             {"text", "again"}}),
            "REQUEST_DECLINED");
}

TEST_F(people, writing_to_the_requester_reopens_a_declined_chat_for_both) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto conversation = conversation_of(send_to(*alice, "@bob", "hello?"));
  bob->event("message");
  bob->ok({{"type", "request.decline"}, {"conversation_id", conversation}});
  alice->event("request.declined");
  send_in(*bob, conversation, "sorry, I did mean to talk");
  bob->event("message");  // the writer's own
  EXPECT_EQ(alice->event("request.accepted").at("conversation_id").as_int64(), conversation);
  send_in(*alice, conversation, "no problem");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "no problem");
  auto list = alice->ok({{"type", "conversations.list"}}).at("conversations").as_array();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_FALSE(list[0].as_object().contains("request") && !list[0].at("request").is_null());
}

TEST_F(people, adding_the_requester_as_a_contact_reopens_a_declined_chat) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const auto conversation = conversation_of(send_to(*alice, "@bob", "hello?"));
  bob->event("message");
  bob->ok({{"type", "request.decline"}, {"conversation_id", conversation}});
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});
  EXPECT_EQ(alice->event("request.accepted").at("conversation_id").as_int64(), conversation);
  send_to(*alice, "@bob", "hello again");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "hello again");
}

TEST_F(people, a_chosen_status_is_in_the_auth_reply_and_survives_a_reconnect_and_a_restart) {
  auto a = register_and_login("alice");
  auto b = register_and_login("bob");
  {
    auto alice = connect(a);
    EXPECT_EQ(alice->auth(a.access_token).at("status"), "online");
    alice->ok({{"type", "presence.set"}, {"status", "busy"}});
    EXPECT_EQ(alice->event("presence").at("status"), "busy") << "the user's own sessions show the choice";
  }
  auto again = connect(a);
  EXPECT_EQ(again->auth(a.access_token).at("status"), "busy");
  again.reset();
  restart();
  auto alice = connect(a);
  EXPECT_EQ(alice->auth(a.access_token).at("status"), "busy");
  auto bob = connect(b);
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});
  alice->ok({{"type", "contact.add"}, {"username", "bob"}});
  auto contacts = bob->ok({{"type", "contact.list"}}).at("contacts").as_array();
  ASSERT_EQ(contacts.size(), 1U);
  EXPECT_EQ(contacts[0].at("status"), "busy");
}

}  // namespace
}  // namespace natter::testing
