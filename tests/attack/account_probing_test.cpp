// Probing accounts over HTTP: guessing one account's password under each of
// its names, and finding out which emails are registered through PATCH /me.

#include <gtest/gtest.h>

#include <string>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

// The per-address limits are lifted so that only the per-account ones act.
class login_budget : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    return {"--login-rate-per-address", "100000", "--register-rate-per-address", "100000",
            "--login-rate-per-account", "10"};
  }
};

TEST_F(login_budget, failures_by_username_and_by_email_share_one_account_budget) {
  register_and_login("alice");
  const std::string wrong = "not the password";
  // The login above succeeded and reset the budget: ten guesses by username.
  for (int i = 0; i < 10; ++i) ASSERT_EQ(login_reply("alice", wrong).status, 401) << i;

  // The same account under its email, in any case, has no budget of its own.
  EXPECT_EQ(login_reply("alice@example.com", wrong).error_code(), "RATE_LIMITED");
  EXPECT_EQ(login_reply("ALICE@EXAMPLE.COM", default_password).error_code(), "RATE_LIMITED");
  EXPECT_EQ(login_reply("Alice", default_password).error_code(), "RATE_LIMITED");

  // An ordinary client logs in under either name as before.
  const auto bob = register_and_login("bob");
  EXPECT_EQ(login_reply("bob@example.com").status, 200);
  EXPECT_EQ(http_->get("/api/v1/me", bob.access_token).status, 200);
}

TEST_F(login_budget, password_changes_and_logins_share_the_account_budget) {
  const auto alice = register_and_login("alice");
  for (int i = 0; i < 10; ++i) ASSERT_EQ(login_reply("alice@example.com", "not the password").status, 401) << i;
  auto change = http_->post("/api/v1/me/password",
                            {{"current_password", "wrong password"}, {"new_password", "another long password"}},
                            alice.access_token);
  EXPECT_EQ(change.error_code(), "RATE_LIMITED");
  register_and_login("carol");  // an ordinary client is not affected
}

// Default limits for email changes (5 an hour per account).
class email_probing : public server_test {};

TEST_F(email_probing, a_taken_email_is_not_named_as_taken_and_probing_is_limited_and_audited) {
  register_and_login("bob");
  const auto mallory = register_and_login("mallory");

  auto taken = http_->patch("/api/v1/me", {{"email", "bob@example.com"}}, mallory.access_token);
  EXPECT_EQ(taken.status, 422) << taken.body;
  EXPECT_EQ(taken.error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(taken.json().at("error").at("field"), "email");
  EXPECT_EQ(taken.body.find("TAKEN"), std::string::npos) << taken.body;
  EXPECT_NE(server_->log().find("audit email.change_refused"), std::string::npos);

  // Sixty probes in a burst: after the budget (5 an hour, one spent above),
  // every further attempt is refused, free address or taken.
  int limited = 0;
  for (int i = 0; i < 60; ++i) {
    auto probe =
        http_->patch("/api/v1/me", {{"email", "guess" + std::to_string(i) + "@example.net"}}, mallory.access_token);
    if (probe.error_code() == "RATE_LIMITED") {
      ++limited;
      EXPECT_FALSE(probe.header("retry-after").empty());
    }
  }
  EXPECT_EQ(limited, 60 - 4);
  EXPECT_EQ(http_->patch("/api/v1/me", {{"email", "bob@example.com"}}, mallory.access_token).error_code(),
            "RATE_LIMITED");
  EXPECT_NE(server_->log().find("audit email.change_limited"), std::string::npos);

  // Saving the profile with the email unchanged (as forms do) is not an email
  // change; other users change their email as before.
  auto me = http_->get("/api/v1/me", mallory.access_token).json().at("user").as_object();
  auto save = http_->patch("/api/v1/me", {{"email", me.at("email")}, {"display_name", "M"}}, mallory.access_token);
  EXPECT_EQ(save.status, 200) << save.body;
  const auto carol = register_and_login("carol");
  auto moved = http_->patch("/api/v1/me", {{"email", "carol@example.org"}}, carol.access_token);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("user").at("pending_email"), "carol@example.org");  // once its link is opened
}

}  // namespace
}  // namespace natter::testing
