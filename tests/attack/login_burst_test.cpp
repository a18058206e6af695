// A burst of concurrent logins, registrations and password changes from one
// address: more than the password hasher's queue holds, so some are refused
// with BUSY while others verify. natterd must answer each with a documented
// status and stay up (a conditional co_await once corrupted the heap here).

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

constexpr int users = 8;

struct outcome {
  std::string what;
  int status = 0;  // -1: the connection broke (natterd died)
};

class login_burst : public server_test {
 protected:
  // Request i of the burst: a registration, a password change with a wrong
  // current password, or a login (right, wrong or unknown).
  outcome attempt(int i) const {
    const http_client http(server_->port());
    const std::string n = std::to_string(i);
    if (i % 10 == 0) {
      return {"register", http.post("/api/v1/auth/register", {{"email", "new" + n + "@example.com"},
                                                              {"username", "new" + n},
                                                              {"password", default_password}})
                              .status};
    }
    if (i % 10 == 1) {
      return {"password",
              http.post("/api/v1/me/password",
                        {{"current_password", "wrong password here"}, {"new_password", "another long password"}},
                        sessions_[i % users].access_token)
                  .status};
    }
    const std::string login = i % 7 == 0 ? "nobody" + n : "burst" + std::to_string(i % users);
    const std::string password = i % 3 == 0 ? "not the password" : default_password;
    return {"login", http.post("/api/v1/auth/login", {{"login", login}, {"password", password}}).status};
  }

  std::vector<session> sessions_;
};

TEST_F(login_burst, two_hundred_concurrent_logins_get_documented_answers_and_the_server_lives) {
  for (int i = 0; i < users; ++i) sessions_.push_back(register_and_login("burst" + std::to_string(i)));

  constexpr int requests = 200;
  std::vector<outcome> outcomes(requests);
  std::vector<std::thread> threads;
  for (int i = 0; i < requests; ++i) {
    threads.emplace_back([&, i] {
      try {
        outcomes[i] = attempt(i);
      } catch (const std::exception&) {
        outcomes[i] = {"broken", -1};
      }
    });
  }
  for (auto& t : threads) t.join();

  const std::map<std::string, std::set<int>> allowed = {
      {"login", {200, 401, 429, 503}},
      {"register", {201, 429, 503}},
      {"password", {422, 429, 503}},
      {"broken", {}},
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
