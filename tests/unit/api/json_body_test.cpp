#include <gtest/gtest.h>

#include "api/http.hpp"
#include "api/json_body.hpp"

namespace natter::api {
namespace {

TEST(json_body, objects_parse_and_everything_else_is_bad_request) {
  EXPECT_TRUE(parse_json_object(R"({"a":1})"));
  for (auto text : {"", "[]", "1", "{", "{\"a\":}", "nul"}) {
    auto parsed = parse_json_object(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.err().code, errc::bad_request);
  }
}

TEST(json_body, nesting_is_limited) {
  std::string deep = std::string(max_json_depth + 1, '[') + std::string(max_json_depth + 1, ']');
  EXPECT_FALSE(parse_json_object("{\"a\":" + deep + "}"));
}

TEST(json_body, invalid_utf8_in_strings_is_refused) {
  EXPECT_FALSE(parse_json_object("{\"a\":\"\xc3\x28\"}"));
}

TEST(json_body, wrong_types_and_missing_fields_name_the_field) {
  auto o = *parse_json_object(R"({"n":5,"s":"x","b":"yes","z":null})");
  auto wrong = required_string(o, "n");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.err().field, "n");
  auto missing = required_string(o, "absent");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.err().field, "absent");
  EXPECT_EQ(*required_string(o, "s"), "x");
  EXPECT_FALSE(optional_string(o, "z")->has_value()) << "null counts as absent";
  EXPECT_FALSE(optional_bool(o, "b"));
}

TEST(json_body, the_content_type_must_be_json) {
  transport::request req{http::verb::post, "/x", 11};
  req.set(http::field::content_type, "text/plain");
  req.body() = "{}";
  EXPECT_EQ(json_object_body(req).err().code, errc::unsupported_media_type);
  req.set(http::field::content_type, "application/json; charset=utf-8");
  EXPECT_TRUE(json_object_body(req));
}

TEST(error_response, carries_the_catalogue_status_code_field_and_retry_after) {
  auto res = error_response(validation_error("email", "Bad."));
  EXPECT_EQ(res.result_int(), 422U);
  EXPECT_EQ(res.body(), R"({"error":{"code":"VALIDATION_FAILED","message":"Bad.","field":"email"}})");
  auto limited = error_response(rate_limited_error(std::chrono::seconds(7)));
  EXPECT_EQ(limited.result_int(), 429U);
  EXPECT_EQ(limited[http::field::retry_after], "7");
}

}  // namespace
}  // namespace natter::api
