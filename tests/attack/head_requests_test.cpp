// HEAD wherever GET is answered (RFC 9110 §9.3.2): the same status and
// headers, Content-Length included, and no body. A scanner's HEAD used to
// get 405 from every API and health route.

#include <gtest/gtest.h>

#include <string>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;

class head_requests : public server_test {
 protected:
  void expect_head_like_get(const std::string& target, const std::string& bearer = {}) {
    std::map<std::string, std::string> headers;
    if (!bearer.empty()) headers["Authorization"] = "Bearer " + bearer;
    const auto get = http_->request(http::verb::get, target, {}, headers);
    const auto head = http_->request(http::verb::head, target, {}, headers);
    EXPECT_EQ(head.status, get.status) << target;
    EXPECT_EQ(head.header("content-type"), get.header("content-type")) << target;
    EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size())) << target;
    EXPECT_TRUE(head.body.empty()) << target;
  }
};

TEST_F(head_requests, head_answers_like_get_without_a_body_on_health_and_api_routes) {
  const auto alice = register_and_login("alice");
  expect_head_like_get("/healthz");
  expect_head_like_get("/readyz");
  expect_head_like_get("/api/v1/me", alice.access_token);
  expect_head_like_get("/api/v1/users/alice", alice.access_token);
  expect_head_like_get("/api/v1/users?prefix=al", alice.access_token);
  expect_head_like_get("/api/v1/me");  // 401 without a token, for HEAD as for GET
  EXPECT_EQ(http_->request(http::verb::head, "/api/v1/me").status, 401);
  EXPECT_EQ(http_->request(http::verb::head, "/healthz").status, 200);
}

TEST_F(head_requests, head_on_a_route_without_get_is_still_not_allowed) {
  const auto login = http_->request(http::verb::head, "/api/v1/auth/login");
  EXPECT_EQ(login.status, 405);
  EXPECT_TRUE(login.body.empty());
  EXPECT_EQ(http_->request(http::verb::head, "/api/v1/nothing").status, 404);
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

}  // namespace
}  // namespace natter::testing
