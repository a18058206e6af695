// A burst of concurrent logins, registrations and password changes from one
// address: more than the password hasher's queue holds, so some are refused
// with BUSY while others verify. natterd must answer each with a documented
// status and stay up (a conditional co_await once corrupted the heap here).

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

class login_burst : public server_test {};

struct outcome {
  std::string what;
  int status = 0;
};

TEST_F(login_burst, two_hundred_concurrent_logins_get_documented_answers_and_the_server_lives) {
  constexpr int users = 8;
  std::vector<session> sessions;
  for (int i = 0; i < users; ++i) sessions.push_back(register_and_login("burst" + std::to_string(i)));

  constexpr int requests = 200;
  std::vector<outcome> outcomes(requests);
  std::vector<std::thread> threads;
  for (int i = 0; i < requests; ++i) {
    threads.emplace_back([&, i] {
      const http_client http(server_->port());
      const std::string user = "burst" + std::to_string(i % users);
      http_reply reply;
      if (i % 10 == 0) {
        outcomes[i].what = "register";
        reply = http.post("/api/v1/auth/register", {{"email", "new" + std::to_string(i) + "@example.com"},
                                                    {"username", "new" + std::to_string(i)},
                                                    {"password", default_password}});
      } else if (i % 10 == 1) {
        outcomes[i].what = "password";
        reply = http.post("/api/v1/me/password",
                          {{"current_password", "wrong password here"}, {"new_password", "another long password"}},
                          sessions[i % users].access_token);
      } else {
        outcomes[i].what = "login";
        const bool wrong = i % 3 == 0;
        const bool unknown = i % 7 == 0;
        reply = http.post("/api/v1/auth/login", {{"login", unknown ? "nobody" + std::to_string(i) : user},
                                                 {"password", wrong ? "not the password" : default_password}});
      }
      outcomes[i].status = reply.status;
    });
  }
  for (auto& t : threads) t.join();

  const std::map<std::string, std::set<int>> allowed = {
      {"login", {200, 401, 429, 503}},
      {"register", {201, 429, 503}},
      {"password", {422, 429, 503}},
  };
  int busy = 0;
  for (const auto& o : outcomes) {
    EXPECT_TRUE(allowed.at(o.what).contains(o.status)) << o.what << " answered " << o.status;
    busy += o.status == 503 ? 1 : 0;
  }
  EXPECT_GT(busy, 0) << "the burst should overflow the hasher's queue";

  EXPECT_EQ(http_->get("/healthz").status, 200);
  login("burst0");
  EXPECT_EQ(server_->stop(), 0) << server_->log().substr(0, 4000);
}

}  // namespace
}  // namespace natter::testing
