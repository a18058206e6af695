#include <gtest/gtest.h>

#include "api/router.hpp"

namespace natter::api {
namespace {

namespace asio = boost::asio;

handler answer_with(int code) {
  return [code](request_context&) -> asio::awaitable<transport::response> {
    co_return transport::response{static_cast<http::status>(code), 11};
  };
}

struct router_test : ::testing::Test {
  router_test() {
    r.add(http::verb::get, "/api/v1/users/{username}", answer_with(200));
    r.add(http::verb::patch, "/api/v1/me", answer_with(201));
  }
  router::match find(http::verb v, std::string_view path) { return r.find(v, path, ctx); }
  transport::request req;
  request_context ctx{req, "", "", false, {}, nullptr, nullptr};
  router r;
};

TEST_F(router_test, placeholders_capture_their_segment) {
  auto m = find(http::verb::get, "/api/v1/users/alice");
  ASSERT_NE(m.target, nullptr);
  EXPECT_EQ(m.pattern, "/api/v1/users/{username}");
  EXPECT_EQ(ctx.params.at("username"), "alice");
}

TEST_F(router_test, a_known_path_with_another_method_is_not_allowed_rather_than_missing) {
  auto m = find(http::verb::get, "/api/v1/me");
  EXPECT_EQ(m.target, nullptr);
  EXPECT_TRUE(m.path_exists);
}

TEST_F(router_test, unknown_and_partial_paths_do_not_match) {
  for (auto path : {"/api/v1/users", "/api/v1/users/", "/api/v1/users/a/b", "", "api/v1/me", "/api/v1/me/"}) {
    auto m = find(http::verb::get, path);
    EXPECT_EQ(m.target, nullptr) << path;
    EXPECT_FALSE(m.path_exists) << path;
  }
}

TEST_F(router_test, head_is_answered_by_the_get_route_and_only_by_it) {
  auto m = find(http::verb::head, "/api/v1/users/alice");
  ASSERT_NE(m.target, nullptr);
  EXPECT_EQ(m.pattern, "/api/v1/users/{username}");
  EXPECT_EQ(ctx.params.at("username"), "alice");
  auto patch_only = find(http::verb::head, "/api/v1/me");
  EXPECT_EQ(patch_only.target, nullptr);
  EXPECT_TRUE(patch_only.path_exists);
}

TEST(query, parameters_are_percent_decoded_and_the_path_drops_the_query) {
  EXPECT_EQ(query_param("/api/v1/users?prefix=a%5Fb&limit=5", "prefix"), "a_b");
  EXPECT_EQ(query_param("/api/v1/users?prefix=a", "limit"), "");
  EXPECT_EQ(target_path("/api/v1/users?prefix=a"), "/api/v1/users");
}

}  // namespace
}  // namespace natter::api
