// Deleting one's account: the password asked for, every session ended at
// once, the groups left in sight of their members, personal data gone, the
// messages kept under a tombstone, the username reserved.

#include <boost/json.hpp>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;
using boost::json::array;
using boost::json::object;

class account_deletion_test : public realtime_test {
 protected:
  http_reply remove(const session& s, const boost::json::value& body) {
    return http_->request(http::verb::delete_, "/api/v1/me", boost::json::serialize(body),
                          {{"Authorization", "Bearer " + s.access_token}});
  }
};

TEST_F(account_deletion_test, asks_for_the_password) {
  auto alice = register_and_login("alice");
  EXPECT_EQ(remove(alice, object{{"password", "wrong password"}}).error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(remove(alice, object{}).error_code(), "BAD_REQUEST");
  EXPECT_EQ(remove(alice, object{{"password", 1}}).error_code(), "BAD_REQUEST");
  EXPECT_EQ(http_->request(http::verb::delete_, "/api/v1/me", "{}").status, 401);
  EXPECT_EQ(login_reply("alice").status, 200);  // nothing happened
}

TEST_F(account_deletion_test, ends_sessions_leaves_groups_erases_the_profile_and_keeps_the_messages) {
  auto alice = register_and_login("alice");
  auto bob_session = register_and_login("bob");
  auto a = connect(alice);
  auto b = connect(bob_session);
  b->ok({{"type", "contact.add"}, {"username", "alice"}});
  a->ok({{"type", "contact.add"}, {"username", "bob"}});
  auto group = conversation_of(a->ok({{"type", "group.create"}, {"name", "Friends"}, {"members", array{"bob"}}}));
  b->event("member.joined");
  send_in(*a, group, "remember me");
  b->event("message");
  const auto id = std::to_string(alice.user.at("id").as_int64());

  auto deleted = remove(alice, object{{"password", default_password}});
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(a->wait_closed(), 4003);
  auto left = b->event("member.left");
  EXPECT_EQ(left.at("conversation_id").as_int64(), group);
  EXPECT_EQ(login_reply("alice").error_code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(login_reply("alice@example.com").error_code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(refresh(alice.refresh_token).status, 401);
  EXPECT_EQ(http_->get("/api/v1/me", alice.access_token).status, 401);
  EXPECT_EQ(http_->get("/api/v1/users/alice", bob_session.access_token).status, 404);
  // The message stays, under the tombstone.
  auto history = b->ok({{"type", "history"}, {"conversation_id", group}}).at("events").as_array();
  bool found = false;
  for (const auto& e : history) {
    if (e.at("type") == "message" && e.at("message").at("text") == "remember me") {
      EXPECT_EQ(e.at("message").at("sender").as_string(), "deleted-" + id);
      found = true;
    }
  }
  EXPECT_TRUE(found);
  auto tombstone = http_->get("/api/v1/users/deleted-" + id, bob_session.access_token);
  EXPECT_EQ(tombstone.json().at("user").at("display_name"), "Deleted user");
  EXPECT_TRUE(b->ok({{"type", "contact.list"}}).at("contacts").as_array().empty());
  // The username waits; the address is free at once.
  EXPECT_EQ(register_user("alice").error_code(), "USERNAME_TAKEN");
  auto again = http_->post("/api/v1/auth/register",
                           {{"email", "alice@example.com"}, {"username", "alice2"}, {"password", default_password}});
  EXPECT_EQ(again.status, 201) << again.body;
  // Nobody may take a tombstone's name.
  EXPECT_EQ(register_user("deleted-999").error_code(), "VALIDATION_FAILED");
}

}  // namespace
}  // namespace natter::testing
