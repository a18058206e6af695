// Every validation rule of registration, answered with VALIDATION_FAILED and the field.
#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

class validation : public server_test {
 protected:
  // The field named by a refused registration, or "accepted".
  std::string refused_field(const std::string& email, const std::string& username, const std::string& password,
                            const std::string& display_name = "") {
    auto reply =
        http_->post("/api/v1/auth/register",
                    {{"email", email}, {"username", username}, {"password", password}, {"display_name", display_name}});
    if (reply.status == 201) return "accepted";
    EXPECT_EQ(reply.status, 422) << reply.body;
    EXPECT_EQ(reply.error_code(), "VALIDATION_FAILED");
    return std::string(reply.json().at("error").at("field").as_string());
  }
};

TEST_F(validation, email_must_look_like_an_address) {
  for (auto bad : {"", "plain", "@example.com", "a@", "a@b", "a b@example.com", "a@exa mple.com", "a@@example.com",
                   "a@-example.com"}) {
    EXPECT_EQ(refused_field(bad, "alice", default_password), "email") << bad;
  }
  EXPECT_EQ(refused_field("a.b+tag@mail.example.com", "alice", default_password), "accepted");
}

TEST_F(validation, username_is_3_to_32_of_a_small_alphabet) {
  for (auto bad : {"ab", "a-very-long-username-over-32-chars", "has space", "semi;colon", "quote'", "<b>", "ünï"}) {
    EXPECT_EQ(refused_field("x@example.com", bad, default_password), "username") << bad;
  }
  EXPECT_EQ(refused_field("x@example.com", "ok_name.with-dash", default_password), "accepted");
  EXPECT_EQ(refused_field("y@example.com", std::string(32, 'z'), default_password), "accepted");
}

TEST_F(validation, password_is_8_to_256_characters) {
  EXPECT_EQ(refused_field("x@example.com", "alice", "seven77"), "password");
  EXPECT_EQ(refused_field("x@example.com", "alice", std::string(257, 'p')), "password");
  // Eight characters of two bytes each: length counts characters.
  EXPECT_EQ(refused_field("x@example.com", "alice", "éééééééé"), "accepted");
  EXPECT_EQ(refused_field("y@example.com", "bob", std::string(256, 'p')), "accepted");
}

TEST_F(validation, display_name_is_at_most_64_characters) {
  EXPECT_EQ(refused_field("x@example.com", "alice", default_password, std::string(65, 'd')), "display_name");
  EXPECT_EQ(refused_field("x@example.com", "alice", default_password, std::string(64, 'd')), "accepted");
}

TEST_F(validation, profile_updates_are_validated_too) {
  auto s = register_and_login("alice");
  auto reply = http_->patch("/api/v1/me", {{"bio", std::string(501, 'b')}}, s.access_token);
  EXPECT_EQ(reply.json().at("error").at("field"), "bio");
  reply = http_->patch("/api/v1/me", {{"username", "x"}}, s.access_token);
  EXPECT_EQ(reply.json().at("error").at("field"), "username");
  reply = http_->post("/api/v1/me/password", {{"current_password", default_password}, {"new_password", "short"}},
                      s.access_token);
  EXPECT_EQ(reply.json().at("error").at("field"), "new_password");
}

}  // namespace
}  // namespace natter::testing
