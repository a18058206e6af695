// --registration invite: an account needs an invite code, which works once
// and expires; every code that does not work gets the same INVITE_INVALID.

#include <SQLiteCpp/SQLiteCpp.h>

#include "integration/admin_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;

class invite_registration_test : public admin_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = admin_test::natterd_args();
    args.insert(args.end(), {"--registration", "invite"});
    return args;
  }

  struct made_invite {
    std::string code;
    std::string id;
  };

  // natterd admin invite: the code and id it printed.
  made_invite invite_with_id() {
    auto made = admin({"invite"});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    auto value = [&made](const std::string& label) {
      const auto begin = made.out.find_first_not_of(' ', made.out.find(label + " ") + label.size());
      return made.out.substr(begin, made.out.find('\n', begin) - begin);
    };
    return {value("code"), value("id")};
  }

  std::string invite() { return invite_with_id().code; }

  http_reply register_with(const std::string& username, const boost::json::value& code) {
    object body{{"email", username + "@example.com"}, {"username", username}, {"password", default_password}};
    if (!code.is_null()) body["invite"] = code;
    return http_->post("/api/v1/auth/register", body);
  }
};

TEST_F(invite_registration_test, the_server_says_that_invites_are_required) {
  auto info = http_->get("/api/v1/server");
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(info.json().at("registration"), "invite");
  EXPECT_EQ(info.json().at("invite_required"), true);
}

TEST_F(invite_registration_test, a_good_code_registers_once) {
  const auto code = invite();
  auto made = register_with("alice", boost::json::string(code));
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(login_reply("alice").status, 200);
  auto again = register_with("bob", boost::json::string(code));
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.error_code(), "INVITE_INVALID");
  EXPECT_EQ(login_reply("bob").error_code(), "INVALID_CREDENTIALS");
}

TEST_F(invite_registration_test, no_code_an_unknown_code_and_a_wrong_type_are_refused) {
  EXPECT_EQ(register_with("alice", nullptr).error_code(), "INVITE_INVALID");
  EXPECT_EQ(register_with("alice", boost::json::string("")).error_code(), "INVITE_INVALID");
  EXPECT_EQ(register_with("alice", boost::json::string("not-a-code")).error_code(), "INVITE_INVALID");
  EXPECT_EQ(register_with("alice", boost::json::string(std::string(4000, 'x'))).error_code(), "INVITE_INVALID");
  EXPECT_EQ(register_with("alice", 12345).error_code(), "BAD_REQUEST");
  EXPECT_EQ(login_reply("alice").error_code(), "INVALID_CREDENTIALS");
}

TEST_F(invite_registration_test, a_code_refuses_before_saying_whether_a_name_is_taken) {
  const auto code = invite();
  ASSERT_EQ(register_with("alice", boost::json::string(code)).status, 201);
  EXPECT_EQ(register_with("alice", boost::json::string("wrong")).error_code(), "INVITE_INVALID");
}

TEST_F(invite_registration_test, an_expired_or_revoked_code_is_refused) {
  const auto expired = invite_with_id();
  const auto revoked = invite_with_id();
  {
    SQLite::Database db(data_dir() + "/natter.db", SQLite::OPEN_READWRITE);
    SQLite::Statement expire(db, "UPDATE invites SET expires_at = 1 WHERE id = ?");
    expire.bind(1, expired.id);
    ASSERT_EQ(expire.exec(), 1);
  }
  ASSERT_EQ(admin({"revoke-invite", revoked.id}).exit_code, 0);
  EXPECT_TRUE(admin({"invites"}).out.empty());
  EXPECT_EQ(register_with("alice", boost::json::string(expired.code)).error_code(), "INVITE_INVALID");
  EXPECT_EQ(register_with("alice", boost::json::string(revoked.code)).error_code(), "INVITE_INVALID");
}

TEST_F(invite_registration_test, a_code_made_over_http_works_like_one_from_the_command_line) {
  auto root_code = invite();
  ASSERT_EQ(register_with("root", boost::json::string(root_code)).status, 201);
  ASSERT_EQ(admin({"grant", "root"}).exit_code, 0);
  auto root = login("root");
  auto made = http_->post("/api/v1/admin/invites", object{}, root.access_token);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string code(made.json().at("invite").at("code").as_string());
  EXPECT_EQ(register_with("alice", boost::json::string(code)).status, 201);
  auto used = http_->get("/api/v1/admin/audit?user=alice&kind=register", root.access_token);
  EXPECT_NE(used.body.find("invite "), std::string::npos);
}

class open_registration_test : public admin_test {};

TEST_F(open_registration_test, an_open_server_needs_no_code_and_ignores_one) {
  auto info = http_->get("/api/v1/server");
  EXPECT_EQ(info.json().at("registration"), "open");
  EXPECT_EQ(info.json().at("invite_required"), false);
  auto made = http_->post(
      "/api/v1/auth/register",
      object{
          {"email", "a@example.com"}, {"username", "alice"}, {"password", default_password}, {"invite", "anything"}});
  EXPECT_EQ(made.status, 201) << made.body;
}

}  // namespace
}  // namespace natter::testing
