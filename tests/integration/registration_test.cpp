// --registration closed: nobody may create an account; the answer says why.

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

class closed_registration_test : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = server_test::natterd_args();
    args.insert(args.end(), {"--registration", "closed"});
    return args;
  }
};

TEST_F(closed_registration_test, refuses_every_new_account_with_forbidden) {
  auto refused = register_user("alice");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.error_code(), "FORBIDDEN");
  EXPECT_NE(refused.body.find("Registration is closed"), std::string::npos);
  EXPECT_EQ(login_reply("alice").error_code(), "INVALID_CREDENTIALS");
}

}  // namespace
}  // namespace natter::testing
