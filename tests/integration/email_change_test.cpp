// Email addresses proven by a mailed link, against the real natterd: a new
// account is asked to confirm its address; a new address replaces the old one
// only once its link is opened, and the old address is told; links work once,
// a newer one retires the older, an address taken meanwhile is refused.

#include <SQLiteCpp/SQLiteCpp.h>

#include "integration/support/mail_box.hpp"
#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

class email_change_test : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = server_test::natterd_args();
    args.insert(args.end(), {"--public-url", "https://chat.example.org"});
    return args;
  }
  fs::path outbox() const { return server_->data_dir() / "data" / "outbox"; }
  // The link of the nth mail to `to` (waiting for it).
  std::string token_mailed_to(const std::string& to, std::size_t nth = 1) {
    auto sent = wait_for_mails(outbox(), nth, "To: " + to + "\r\n");
    return sent.size() < nth ? std::string() : link_token(sent[nth - 1], "confirm-email");
  }
  http_reply confirm(const std::string& token) {
    return http_->post("/api/v1/auth/email/confirm", boost::json::object{{"token", token}});
  }
  boost::json::value me(const session& s) { return http_->get("/api/v1/me", s.access_token).json().at("user"); }
};

TEST_F(email_change_test, a_new_account_is_mailed_a_link_that_confirms_its_address_once) {
  auto alice = register_and_login("alice");
  EXPECT_EQ(me(alice).at("email_verified"), false);
  EXPECT_TRUE(me(alice).at("pending_email").is_null());
  const auto token = token_mailed_to("alice@example.com");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(confirm(token).status, 204);
  EXPECT_EQ(me(alice).at("email_verified"), true);
  EXPECT_EQ(confirm(token).error_code(), "EMAIL_TOKEN_INVALID");
  EXPECT_NE(server_->log().find("audit email.verified"), std::string::npos);
  // Confirmed: asking again sends nothing.
  EXPECT_EQ(http_->post("/api/v1/me/email/verify", boost::json::object{}, alice.access_token).status, 204);
  EXPECT_EQ(mails_in(outbox(), "To: alice@example.com").size(), 1U);
}

TEST_F(email_change_test, a_new_address_counts_only_once_its_link_is_opened_and_the_old_one_is_told) {
  auto alice = register_and_login("alice");
  auto asked =
      http_->patch("/api/v1/me", {{"email", "Alice@Example.org"}, {"display_name", "Alice L"}}, alice.access_token);
  ASSERT_EQ(asked.status, 200) << asked.body;
  const auto body = asked.json();
  const auto& user = body.at("user");
  EXPECT_EQ(user.at("email"), "alice@example.com");  // still the old one
  EXPECT_EQ(user.at("pending_email"), "Alice@Example.org");
  EXPECT_EQ(user.at("display_name"), "Alice L");  // the rest is saved at once
  EXPECT_EQ(login_reply("Alice@Example.org").status, 401);

  const auto mailed = wait_for_mails(outbox(), 1, "To: Alice@Example.org\r\n");
  ASSERT_EQ(mailed.size(), 1U);
  EXPECT_NE(mailed[0].find("Subject: Confirm your new Natter address"), std::string::npos);
  EXPECT_NE(mailed[0].find("https://chat.example.org/#confirm-email="), std::string::npos);
  ASSERT_EQ(confirm(link_token(mailed[0], "confirm-email")).status, 204);

  const auto now = me(alice);
  EXPECT_EQ(now.at("email"), "Alice@Example.org");
  EXPECT_EQ(now.at("email_verified"), true);
  EXPECT_TRUE(now.at("pending_email").is_null());
  EXPECT_EQ(login_reply("alice@example.org").status, 200);
  EXPECT_EQ(login_reply("alice@example.com").status, 401);
  const auto told = wait_for_mails(outbox(), 1, "Subject: Your Natter address was changed");
  ASSERT_EQ(told.size(), 1U);
  EXPECT_NE(told[0].find("To: alice@example.com"), std::string::npos);
  EXPECT_NE(server_->log().find("audit email.change_requested"), std::string::npos);
  EXPECT_NE(server_->log().find("audit email.changed"), std::string::npos);
}

