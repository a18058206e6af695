// Login and registration are rate-limited per address and per account.
#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

class rate_limits : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    return {"--login-rate-per-address", "4", "--login-rate-per-account", "2", "--register-rate-per-address", "3"};
  }
};

TEST_F(rate_limits, failed_logins_for_one_account_are_limited) {
  ASSERT_EQ(register_user("alice").status, 201);
  EXPECT_EQ(login_reply("alice", "wrong one").status, 401);
  EXPECT_EQ(login_reply("alice", "wrong two").status, 401);
  auto limited = login_reply("alice", "wrong three");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.error_code(), "RATE_LIMITED");
  EXPECT_GE(limited.json().at("error").at("retry_after").as_int64(), 1);
  EXPECT_FALSE(limited.header("retry-after").empty());
  // Even the right password waits: the limit is on attempts.
  EXPECT_EQ(login_reply("alice").status, 429);
}

TEST_F(rate_limits, logins_from_one_address_are_limited_across_accounts) {
  for (auto name : {"ann", "ben", "cat"}) ASSERT_EQ(register_user(name).status, 201);
  int limited = 0;
  for (auto name : {"ann", "ann", "ben", "ben", "cat"}) {
    if (login_reply(name, "wrong password").status == 429) ++limited;
  }
  EXPECT_EQ(limited, 1);
}

TEST_F(rate_limits, registrations_from_one_address_are_limited) {
  EXPECT_EQ(register_user("one").status, 201);
  EXPECT_EQ(register_user("two").status, 201);
  EXPECT_EQ(register_user("three").status, 201);
  auto limited = register_user("four");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.error_code(), "RATE_LIMITED");
}

}  // namespace
}  // namespace natter::testing
