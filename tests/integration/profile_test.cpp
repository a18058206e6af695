// Profile edits, password change, public profiles and user search.
#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

class profile : public server_test {};

TEST_F(profile, patch_me_changes_only_the_given_fields) {
  auto s = register_and_login("alice");
  auto reply = http_->patch("/api/v1/me", {{"display_name", "Alice Liddell"}, {"bio", "Down the rabbit hole.\n"}},
                            s.access_token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto me = http_->get("/api/v1/me", s.access_token).json().at("user");
  EXPECT_EQ(me.at("display_name"), "Alice Liddell");
  EXPECT_EQ(me.at("bio"), "Down the rabbit hole.\n");
  EXPECT_EQ(me.at("username"), "alice");
  EXPECT_EQ(me.at("email"), "alice@example.com");
}

TEST_F(profile, username_change_moves_the_public_profile_and_is_audited) {
  auto s = register_and_login("alice");
  auto reply = http_->patch("/api/v1/me", {{"username", "Alice2"}}, s.access_token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json().at("user").at("username"), "alice2");
  EXPECT_EQ(http_->get("/api/v1/users/alice2", s.access_token).status, 200);
  EXPECT_EQ(http_->get("/api/v1/users/alice", s.access_token).error_code(), "NOT_FOUND");
  EXPECT_NE(server_->log().find("audit username.changed"), std::string::npos);
  EXPECT_EQ(login_reply("alice2").status, 200);
}

TEST_F(profile, taken_username_or_email_is_refused_on_change) {
  register_and_login("bob");
  auto s = register_and_login("alice");
  EXPECT_EQ(http_->patch("/api/v1/me", {{"username", "BOB"}}, s.access_token).error_code(), "USERNAME_TAKEN");
  // A taken email is refused without saying it is taken (see attack tests).
  auto email = http_->patch("/api/v1/me", {{"email", "Bob@example.com"}}, s.access_token);
  EXPECT_EQ(email.error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(email.json().at("error").at("field"), "email");
  EXPECT_EQ(http_->get("/api/v1/me", s.access_token).json().at("user").at("email"), "alice@example.com");
}

TEST_F(profile, password_change_revokes_other_sessions_and_keeps_the_current_one) {
  auto current = register_and_login("alice");
  auto other = login("alice");
  auto reply = http_->post("/api/v1/me/password",
                           {{"current_password", default_password}, {"new_password", "a brand new secret"}},
                           current.access_token);
  ASSERT_EQ(reply.status, 204) << reply.body;
  EXPECT_EQ(refresh(other.refresh_token).status, 401);
  EXPECT_EQ(refresh(current.refresh_token).status, 200);
  EXPECT_EQ(login_reply("alice").status, 401);
  EXPECT_EQ(login_reply("alice", "a brand new secret").status, 200);
  EXPECT_NE(server_->log().find("audit password.changed"), std::string::npos);
}

TEST_F(profile, password_change_with_a_wrong_current_password_is_refused) {
  auto s = register_and_login("alice");
  auto reply =
      http_->post("/api/v1/me/password",
                  {{"current_password", "wrong password"}, {"new_password", "a brand new secret"}}, s.access_token);
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(reply.json().at("error").at("field"), "current_password");
  EXPECT_EQ(login_reply("alice").status, 200);
}

TEST_F(profile, public_profile_shows_no_email) {
  auto s = register_and_login("alice");
  register_and_login("bob");
  auto reply = http_->get("/api/v1/users/bob", s.access_token);
  ASSERT_EQ(reply.status, 200);
  auto user = reply.json().at("user").as_object();
  EXPECT_EQ(user.at("username"), "bob");
  EXPECT_FALSE(user.contains("email"));
}

TEST_F(profile, user_lookups_require_a_token) {
  register_and_login("alice");
  EXPECT_EQ(http_->get("/api/v1/users/alice").status, 401);
  EXPECT_EQ(http_->get("/api/v1/users?prefix=a").status, 401);
}

TEST_F(profile, search_by_prefix_pages_in_username_order) {
  auto s = register_and_login("zed");
  for (auto name : {"anna", "andy", "ann_marie", "bob"}) ASSERT_EQ(register_user(name).status, 201);
  auto first = http_->get("/api/v1/users?prefix=an&limit=2", s.access_token);
  ASSERT_EQ(first.status, 200) << first.body;
  auto users = first.json().at("users").as_array();
  ASSERT_EQ(users.size(), 2U);
  EXPECT_EQ(users[0].at("username"), "andy");
  EXPECT_EQ(users[1].at("username"), "ann_marie");
  ASSERT_EQ(first.json().at("next"), "ann_marie");
  auto second = http_->get("/api/v1/users?prefix=an&limit=2&after=ann_marie", s.access_token);
  auto rest = second.json().at("users").as_array();
  ASSERT_EQ(rest.size(), 1U);
  EXPECT_EQ(rest[0].at("username"), "anna");
  EXPECT_TRUE(second.json().at("next").is_null());
}

TEST_F(profile, search_treats_like_wildcards_literally) {
  auto s = register_and_login("zed");
  ASSERT_EQ(register_user("a_b").status, 201);
  ASSERT_EQ(register_user("axb").status, 201);
  auto reply = http_->get("/api/v1/users?prefix=a_", s.access_token);
  auto users = reply.json().at("users").as_array();
  ASSERT_EQ(users.size(), 1U) << reply.body;
  EXPECT_EQ(users[0].at("username"), "a_b");
}

TEST_F(profile, search_rejects_a_bad_limit) {
  auto s = register_and_login("alice");
  EXPECT_EQ(http_->get("/api/v1/users?prefix=a&limit=lots", s.access_token).status, 400);
  EXPECT_EQ(http_->get("/api/v1/users?prefix=a&limit=1000", s.access_token).error_code(), "VALIDATION_FAILED");
}

}  // namespace
}  // namespace natter::testing
