// natterd admin as a real subprocess on a real SQLite data directory, with
// the server running on it (or stopped, then started on what it left).

#include <regex>

#include "integration/admin_fixture.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The value after "<label>" on its own line of natterd admin's output.
std::string field(const std::string& out, const std::string& label) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("(^|\n)" + label + " +([^\n]+)"))) return {};
  return m[2];
}

class admin_cli_test : public admin_test {};

TEST_F(admin_cli_test, grant_made_while_the_server_is_stopped_is_seen_when_it_starts) {
  auto root = register_and_login("root");
  EXPECT_EQ(http_->get("/api/v1/admin/users", root.access_token).status, 403);
  server_->stop();
  auto granted = admin({"grant", "root"});
  ASSERT_EQ(granted.exit_code, 0) << granted.err;
  EXPECT_EQ(granted.out, "granted\n");
  restart();
  auto again = login("root");
  EXPECT_EQ(http_->get("/api/v1/admin/users", again.access_token).status, 200);
  ASSERT_EQ(admin({"revoke", "root"}).exit_code, 0);
  EXPECT_EQ(http_->get("/api/v1/admin/users", again.access_token).status, 403);
}

TEST_F(admin_cli_test, show_and_users_print_the_accounts_state) {
  register_and_login("bob");
  ASSERT_EQ(admin({"grant", "bob"}).exit_code, 0);
  auto shown = admin({"show", "bob"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(field(shown.out, "username"), "bob");
  EXPECT_EQ(field(shown.out, "email"), "bob@example.com");
  EXPECT_EQ(field(shown.out, "disabled"), "no");
  EXPECT_EQ(field(shown.out, "sessions"), "1");
  EXPECT_TRUE(contains(field(shown.out, "admin"), "yes, since "));
  EXPECT_TRUE(contains(field(shown.out, "created"), "Z"));
  register_and_login("carol");
  auto users = admin({"users", "--search", "bo"});
  ASSERT_EQ(users.exit_code, 0) << users.err;
  EXPECT_TRUE(contains(users.out, "bob  id="));
  EXPECT_TRUE(contains(users.out, "  admin"));
  EXPECT_FALSE(contains(users.out, "carol"));
}

TEST_F(admin_cli_test, disable_revokes_refresh_at_once_and_the_running_server_refuses_access_at_its_recheck) {
  auto bob = register_and_login("bob");
  auto disabled = admin({"disable", "bob"});
  ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
  EXPECT_EQ(refresh(bob.refresh_token).status, 401);
  // --session-recheck-ms 0: the server asks the database on every request.
  EXPECT_EQ(http_->get("/api/v1/me", bob.access_token).status, 401);
  EXPECT_EQ(login_reply("bob").error_code(), "ACCOUNT_DISABLED");
  EXPECT_EQ(field(admin({"show", "bob"}).out, "sessions"), "0");
  ASSERT_EQ(admin({"enable", "bob"}).exit_code, 0);
  EXPECT_EQ(login_reply("bob").status, 200);
}

TEST_F(admin_cli_test, set_password_reads_stdin_or_prints_a_generated_one_once) {
  auto bob = register_and_login("bob");
  auto given = admin({"set-password", "bob"}, std::string("a temporary one\n"));
  ASSERT_EQ(given.exit_code, 0) << given.err;
  EXPECT_FALSE(contains(given.out, "temporary password:"));
  EXPECT_EQ(refresh(bob.refresh_token).status, 401);
  EXPECT_EQ(login_reply("bob").error_code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(login_reply("bob", "a temporary one").status, 200);

  auto generated = admin({"set-password", "bob"});  // stdin: /dev/null
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(generated.out, m, std::regex("temporary password: ([A-Za-z0-9_-]{16})\n")))
      << generated.out;
  EXPECT_EQ(login_reply("bob", m[1]).status, 200);
  EXPECT_EQ(login_reply("bob", "a temporary one").error_code(), "INVALID_CREDENTIALS");

  auto too_short = admin({"set-password", "bob"}, std::string("short\n"));
  EXPECT_EQ(too_short.exit_code, 1);
  EXPECT_TRUE(contains(too_short.err, "VALIDATION_FAILED"));
}

TEST_F(admin_cli_test, delete_erases_the_account_as_self_deletion_does) {
  auto bob = register_and_login("bob");
  auto alice = register_and_login("alice");
  auto deleted = admin({"delete", "bob"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(refresh(bob.refresh_token).status, 401);
  EXPECT_EQ(login_reply("bob").error_code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(http_->get("/api/v1/users/bob", alice.access_token).status, 404);
  EXPECT_EQ(admin({"show", "bob"}).exit_code, 1);
}

TEST_F(admin_cli_test, audit_lists_what_operators_did_filtered_by_user_and_kind) {
  register_and_login("bob");
  register_and_login("carol");
  ASSERT_EQ(admin({"disable", "bob"}).exit_code, 0);
  ASSERT_EQ(admin({"disable", "carol"}).exit_code, 0);
  auto audit = admin({"audit", "--user", "bob", "--kind", "admin.disable"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_TRUE(contains(audit.out, "admin.disable"));
  EXPECT_TRUE(contains(audit.out, "by natterd admin"));
  EXPECT_EQ(std::count(audit.out.begin(), audit.out.end(), '\n'), 1);
  auto all = admin({"audit", "--kind", "admin.disable", "--limit", "1"});
  EXPECT_EQ(std::count(all.out.begin(), all.out.end(), '\n'), 1);
  EXPECT_EQ(admin({"audit", "--user", "nobody"}).exit_code, 1);
}

TEST_F(admin_cli_test, invite_prints_a_code_and_a_link_and_invites_lists_it_until_revoked) {
  auto made = admin({"invite", "--public-url", "https://chat.example.com/", "--expires-in-hours", "3"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto code = field(made.out, "code");
  const auto id = field(made.out, "id");
  ASSERT_FALSE(code.empty()) << made.out;
  EXPECT_EQ(field(made.out, "link"), "https://chat.example.com/#invite=" + code);
  auto listed = admin({"invites"});
  EXPECT_TRUE(contains(listed.out, id + "  created="));
  EXPECT_FALSE(contains(listed.out, code));  // only its hash is stored
  EXPECT_EQ(admin({"revoke-invite", id}).exit_code, 0);
  EXPECT_EQ(admin({"revoke-invite", id}).exit_code, 1);
  EXPECT_TRUE(admin({"invites"}).out.empty());
}

TEST_F(admin_cli_test, rooms_lists_rooms_and_delete_room_deletes_one) {
  auto alice = connect(register_and_login("alice"));
  const auto room = conversation_of(alice->ok({{"type", "room.create"}, {"name", "lobby"}, {"topic", "hello there"}}));
  send_in(*alice, room, "before");  // the running server has the members cached now
  auto rooms = admin({"rooms"});
  ASSERT_EQ(rooms.exit_code, 0) << rooms.err;
  EXPECT_TRUE(contains(rooms.out, "lobby  id="));
  EXPECT_TRUE(contains(rooms.out, "members=1  hello there"));
  auto deleted = admin({"delete-room", "lobby"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "deleted\n");
  // Offline: the running server hears nothing live, but goes by the database.
  EXPECT_EQ(alice->error_of({{"type", "room.leave"}, {"name", "lobby"}}), "ROOM_NOT_FOUND");
  EXPECT_EQ(
      alice->error_of(
          {{"type", "message.send"}, {"conversation_id", room}, {"client_msg_id", "after-delete"}, {"text", "after"}}),
      "NOT_A_MEMBER");
  EXPECT_TRUE(admin({"rooms"}).out.empty());
  EXPECT_EQ(admin({"delete-room", "lobby"}).exit_code, 1);
}

TEST_F(admin_cli_test, delete_group_removes_its_members_by_the_groups_id) {
  auto alice = connect(register_and_login("alice"));
  const auto group =
      conversation_of(alice->ok({{"type", "group.create"}, {"name", "Friends"}, {"members", boost::json::array{}}}));
  send_in(*alice, group, "before");
  auto deleted = admin({"delete-group", std::to_string(group)});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "deleted\n");
  EXPECT_EQ(
      alice->error_of(
          {{"type", "message.send"}, {"conversation_id", group}, {"client_msg_id", "after-delete"}, {"text", "after"}}),
      "NOT_A_MEMBER");
  EXPECT_TRUE(admin({"groups"}).out.empty());
  EXPECT_EQ(admin({"delete-group", std::to_string(group)}).exit_code, 1);
  EXPECT_EQ(admin({"delete-group", "not-a-number"}).exit_code, 1);
}

TEST_F(admin_cli_test, groups_lists_groups_with_their_member_counts) {
  auto alice = connect(register_and_login("alice"));
  alice->ok({{"type", "group.create"}, {"name", "Friends"}, {"members", boost::json::array{}}});
  auto groups = admin({"groups"});
  ASSERT_EQ(groups.exit_code, 0) << groups.err;
  EXPECT_TRUE(contains(groups.out, "members=1"));
  EXPECT_TRUE(contains(groups.out, "  Friends\n"));
}

TEST_F(admin_cli_test, failures_exit_1_with_the_reason_and_usage_errors_exit_2) {
  auto unknown = admin({"grant", "nobody"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(contains(unknown.err, "USER_NOT_FOUND"));
  EXPECT_TRUE(unknown.out.empty());
  EXPECT_EQ(run_natterd({"admin", "grant"}).exit_code, 2);
  EXPECT_EQ(run_natterd({"admin"}).exit_code, 2);
  EXPECT_EQ(run_natterd({"admin", "frobnicate"}).exit_code, 2);
  EXPECT_EQ(admin({"users", "--limit", "0"}).exit_code, 2);
  EXPECT_EQ(admin({"invite", "--expires-in-hours", "0"}).exit_code, 2);
  auto missing = run_natterd({"admin", "users", "--data-dir", data_dir() + "/does-not-exist"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(contains(missing.err, "does-not-exist"));
  EXPECT_FALSE(std::filesystem::exists(data_dir() + "/does-not-exist"));
}

// What docs/operations.md promises of an offline disable and a live
// WebSocket: it stays until its access token expires, and is then closed
// (4001), since the refresh that would renew it is refused.
class admin_cli_websocket_test : public admin_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = admin_test::natterd_args();
    args.insert(args.end(), {"--access-token-ttl", "10"});
    return args;
  }
};

TEST_F(admin_cli_websocket_test, a_live_websocket_of_an_account_disabled_offline_closes_when_its_token_expires) {
  auto bob = register_and_login("bob");
  auto ws = connect(bob);
  ASSERT_EQ(admin({"disable", "bob"}).exit_code, 0);
  EXPECT_EQ(refresh(bob.refresh_token).status, 401);
  EXPECT_EQ(ws->wait_closed(), 4001);
}

}  // namespace
}  // namespace natter::testing
