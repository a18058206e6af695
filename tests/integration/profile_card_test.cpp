// GET /api/v1/users/{username} as a profile card reads it: the public
// profile, and whether the caller blocked that person (never whether that
// person blocked the caller).
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

class profile_card : public realtime_test {
 protected:
  void SetUp() override {
    realtime_test::SetUp();
    alice_ = register_and_login("alice");
    bob_ = register_and_login("bob");
  }

  boost::json::value card(const session& viewer, const std::string& username) {
    auto reply = http_->get("/api/v1/users/" + username, viewer.access_token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json().at("user");
  }

  session alice_, bob_;
};

TEST_F(profile_card, shows_the_public_profile_and_no_private_field) {
  ASSERT_EQ(http_->patch("/api/v1/me", {{"display_name", "Bob Builder"}, {"bio", "Can we fix it?"}}, bob_.access_token)
                .status,
            200);
  auto user = card(alice_, "bob").as_object();
  EXPECT_EQ(user.at("username"), "bob");
  EXPECT_EQ(user.at("display_name"), "Bob Builder");
  EXPECT_EQ(user.at("bio"), "Can we fix it?");
  EXPECT_TRUE(user.at("avatar").is_null());
  EXPECT_FALSE(user.at("blocked").as_bool());
  EXPECT_FALSE(user.contains("email"));
  EXPECT_FALSE(user.contains("pending_email"));
}

TEST_F(profile_card, says_whom_the_caller_blocked_and_follows_an_unblock) {
  auto ws = connect(alice_);
  ws->ok({{"type", "block"}, {"username", "bob"}});
  EXPECT_TRUE(card(alice_, "bob").at("blocked").as_bool());
  ws->ok({{"type", "unblock"}, {"username", "bob"}});
  EXPECT_FALSE(card(alice_, "bob").at("blocked").as_bool());
}

TEST_F(profile_card, never_tells_someone_that_they_were_blocked) {
  connect(alice_)->ok({{"type", "block"}, {"username", "bob"}});
  EXPECT_FALSE(card(bob_, "alice").at("blocked").as_bool());
}

TEST_F(profile_card, needs_a_token_and_a_real_username) {
  EXPECT_EQ(http_->get("/api/v1/users/bob").status, 401);
  EXPECT_EQ(http_->get("/api/v1/users/bob", "not-a-token").status, 401);
  EXPECT_EQ(http_->get("/api/v1/users/nobody_here", alice_.access_token).error_code(), "NOT_FOUND");
  EXPECT_EQ(http_->get("/api/v1/users/a%20b", alice_.access_token).error_code(), "NOT_FOUND");
  EXPECT_EQ(http_->get("/api/v1/users/" + std::string(200, 'x'), alice_.access_token).error_code(), "NOT_FOUND");
}

}  // namespace
}  // namespace natter::testing
