// Bad input gets a clear error and harms nobody.
#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;

class bad_input : public server_test {
 protected:
  http_reply post_raw(const std::string& target, const std::string& body,
                      const std::string& content_type = "application/json") {
    return http_->request(http::verb::post, target, body, {}, content_type);
  }
};

TEST_F(bad_input, malformed_json_is_bad_request) {
  for (auto body : {"{", "{\"email\":}", "not json", "{\"a\":1,}", "{\"a\":1}{}"}) {
    auto reply = post_raw("/api/v1/auth/register", body);
    EXPECT_EQ(reply.status, 400) << body;
    EXPECT_EQ(reply.error_code(), "BAD_REQUEST") << body;
  }
}

TEST_F(bad_input, json_that_is_not_an_object_is_bad_request) {
  for (auto body : {"[]", "\"text\"", "42", "null"}) {
    EXPECT_EQ(post_raw("/api/v1/auth/login", body).error_code(), "BAD_REQUEST") << body;
  }
}

TEST_F(bad_input, deeply_nested_json_is_bad_request) {
  std::string deep = "{\"a\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
  EXPECT_EQ(post_raw("/api/v1/auth/login", deep).error_code(), "BAD_REQUEST");
}

TEST_F(bad_input, wrong_types_and_missing_fields_name_the_field) {
  auto wrong = http_->post("/api/v1/auth/register", {{"email", 5}, {"username", "alice"}, {"password", "x"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json().at("error").at("field"), "email");
  auto missing = http_->post("/api/v1/auth/login", {{"login", "alice"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json().at("error").at("field"), "password");
  auto not_bool = http_->post("/api/v1/auth/logout", {{"all", "yes"}});
  EXPECT_EQ(not_bool.json().at("error").at("field"), "all");
}

TEST_F(bad_input, invalid_utf8_in_a_string_is_bad_request) {
  auto reply = post_raw("/api/v1/auth/register",
                        "{\"email\":\"a@example.com\",\"username\":\"alice\",\"password\":\"\xff\xfe\xfd passw0rd\"}");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.error_code(), "BAD_REQUEST");
}

TEST_F(bad_input, a_one_mebibyte_body_is_payload_too_large_and_the_server_lives_on) {
  auto reply = post_raw("/api/v1/auth/register", std::string(1 << 20, 'x'));
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(reply.error_code(), "PAYLOAD_TOO_LARGE");
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

TEST_F(bad_input, a_non_json_content_type_is_unsupported) {
  auto reply = post_raw("/api/v1/auth/login", "login=a&password=b", "application/x-www-form-urlencoded");
  EXPECT_EQ(reply.status, 415);
  EXPECT_EQ(reply.error_code(), "UNSUPPORTED_MEDIA_TYPE");
}

TEST_F(bad_input, sql_and_html_metacharacters_are_stored_and_returned_verbatim) {
  const std::string nasty = "Robert'); DROP TABLE users;-- <script>alert(1)</script> \"&";
  auto s = register_and_login("bobby");
  auto reply = http_->patch("/api/v1/me", {{"display_name", nasty}, {"bio", nasty}}, s.access_token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto me = http_->get("/api/v1/me", s.access_token).json().at("user");
  EXPECT_EQ(me.at("display_name").as_string(), nasty);
  EXPECT_EQ(me.at("bio").as_string(), nasty);
  EXPECT_EQ(login_reply("bobby' OR '1'='1").status, 401);
  EXPECT_EQ(login_reply("bobby").status, 200) << "the users table must still be there";
}

TEST_F(bad_input, unknown_routes_get_a_json_404_and_wrong_methods_a_405) {
  auto unknown = http_->get("/api/v1/nothing-here");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.error_code(), "NOT_FOUND");
  auto wrong_method = http_->get("/api/v1/auth/login");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.error_code(), "METHOD_NOT_ALLOWED");
}

TEST_F(bad_input, garbage_instead_of_http_gets_400_and_the_server_lives_on) {
  auto answer = http_->raw("\x16\x03\x01 this is not http\r\n\r\n");
  EXPECT_NE(answer.find("400"), std::string::npos) << answer;
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

TEST_F(bad_input, every_response_carries_the_security_headers) {
  for (const auto& reply : {http_->get("/healthz"), http_->get("/api/v1/nothing"), http_->get("/api/v1/me"),
                            post_raw("/api/v1/auth/login", "{")}) {
    auto csp = reply.header("content-security-policy");
    EXPECT_NE(csp.find("script-src 'self' 'wasm-unsafe-eval';"), std::string::npos);
    EXPECT_EQ(csp.find("'unsafe-eval'"), std::string::npos);
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_NE(csp.find("worker-src 'self'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(reply.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(reply.header("referrer-policy"), "no-referrer");
    EXPECT_FALSE(reply.header("x-request-id").empty());
  }
}

}  // namespace
}  // namespace natter::testing
