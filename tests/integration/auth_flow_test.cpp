// Registration, login, refresh rotation with reuse detection, logout.
#include <jwt.h>

#include <cstdlib>
#include <ctime>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;

class auth_flow : public server_test {};

TEST_F(auth_flow, register_returns_201_with_the_user_and_never_the_password_hash) {
  auto reply = http_->post("/api/v1/auth/register", {{"email", "Alice@Example.com"},
                                                     {"username", "Alice"},
                                                     {"password", default_password},
                                                     {"display_name", "Alice A."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  auto user = reply.json().at("user").as_object();
  EXPECT_EQ(user.at("username"), "alice");
  EXPECT_EQ(user.at("email"), "Alice@Example.com");
  EXPECT_EQ(user.at("display_name"), "Alice A.");
  EXPECT_TRUE(user.at("id").is_int64());
  EXPECT_EQ(reply.body.find("argon2"), std::string::npos);
  EXPECT_FALSE(user.contains("password_hash"));
}

TEST_F(auth_flow, taken_email_is_refused_case_insensitively) {
  ASSERT_EQ(register_user("alice").status, 201);
  auto reply = http_->post("/api/v1/auth/register",
                           {{"email", "ALICE@example.COM"}, {"username", "alice2"}, {"password", default_password}});
  EXPECT_EQ(reply.status, 409);
  EXPECT_EQ(reply.error_code(), "EMAIL_TAKEN");
}

TEST_F(auth_flow, taken_username_is_refused_case_insensitively) {
  ASSERT_EQ(register_user("alice").status, 201);
  auto reply = http_->post("/api/v1/auth/register",
                           {{"email", "other@example.com"}, {"username", "ALICE"}, {"password", default_password}});
  EXPECT_EQ(reply.status, 409);
  EXPECT_EQ(reply.error_code(), "USERNAME_TAKEN");
}

TEST_F(auth_flow, login_by_username_or_email_returns_tokens_and_an_http_only_cookie) {
  ASSERT_EQ(register_user("alice").status, 201);
  for (const char* login : {"alice", "ALICE@example.com"}) {
    auto reply = login_reply(login);
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto body = reply.json().as_object();
    EXPECT_EQ(body.at("token_type"), "Bearer");
    EXPECT_EQ(body.at("expires_in").as_int64(), 900);
    EXPECT_EQ(body.at("refresh_token").as_string().size(), 43U);
    EXPECT_EQ(body.at("user").at("username"), "alice");
    auto cookie = reply.header("set-cookie");
    EXPECT_NE(cookie.find("natter_refresh=" + std::string(body.at("refresh_token").as_string())), std::string::npos);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/api/v1/auth"), std::string::npos);
  }
}

TEST_F(auth_flow, wrong_password_and_unknown_login_get_the_same_answer) {
  ASSERT_EQ(register_user("alice").status, 201);
  auto wrong_password = login_reply("alice", "not the password");
  auto unknown_user = login_reply("nobody", "not the password");
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(wrong_password.error_code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(unknown_user.status, wrong_password.status);
  EXPECT_EQ(unknown_user.body, wrong_password.body);
}

TEST_F(auth_flow, access_token_opens_me) {
  auto s = register_and_login("alice");
  auto me = http_->get("/api/v1/me", s.access_token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().at("user").at("username"), "alice");
  EXPECT_EQ(me.json().at("user").at("email"), "alice@example.com");
}

TEST_F(auth_flow, me_without_or_with_a_bad_token_is_unauthorized) {
  EXPECT_EQ(http_->get("/api/v1/me").error_code(), "UNAUTHORIZED");
  EXPECT_EQ(http_->get("/api/v1/me", "not-a-jwt").error_code(), "UNAUTHORIZED");
  auto s = register_and_login("alice");
  std::string tampered = s.access_token;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(http_->get("/api/v1/me", tampered).status, 401);
}

TEST_F(auth_flow, unsigned_alg_none_token_is_refused) {
  auto s = register_and_login("alice");
  auto payload = s.access_token.substr(s.access_token.find('.') + 1);
  payload = payload.substr(0, payload.find('.'));
  // {"alg":"none","typ":"JWT"}
  std::string forged = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + ".";
  EXPECT_EQ(http_->get("/api/v1/me", forged).error_code(), "UNAUTHORIZED");
}

TEST_F(auth_flow, refresh_rotates_and_the_old_token_stops_working) {
  auto s = register_and_login("alice");
  auto first = refresh(s.refresh_token);
  ASSERT_EQ(first.status, 200) << first.body;
  std::string next = std::string(first.json().at("refresh_token").as_string());
  EXPECT_NE(next, s.refresh_token);
  EXPECT_EQ(http_->get("/api/v1/me", std::string(first.json().at("access_token").as_string())).status, 200);
  auto second = refresh(next);
  EXPECT_EQ(second.status, 200) << second.body;
}

TEST_F(auth_flow, reusing_a_rotated_refresh_token_revokes_the_family_and_is_audited) {
  auto s = register_and_login("alice");
  auto rotated = refresh(s.refresh_token);
  ASSERT_EQ(rotated.status, 200);
  std::string successor = std::string(rotated.json().at("refresh_token").as_string());

  auto reuse = refresh(s.refresh_token);
  EXPECT_EQ(reuse.status, 401);
  EXPECT_EQ(reuse.error_code(), "UNAUTHORIZED");
  EXPECT_EQ(refresh(successor).status, 401) << "the whole family must be revoked";
  EXPECT_NE(server_->log().find("audit refresh.reuse_detected"), std::string::npos);
  // Other logins of the same user are other families and keep working.
  auto other = login("alice");
  EXPECT_EQ(refresh(other.refresh_token).status, 200);
}

TEST_F(auth_flow, refresh_from_the_cookie_requires_x_requested_with) {
  auto s = register_and_login("alice");
  std::map<std::string, std::string> cookie{{"Cookie", "natter_refresh=" + s.refresh_token}};
  auto without = http_->request(boost::beast::http::verb::post, "/api/v1/auth/refresh", "", cookie);
  EXPECT_EQ(without.status, 401);
  cookie["X-Requested-With"] = "natter";
  auto with = http_->request(boost::beast::http::verb::post, "/api/v1/auth/refresh", "", cookie);
  EXPECT_EQ(with.status, 200) << with.body;
}

TEST_F(auth_flow, logout_revokes_the_refresh_token_and_clears_the_cookie) {
  auto s = register_and_login("alice");
  auto out = http_->post("/api/v1/auth/logout", {{"refresh_token", s.refresh_token}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(refresh(s.refresh_token).status, 401);
}

TEST_F(auth_flow, logout_all_revokes_every_session_of_the_user) {
  auto a = register_and_login("alice");
  auto b = login("alice");
  auto out = http_->post("/api/v1/auth/logout", {{"all", true}}, a.access_token);
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(refresh(a.refresh_token).status, 401);
  EXPECT_EQ(refresh(b.refresh_token).status, 401);
}

TEST_F(auth_flow, logout_without_credentials_is_unauthorized) {
  EXPECT_EQ(http_->post("/api/v1/auth/logout", object{}).status, 401);
}

// The session (claim sid) of a token natterd signed with key.
static std::string session_of(const std::string& key, const std::string& token) {
  jwt_t* jwt = nullptr;
  jwt_decode(&jwt, token.c_str(), reinterpret_cast<const unsigned char*>(key.data()), static_cast<int>(key.size()));
  const char* sid = jwt ? jwt_get_grant(jwt, "sid") : nullptr;
  std::string out = sid ? sid : "";
  jwt_free(jwt);
  return out;
}

// Signs a token the way natterd does, for user 1's session sid, with a chosen expiry.
static std::string token_expiring_at(const std::string& key, long exp, const std::string& sid = "test") {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  jwt_set_alg(jwt, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key.data()), static_cast<int>(key.size()));
  jwt_add_grant(jwt, "sub", "1");
  jwt_add_grant(jwt, "jti", "test");
  jwt_add_grant(jwt, "sid", sid.c_str());
  jwt_add_grant_int(jwt, "iat", exp - 900);
  jwt_add_grant_int(jwt, "exp", exp);
  char* out = jwt_encode_str(jwt);
  std::string token = out;
  std::free(out);
  jwt_free(jwt);
  return token;
}

class auth_with_known_key : public server_test {
 protected:
  static constexpr const char* key = "0123456789abcdef0123456789abcdef-test-key";
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--jwt-secret", key});
    return args;
  }
};

TEST_F(auth_with_known_key, expired_access_token_reports_token_expired) {
  const auto alice = register_and_login("alice");
  const auto sid = session_of(key, alice.access_token);
  ASSERT_FALSE(sid.empty());
  auto expired = http_->get("/api/v1/me", token_expiring_at(key, std::time(nullptr) - 60, sid));
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.error_code(), "TOKEN_EXPIRED");
  EXPECT_EQ(http_->get("/api/v1/me", token_expiring_at(key, std::time(nullptr) + 600, sid)).status, 200);
}

TEST_F(auth_with_known_key, a_validly_signed_token_of_no_open_session_is_refused) {
  const auto alice = register_and_login("alice");
  const auto sid = session_of(key, alice.access_token);
  EXPECT_EQ(http_->get("/api/v1/me", token_expiring_at(key, std::time(nullptr) + 600, "no-such-session")).status, 401);
  ASSERT_EQ(http_->post("/api/v1/auth/logout", {{"refresh_token", alice.refresh_token}}).status, 204);
  EXPECT_EQ(http_->get("/api/v1/me", token_expiring_at(key, std::time(nullptr) + 600, sid)).status, 401);
}

}  // namespace
}  // namespace natter::testing
