// natter register | login | logout | whoami | profile | passwd | sessions,
// exit codes, and where the credentials live.

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "client/support/cli_fixture.hpp"

namespace natter::testing {
namespace {

TEST_F(cli_test, register_logs_in_and_stores_the_refresh_token_mode_0600_without_the_password) {
  auto alice = user("alice");
  const auto file = alice->credentials_file();
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto text = read_file(file);
  EXPECT_NE(text.find("refresh_token="), std::string::npos);
  EXPECT_NE(text.find("username=alice"), std::string::npos);
  EXPECT_EQ(text.find("correct horse"), std::string::npos);
}

TEST_F(cli_test, whoami_prints_the_logged_in_user) {
  auto alice = user("alice");
  EXPECT_EQ(ok(*alice, {"whoami"}), "alice\n");
}

TEST_F(cli_test, login_with_the_password_on_stdin_logs_in) {
  ASSERT_EQ(register_user("alice").status, 201);
  natter_cli cli(server_->port());
  auto r = cli.run({"login", "alice"}, std::string(default_password) + "\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ok(cli, {"whoami"}), "alice\n");
}

TEST_F(cli_test, a_wrong_password_exits_1_with_invalid_credentials) {
  ASSERT_EQ(register_user("alice").status, 201);
  natter_cli cli(server_->port());
  auto r = cli.run({"login", "alice"}, "wrong password\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("INVALID_CREDENTIALS"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(cli.credentials_file()));
}

TEST_F(cli_test, registering_a_taken_username_exits_1_with_username_taken) {
  auto alice = user("alice");
  natter_cli other(server_->port());
  auto r = other.run({"register", "alice", "--email", "other@example.com"}, "correct horse battery\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("USERNAME_TAKEN"), std::string::npos) << r.err;
}

TEST_F(cli_test, registering_an_invalid_username_exits_1_with_validation_failed) {
  natter_cli cli(server_->port());
  auto r = cli.run({"register", "x", "--email", "x@example.com"}, "correct horse battery\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("VALIDATION_FAILED"), std::string::npos) << r.err;
}

TEST_F(cli_test, commands_that_need_a_login_exit_2_without_one) {
  natter_cli cli(server_->port());
  for (const std::vector<std::string>& args : {std::vector<std::string>{"whoami"}, {"rooms"}, {"logout"}}) {
    auto r = cli.run(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_NE(r.err.find("NOT_LOGGED_IN"), std::string::npos) << r.err;
  }
}

TEST_F(cli_test, usage_errors_exit_2) {
  natter_cli cli(server_->port());
  EXPECT_EQ(cli.run({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(cli.run({"join"}).exit_code, 2);
  EXPECT_EQ(cli.run({"status", "sleepy"}).exit_code, 2);
  EXPECT_EQ(cli.run_bare({"--server", "gopher://x", "whoami"}).exit_code, 2);
}

TEST_F(cli_test, help_exits_0) {
  natter_cli cli(server_->port());
  auto r = cli.run({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("listen"), std::string::npos);
}

TEST_F(cli_test, an_unreachable_server_exits_3) {
  auto alice = user("alice");
  server_->stop();
  auto r = alice->run({"whoami"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("CONNECTION_FAILED"), std::string::npos) << r.err;
  natter_cli fresh(server_->port());
  EXPECT_EQ(fresh.run({"login", "alice"}, "pw\n").exit_code, 3);
}

TEST_F(cli_test, a_websocket_command_against_a_dead_server_exits_3) {
  auto alice = user("alice");
  server_->stop();
  auto r = alice->run({"rooms"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
}

TEST_F(cli_test, logout_ends_the_session_and_forgets_it) {
  auto alice = user("alice");
  const auto text = read_file(alice->credentials_file());
  const auto token = text.substr(text.find("refresh_token=") + 14, 43);
  EXPECT_EQ(ok(*alice, {"logout"}), "logged out\n");
  EXPECT_FALSE(std::filesystem::exists(alice->credentials_file()));
  EXPECT_EQ(alice->run({"whoami"}).exit_code, 2);
  EXPECT_EQ(refresh(token).status, 401);
}

TEST_F(cli_test, a_revoked_login_exits_1_with_the_servers_code) {
  auto alice = user("alice");
  auto text = read_file(alice->credentials_file());
  const auto at = text.find("refresh_token=") + 14;
  ASSERT_EQ(refresh(text.substr(at, 43)).status, 200);  // someone else spent it: the session is revoked on reuse
  auto r = alice->run({"whoami"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("UNAUTHORIZED"), std::string::npos) << r.err;
}

TEST_F(cli_test, credentials_go_under_xdg_config_home_when_it_is_set) {
  natter_cli cli(server_->port());
  cli.use_xdg_config_home(cli.home() / "xdg");
  cli.register_and_login("alice");
  EXPECT_TRUE(std::filesystem::exists(cli.home() / "xdg" / "natter" / "credentials"));
  EXPECT_FALSE(std::filesystem::exists(cli.home() / ".config" / "natter" / "credentials"));
  EXPECT_EQ(ok(cli, {"whoami"}), "alice\n");
}

TEST_F(cli_test, the_stored_server_is_used_without_server_flag) {
  auto alice = user("alice");
  auto r = alice->run_bare({"whoami"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "alice\n");
}

TEST_F(cli_test, profile_shows_and_changes_bio_and_display_name) {
  auto alice = user("alice");
  auto shown = ok(*alice, {"profile", "--bio", "likes tea", "--display-name", "Alice A."});
  EXPECT_NE(shown.find("bio: likes tea"), std::string::npos) << shown;
  auto again = ok(*alice, {"profile"});
  EXPECT_NE(again.find("display name: Alice A."), std::string::npos) << again;
  EXPECT_EQ(ok(*alice, {"whoami"}), "alice (Alice A.)\n");
  auto r = alice->run({"profile", "--display-name", std::string(100, 'x')});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("VALIDATION_FAILED"), std::string::npos);
}

}  // namespace
}  // namespace natter::testing

namespace natter::testing {
namespace {

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST_F(cli_test, passwd_changes_the_password_ends_the_other_sessions_and_keeps_this_one) {
  auto alice = user("alice");
  auto other = login("alice");
  auto r = alice->run({"passwd"}, std::string(default_password) + "\na brand new passphrase\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("password changed"), std::string::npos);
  EXPECT_EQ(login_reply("alice").status, 401);
  EXPECT_EQ(login_reply("alice", "a brand new passphrase").status, 200);
  EXPECT_EQ(refresh(other.refresh_token).status, 401);
  EXPECT_EQ(ok(*alice, {"whoami"}), "alice\n");  // this login stays
}

TEST_F(cli_test, passwd_with_a_wrong_current_password_exits_1_and_changes_nothing) {
  auto alice = user("alice");
  auto r = alice->run({"passwd"}, "not my password\na brand new passphrase\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("VALIDATION_FAILED"), std::string::npos) << r.err;
  EXPECT_EQ(login_reply("alice").status, 200);
}

TEST_F(cli_test, sessions_lists_the_logins_and_ends_one_or_all_others) {
  auto alice = user("alice");
  auto phone = login("alice");
  auto tablet = login("alice");
  const auto listed = ok(*alice, {"sessions"});
  EXPECT_EQ(line_count(listed), 3U) << listed;
  EXPECT_NE(listed.find("(this one)"), std::string::npos);
  EXPECT_NE(listed.find("natter-client"), std::string::npos);  // the user agent

  // The first line not "(this one)" gives an id to end.
  std::istringstream in(listed);
  std::string line, id;
  while (std::getline(in, line) && id.empty()) {
    if (line.find("(this one)") == std::string::npos) id = line.substr(0, line.find(' '));
  }
  ASSERT_FALSE(id.empty());
  ok(*alice, {"sessions", "end", id});
  EXPECT_EQ(line_count(ok(*alice, {"sessions"})), 2U);
  ok(*alice, {"sessions", "end-others"});
  EXPECT_EQ(line_count(ok(*alice, {"sessions"})), 1U);
  EXPECT_EQ(refresh(phone.refresh_token).status, 401);
  EXPECT_EQ(refresh(tablet.refresh_token).status, 401);
  EXPECT_EQ(ok(*alice, {"whoami"}), "alice\n");
}

TEST_F(cli_test, ending_an_unknown_or_malformed_session_id_fails_clearly) {
  auto alice = user("alice");
  auto unknown = alice->run({"sessions", "end", "AAAAAAAAAAAAAAAAAAAAAA"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("NOT_FOUND"), std::string::npos) << unknown.err;
  // An id may begin with '-' (base64url): still an id, not an option.
  auto dashed = alice->run({"sessions", "end", "-AAAAAAAAAAAAAAAAAAAAA"});
  EXPECT_EQ(dashed.exit_code, 1) << dashed.err;
  EXPECT_NE(dashed.err.find("NOT_FOUND"), std::string::npos) << dashed.err;
  auto malformed = alice->run({"sessions", "end", "../../etc"});
  EXPECT_EQ(malformed.exit_code, 2) << malformed.err;
}

}  // namespace
}  // namespace natter::testing
