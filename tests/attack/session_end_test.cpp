// A session that was ended (password change, logout, logout of every
// session, a stolen refresh token used twice) must stop at once: its access
// token is refused over HTTP and for WebSocket auth, and its open WebSocket
// is closed with 4003 instead of going on receiving messages.

#include <gtest/gtest.h>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

class session_end : public realtime_test {
 protected:
  // The ended session's token no longer opens anything.
  void expect_refused(const session& s) {
    auto me = http_->get("/api/v1/me", s.access_token);
    EXPECT_EQ(me.status, 401) << me.body;
    EXPECT_EQ(me.error_code(), "UNAUTHORIZED");
    ws_client fresh(server_->port());
    EXPECT_EQ(fresh.error_of({{"type", "auth"}, {"token", s.access_token}}), "UNAUTHORIZED");
    // The upgrade's Authorization header is checked the same way.
    auto upgrade = upgrade_with(server_->port(), "Bearer " + s.access_token);
    EXPECT_EQ(upgrade.status, 401);
    EXPECT_EQ(upgrade.error_code(), "UNAUTHORIZED");
  }

  // An ordinary pair of users still chats.
  void expect_others_unaffected() {
    auto carol = join_as("carol");
    auto dave = join_as("dave");
    dave->ok({{"type", "contact.add"}, {"username", "carol"}});
    send_to(*carol, "@dave", "still working");
    EXPECT_EQ(dave->event("message").at("message").at("text"), "still working");
  }
};

TEST_F(session_end, a_password_change_ends_the_other_sessions_at_once) {
  auto kept = register_and_login("alice");
  auto stolen = login("alice");
  auto bob = join_as("bob");
  auto kept_ws = connect(kept);
  auto stolen_ws = connect(stolen);
  send_to(*bob, "@alice", "before");
  EXPECT_EQ(stolen_ws->event("message").at("message").at("text"), "before");
  EXPECT_EQ(kept_ws->event("message").at("message").at("text"), "before");

  auto changed = http_->post("/api/v1/me/password",
                             {{"current_password", default_password}, {"new_password", "a brand new password"}},
                             kept.access_token);
  ASSERT_EQ(changed.status, 204) << changed.body;

  EXPECT_EQ(stolen_ws->wait_closed(), 4003);
  expect_refused(stolen);
  EXPECT_EQ(refresh(stolen.refresh_token).status, 401);

  // The session that changed the password goes on.
  EXPECT_EQ(http_->get("/api/v1/me", kept.access_token).status, 200);
  send_to(*bob, "@alice", "after");
  EXPECT_EQ(kept_ws->event("message").at("message").at("text"), "after");
  expect_others_unaffected();
}

TEST_F(session_end, logout_of_every_session_ends_them_all_including_the_callers) {
  auto a = register_and_login("alice");
  auto b = login("alice");
  auto a_ws = connect(a);
  auto b_ws = connect(b);
  ASSERT_EQ(http_->post("/api/v1/auth/logout", {{"all", true}}, a.access_token).status, 204);
  EXPECT_EQ(a_ws->wait_closed(), 4003);
  EXPECT_EQ(b_ws->wait_closed(), 4003);
  expect_refused(a);
  expect_refused(b);
  auto again = login("alice");  // a new login is a new session
  EXPECT_EQ(http_->get("/api/v1/me", again.access_token).status, 200);
  connect(again)->ok({{"type", "ping"}});
  expect_others_unaffected();
}

TEST_F(session_end, logout_ends_that_session_only) {
  auto a = register_and_login("alice");
  auto b = login("alice");
  auto a_ws = connect(a);
  auto b_ws = connect(b);
  ASSERT_EQ(http_->post("/api/v1/auth/logout", {{"refresh_token", b.refresh_token}}).status, 204);
  EXPECT_EQ(b_ws->wait_closed(), 4003);
  expect_refused(b);
  EXPECT_EQ(http_->get("/api/v1/me", a.access_token).status, 200);
  a_ws->ok({{"type", "ping"}});
  expect_others_unaffected();
}

TEST_F(session_end, a_reused_refresh_token_ends_the_session_of_its_successor) {
  auto s = register_and_login("alice");
  auto rotated = refresh(s.refresh_token);
  ASSERT_EQ(rotated.status, 200);
  session next{std::string(rotated.json().at("access_token").as_string()),
               std::string(rotated.json().at("refresh_token").as_string()),
               {}};
  auto ws = connect(next);
  // The old refresh token shows up again: it was copied.
  EXPECT_EQ(refresh(s.refresh_token).status, 401);
  EXPECT_EQ(ws->wait_closed(), 4003);
  expect_refused(next);
  expect_refused(s);
  expect_others_unaffected();
}

}  // namespace
}  // namespace natter::testing