TEST_F(email_change_test, a_newer_link_retires_the_older_one) {
  auto alice = register_and_login("alice");
  ASSERT_EQ(http_->patch("/api/v1/me", {{"email", "one@example.org"}}, alice.access_token).status, 200);
  const auto first = token_mailed_to("one@example.org");
  ASSERT_EQ(http_->patch("/api/v1/me", {{"email", "two@example.org"}}, alice.access_token).status, 200);
  const auto second = token_mailed_to("two@example.org");
  EXPECT_EQ(me(alice).at("pending_email"), "two@example.org");
  EXPECT_EQ(confirm(first).error_code(), "EMAIL_TOKEN_INVALID");
  EXPECT_EQ(confirm(second).status, 204);
  EXPECT_EQ(me(alice).at("email"), "two@example.org");
}

TEST_F(email_change_test, an_address_taken_before_the_link_is_opened_is_refused_and_nothing_changes) {
  auto alice = register_and_login("alice");
  ASSERT_EQ(http_->patch("/api/v1/me", {{"email", "shared@example.org"}}, alice.access_token).status, 200);
  const auto token = token_mailed_to("shared@example.org");
  // The pending address is not reserved: someone registers with it first.
  auto bob = http_->post("/api/v1/auth/register",
                         {{"email", "shared@example.org"}, {"username", "bob"}, {"password", default_password}});
  ASSERT_EQ(bob.status, 201) << bob.body;
  auto refused = confirm(token);
  EXPECT_EQ(refused.error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(refused.json().at("error").at("field"), "email");
  EXPECT_EQ(me(alice).at("email"), "alice@example.com");
  EXPECT_EQ(confirm(token).error_code(), "EMAIL_TOKEN_INVALID");  // used up
  EXPECT_NE(server_->log().find("audit email.change_refused"), std::string::npos);
}

TEST_F(email_change_test, the_current_address_again_is_not_a_change_and_sends_nothing) {
  auto alice = register_and_login("alice");
  token_mailed_to("alice@example.com");  // the welcome link
  ASSERT_EQ(http_->patch("/api/v1/me", {{"email", "ALICE@example.com"}}, alice.access_token).status, 200);
  EXPECT_TRUE(me(alice).at("pending_email").is_null());
  EXPECT_EQ(mails_in(outbox()).size(), 1U);
}

TEST_F(email_change_test, bad_input_is_refused_with_documented_errors) {
  auto alice = register_and_login("alice");
  EXPECT_EQ(http_->post("/api/v1/auth/email/confirm", boost::json::object{}).error_code(), "BAD_REQUEST");
  EXPECT_EQ(http_->post("/api/v1/auth/email/confirm", {{"token", 5}}).error_code(), "BAD_REQUEST");
  EXPECT_EQ(http_->request(http::verb::post, "/api/v1/auth/email/confirm", "{").error_code(), "BAD_REQUEST");
  EXPECT_EQ(confirm("made-up").error_code(), "EMAIL_TOKEN_INVALID");
  EXPECT_EQ(confirm(std::string(5000, 'x')).error_code(), "EMAIL_TOKEN_INVALID");
  EXPECT_EQ(http_->post("/api/v1/me/email/verify", boost::json::object{}).error_code(), "UNAUTHORIZED");
  // An address that is not one: refused before anything is saved.
  auto bad = http_->patch("/api/v1/me", {{"email", "not an address"}, {"display_name", "X"}}, alice.access_token);
  EXPECT_EQ(bad.error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(bad.json().at("error").at("field"), "email");
  EXPECT_NE(me(alice).at("display_name"), "X");  // nothing saved
  EXPECT_EQ(http_->patch("/api/v1/me", {{"email", 7}}, alice.access_token).error_code(), "BAD_REQUEST");
}

TEST_F(email_change_test, tokens_are_stored_only_as_hashes_and_deletion_forgets_them) {
  auto alice = register_and_login("alice");
  const auto token = token_mailed_to("alice@example.com");
  ASSERT_FALSE(token.empty());
  {
    SQLite::Database db((server_->data_dir() / "data" / "natter.db").string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT count(*), sum(token_hash = ?) FROM email_confirmations");
    q.bind(1, token);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getInt(), 1);
    EXPECT_EQ(q.getColumn(1).getInt(), 0);
  }
  auto removed = http_->request(http::verb::delete_, "/api/v1/me",
                                boost::json::serialize(boost::json::object{{"password", default_password}}),
                                {{"Authorization", "Bearer " + alice.access_token}});
  ASSERT_EQ(removed.status, 204) << removed.body;
  SQLite::Database db((server_->data_dir() / "data" / "natter.db").string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT count(*) FROM email_confirmations");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt(), 0);
}

}  // namespace
}  // namespace natter::testing
