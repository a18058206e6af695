// The sessions list: where each login came from, ending one session or every
// other one, and their WebSockets closed at once.

#include <boost/json.hpp>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;
using boost::json::object;

class sessions_test : public realtime_test {
 protected:
  session login_from(const std::string& username, const std::string& agent) {
    const std::string body = boost::json::serialize(object{{"login", username}, {"password", default_password}});
    auto reply = http_->request(http::verb::post, "/api/v1/auth/login", body, {{"User-Agent", agent}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    auto json = reply.json().as_object();
    return {std::string(json.at("access_token").as_string()), std::string(json.at("refresh_token").as_string()),
            json.at("user").as_object()};
  }
  boost::json::array list(const session& s) {
    auto reply = http_->get("/api/v1/me/sessions", s.access_token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json().at("sessions").as_array();
  }
  http_reply end(const session& s, const std::string& id) {
    return http_->request(http::verb::delete_, "/api/v1/me/sessions/" + id, "",
                          {{"Authorization", "Bearer " + s.access_token}});
  }
  http_reply end_others(const session& s) {
    return http_->request(http::verb::delete_, "/api/v1/me/sessions", "",
                          {{"Authorization", "Bearer " + s.access_token}});
  }
  static std::string id_of(const boost::json::value& v) { return std::string(v.at("id").as_string()); }
};

TEST_F(sessions_test, lists_each_login_with_where_it_came_from_and_which_is_the_callers) {
  register_user("alice");
  auto laptop = login_from("alice", "Laptop/1.0");
  auto phone = login_from("alice", "Phone/2.0 \xff\xfe");
  const auto sessions = list(laptop);
  ASSERT_EQ(sessions.size(), 2U);
  EXPECT_EQ(sessions[0].at("user_agent"), "Phone/2.0 ??");  // the newest first; bytes past ASCII as ?
  EXPECT_EQ(sessions[0].at("current"), false);
  EXPECT_EQ(sessions[1].at("user_agent"), "Laptop/1.0");
  EXPECT_EQ(sessions[1].at("current"), true);
  EXPECT_EQ(sessions[1].at("address"), "127.0.0.1");
  EXPECT_GT(sessions[1].at("last_used_at").as_int64(), 0);
  // A refresh is a use, not a new session.
  ASSERT_EQ(refresh(phone.refresh_token).status, 200);
  EXPECT_EQ(list(laptop).size(), 2U);
  EXPECT_EQ(http_->get("/api/v1/me/sessions").status, 401);
  // A long User-Agent is cut to 256 bytes.
  auto long_agent = login_from("alice", std::string(2000, 'x'));
  EXPECT_EQ(list(long_agent)[0].at("user_agent").as_string().size(), 256U);
}

TEST_F(sessions_test, ending_a_session_stops_its_tokens_and_closes_its_websocket) {
  register_user("alice");
  register_user("bob");
  auto laptop = login_from("alice", "Laptop");
  auto phone = login_from("alice", "Phone");
  auto bob = login_from("bob", "Bob's");
  auto phone_ws = connect(phone);
  auto laptop_ws = connect(laptop);
  const auto sessions = list(laptop);
  const auto phone_id = id_of(sessions[0]);
  EXPECT_EQ(end(bob, phone_id).error_code(), "NOT_FOUND");  // not bob's to end
  EXPECT_EQ(end(laptop, "no-such-session").error_code(), "NOT_FOUND");
  EXPECT_EQ(end(laptop, phone_id).status, 204);
  EXPECT_EQ(phone_ws->wait_closed(), 4003);
  EXPECT_EQ(refresh(phone.refresh_token).status, 401);
  EXPECT_EQ(http_->get("/api/v1/me", phone.access_token).status, 401);
  EXPECT_EQ(end(laptop, phone_id).error_code(), "NOT_FOUND");  // already ended
  EXPECT_EQ(list(laptop).size(), 1U);
  EXPECT_TRUE(laptop_ws->is_open());
  EXPECT_EQ(list(bob).size(), 1U);
}

TEST_F(sessions_test, ending_every_other_session_keeps_the_callers) {
  register_user("alice");
  auto one = login_from("alice", "One");
  auto two = login_from("alice", "Two");
  auto three = login_from("alice", "Three");
  auto two_ws = connect(two);
  EXPECT_EQ(end_others(one).status, 204);
  EXPECT_EQ(two_ws->wait_closed(), 4003);
  EXPECT_EQ(refresh(two.refresh_token).status, 401);
  EXPECT_EQ(refresh(three.refresh_token).status, 401);
  const auto left = list(one);
  ASSERT_EQ(left.size(), 1U);
  EXPECT_EQ(left[0].at("current"), true);
  EXPECT_EQ(refresh(one.refresh_token).status, 200);
}

}  // namespace
}  // namespace natter::testing
