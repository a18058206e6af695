// /api/v1/admin/*: server administrators only; each action, its refusals and
// its bad input, against the real natterd.

#include "integration/admin_fixture.hpp"
#include "integration/support/mail_box.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;
using boost::json::object;

struct route {
  http::verb method;
  std::string target;
};

const std::vector<route> admin_routes{
    {http::verb::get, "/api/v1/admin/users"},
    {http::verb::get, "/api/v1/admin/users/bob"},
    {http::verb::delete_, "/api/v1/admin/users/bob"},
    {http::verb::post, "/api/v1/admin/users/bob/disable"},
    {http::verb::post, "/api/v1/admin/users/bob/enable"},
    {http::verb::post, "/api/v1/admin/users/bob/password"},
    {http::verb::post, "/api/v1/admin/users/bob/password-reset"},
    {http::verb::get, "/api/v1/admin/rooms"},
    {http::verb::delete_, "/api/v1/admin/rooms/lobby"},
    {http::verb::get, "/api/v1/admin/groups"},
    {http::verb::get, "/api/v1/admin/audit"},
    {http::verb::get, "/api/v1/admin/invites"},
    {http::verb::post, "/api/v1/admin/invites"},
    {http::verb::delete_, "/api/v1/admin/invites/some-id"},
};

class admin_api_test : public admin_test {};

TEST_F(admin_api_test, every_route_refuses_no_token_with_401_and_a_non_admin_with_403) {
  auto bob = register_and_login("bob");
  for (const auto& r : admin_routes) {
    EXPECT_EQ(call(r.method, r.target, session{}).status, 401) << r.target;
    auto refused = call(r.method, r.target, bob);
    EXPECT_EQ(refused.status, 403) << r.target;
    EXPECT_EQ(refused.error_code(), "FORBIDDEN") << r.target;
  }
  EXPECT_EQ(login_reply("bob").status, 200);  // nothing happened to bob
}

TEST_F(admin_api_test, an_administrator_whose_rights_are_revoked_is_refused) {
  auto root = administrator("root");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/users", root).status, 200);
  ASSERT_EQ(admin({"revoke", "root"}).exit_code, 0);
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/users", root).error_code(), "FORBIDDEN");
}

TEST_F(admin_api_test, lists_users_in_pages_with_their_state) {
  auto root = administrator("root");
  register_and_login("alice");
  register_and_login("albert");
  auto page = call(http::verb::get, "/api/v1/admin/users?search=al&limit=1", root);
  ASSERT_EQ(page.status, 200) << page.body;
  auto users = page.json().at("users").as_array();
  ASSERT_EQ(users.size(), 1U);
  EXPECT_EQ(users[0].at("username"), "albert");
  EXPECT_EQ(users[0].at("admin"), false);
  EXPECT_EQ(users[0].at("disabled"), false);
  EXPECT_EQ(page.json().at("next"), "albert");
  auto next = call(http::verb::get, "/api/v1/admin/users?search=al&limit=1&after=albert", root);
  EXPECT_EQ(next.json().at("users").as_array()[0].at("username"), "alice");
  auto everyone = call(http::verb::get, "/api/v1/admin/users", root).json().at("users").as_array();
  ASSERT_EQ(everyone.size(), 3U);
  EXPECT_EQ(everyone[2].at("username"), "root");
  EXPECT_EQ(everyone[2].at("admin"), true);
}

TEST_F(admin_api_test, bad_paging_and_unknown_users_get_documented_errors) {
  auto root = administrator("root");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/users?limit=0", root).error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/users?limit=101", root).error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/users?limit=x", root).error_code(), "BAD_REQUEST");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/users?search=" + std::string(65, 'a'), root).error_code(),
            "VALIDATION_FAILED");
  for (const auto& r : admin_routes) {
    if (r.target.find("/users/bob") == std::string::npos) continue;
    auto missing = call(r.method, r.target, root, r.method == http::verb::post ? "{}" : "");
    EXPECT_EQ(missing.status, 404) << r.target;
    EXPECT_EQ(missing.error_code(), "USER_NOT_FOUND") << r.target;
  }
}

TEST_F(admin_api_test, shows_one_user_with_open_sessions) {
  auto root = administrator("root");
  register_and_login("bob");
  login("bob");
  auto shown = call(http::verb::get, "/api/v1/admin/users/bob", root);
  ASSERT_EQ(shown.status, 200) << shown.body;
  const auto body = shown.json();
  const auto& user = body.at("user");
  EXPECT_EQ(user.at("username"), "bob");
  EXPECT_EQ(user.at("email"), "bob@example.com");
  EXPECT_EQ(user.at("open_sessions"), 2);
  EXPECT_EQ(user.at("disabled"), false);
}

TEST_F(admin_api_test, disabling_closes_live_websockets_and_refuses_login_only_after_the_right_password) {
  auto root = administrator("root");
  auto bob = register_and_login("bob");
  auto ws = connect(bob);
  ASSERT_EQ(call(http::verb::post, "/api/v1/admin/users/bob/disable", root).status, 204);
  EXPECT_EQ(ws->wait_closed(), 4003);
  EXPECT_EQ(http_->get("/api/v1/me", bob.access_token).status, 401);
  EXPECT_EQ(refresh(bob.refresh_token).status, 401);
  auto refused = login_reply("bob");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.error_code(), "ACCOUNT_DISABLED");
  EXPECT_EQ(login_reply("bob", "a wrong password").error_code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/users/bob", root).json().at("user").at("disabled"), true);

  ASSERT_EQ(call(http::verb::post, "/api/v1/admin/users/bob/enable", root).status, 204);
  EXPECT_EQ(login_reply("bob").status, 200);
}

TEST_F(admin_api_test, deleting_a_user_erases_their_personal_data_and_ends_their_sessions) {
  auto root = administrator("root");
  auto bob = register_and_login("bob");
  auto alice = register_and_login("alice");
  auto ws = connect(bob);
  ASSERT_EQ(call(http::verb::delete_, "/api/v1/admin/users/bob", root).status, 204);
  EXPECT_EQ(ws->wait_closed(), 4003);
  EXPECT_EQ(login_reply("bob").error_code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(login_reply("bob@example.com").error_code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(http_->get("/api/v1/users/bob", alice.access_token).status, 404);
  EXPECT_EQ(register_user("bob").error_code(), "USERNAME_TAKEN");  // reserved, as after self-deletion
  auto audit = call(http::verb::get, "/api/v1/admin/audit?kind=admin.delete_user", root);
  ASSERT_EQ(audit.json().at("events").as_array().size(), 1U);
  EXPECT_EQ(audit.json().at("events").as_array()[0].at("detail"), "by root");
}

TEST_F(admin_api_test, sets_a_temporary_password_given_or_generated_and_ends_sessions) {
  auto root = administrator("root");
  auto bob = register_and_login("bob");
  auto set = call(http::verb::post, "/api/v1/admin/users/bob/password", root,
                  boost::json::serialize(object{{"password", "a temporary one"}}));
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("password"), "a temporary one");
  EXPECT_EQ(refresh(bob.refresh_token).status, 401);
  EXPECT_EQ(login_reply("bob").error_code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(login_reply("bob", "a temporary one").status, 200);

  auto generated = call(http::verb::post, "/api/v1/admin/users/bob/password", root);
  ASSERT_EQ(generated.status, 200) << generated.body;
  const std::string password(generated.json().at("password").as_string());
  EXPECT_GE(password.size(), 16U);
  EXPECT_EQ(login_reply("bob", password).status, 200);
}

TEST_F(admin_api_test, a_bad_temporary_password_is_refused_and_changes_nothing) {
  auto root = administrator("root");
  register_and_login("bob");
  auto short_one = call(http::verb::post, "/api/v1/admin/users/bob/password", root,
                        boost::json::serialize(object{{"password", "short"}}));
  EXPECT_EQ(short_one.error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(call(http::verb::post, "/api/v1/admin/users/bob/password", root, R"({"password": 5})").error_code(),
            "BAD_REQUEST");
  EXPECT_EQ(call(http::verb::post, "/api/v1/admin/users/bob/password", root, "{not json").error_code(), "BAD_REQUEST");
  EXPECT_EQ(login_reply("bob").status, 200);
}

TEST_F(admin_api_test, sends_a_password_reset_mail) {
  auto root = administrator("root");
  register_and_login("bob");
  auto sent = call(http::verb::post, "/api/v1/admin/users/bob/password-reset", root);
  ASSERT_EQ(sent.status, 202) << sent.body;
  // The mail is queued and written to the outbox (beside bob's welcome link):
  // a reset link, to bob.
  const auto mails = wait_for_mails(server_->data_dir() / "data" / "outbox", 1, "#reset=");
  ASSERT_EQ(mails.size(), 1U);
  EXPECT_NE(mails[0].find("To: bob@example.com"), std::string::npos);
}

TEST_F(admin_api_test, lists_rooms_with_their_member_counts_in_pages) {
  auto root = administrator("root");
  auto alice = connect(register_and_login("alice"));
  auto bob = connect(register_and_login("bob"));
  alice->ok({{"type", "room.create"}, {"name", "lobby"}, {"topic", "hello"}});
  alice->ok({{"type", "room.create"}, {"name", "garden"}});
  bob->ok({{"type", "room.join"}, {"name", "lobby"}});
  auto first = call(http::verb::get, "/api/v1/admin/rooms?limit=1", root);
  ASSERT_EQ(first.status, 200) << first.body;
  auto rooms = first.json().at("rooms").as_array();
  ASSERT_EQ(rooms.size(), 1U);
  EXPECT_EQ(rooms[0].at("name"), "garden");
  EXPECT_EQ(rooms[0].at("member_count"), 1);
  EXPECT_EQ(first.json().at("next"), "garden");
  auto rest = call(http::verb::get, "/api/v1/admin/rooms?after=garden", root).json();
  ASSERT_EQ(rest.at("rooms").as_array().size(), 1U);
  EXPECT_EQ(rest.at("rooms").as_array()[0].at("name"), "lobby");
  EXPECT_EQ(rest.at("rooms").as_array()[0].at("topic"), "hello");
  EXPECT_EQ(rest.at("rooms").as_array()[0].at("member_count"), 2);
  EXPECT_EQ(rest.at("next"), nullptr);
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/rooms?limit=0", root).error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/rooms?limit=1x", root).error_code(), "BAD_REQUEST");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/rooms?after=" + std::string(65, 'r'), root).error_code(),
            "VALIDATION_FAILED");
}

TEST_F(admin_api_test, lists_groups_with_their_member_counts_in_pages) {
  auto root = administrator("root");
  auto alice = connect(register_and_login("alice"));
  register_and_login("bob");
  const auto first =
      conversation_of(alice->ok({{"type", "group.create"}, {"name", "Friends"}, {"members", boost::json::array{}}}));
  alice->ok({{"type", "group.create"}, {"name", "Family"}, {"members", boost::json::array{}}});
  auto page = call(http::verb::get, "/api/v1/admin/groups?limit=1", root);
  ASSERT_EQ(page.status, 200) << page.body;
  auto groups = page.json().at("groups").as_array();
  ASSERT_EQ(groups.size(), 1U);
  EXPECT_EQ(groups[0].at("name"), "Friends");
  EXPECT_EQ(groups[0].at("member_count"), 1);
  EXPECT_EQ(page.json().at("next"), first);
  auto rest = call(http::verb::get, "/api/v1/admin/groups?after=" + std::to_string(first), root).json();
  ASSERT_EQ(rest.at("groups").as_array().size(), 1U);
  EXPECT_EQ(rest.at("groups").as_array()[0].at("name"), "Family");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/groups?limit=101", root).error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/groups?after=x", root).error_code(), "BAD_REQUEST");
}

TEST_F(admin_api_test, deleting_a_room_removes_every_member_in_their_sight_and_frees_its_name) {
  auto root = administrator("root");
  auto alice = connect(register_and_login("alice"));
  auto bob = connect(register_and_login("bob"));
  const auto room = alice->ok({{"type", "room.create"}, {"name", "lobby"}}).at("conversation").at("conversation_id");
  bob->ok({{"type", "room.join"}, {"name", "lobby"}});
  alice->event("member.joined");
  ASSERT_EQ(call(http::verb::delete_, "/api/v1/admin/rooms/lobby", root).status, 204);
  for (auto* ws : {alice.get(), bob.get()}) {
    for (int i = 0; i < 2; ++i) {  // each hears both removals, bob's first: the owner goes last
      auto left = ws->event("member.left");
      EXPECT_EQ(left.at("conversation_id"), room);
      EXPECT_EQ(left.at("by"), "root");
    }
  }
  EXPECT_EQ(bob->error_of({{"type", "room.join"}, {"name", "lobby"}}), "ROOM_NOT_FOUND");
  EXPECT_TRUE(call(http::verb::get, "/api/v1/admin/rooms", root).json().at("rooms").as_array().empty());
  auto again = bob->ok({{"type", "room.create"}, {"name", "lobby"}});
  EXPECT_NE(again.at("conversation").at("conversation_id"), room);
  auto audit = call(http::verb::get, "/api/v1/admin/audit?kind=admin.delete_room", root).json();
  ASSERT_EQ(audit.at("events").as_array().size(), 1U);
  EXPECT_NE(std::string(audit.at("events").as_array()[0].at("detail").as_string()).find("room lobby"),
            std::string::npos);
  EXPECT_EQ(call(http::verb::delete_, "/api/v1/admin/rooms/nowhere", root).error_code(), "ROOM_NOT_FOUND");
  EXPECT_EQ(call(http::verb::delete_, "/api/v1/admin/rooms/" + std::string(65, 'r'), root).error_code(),
            "ROOM_NOT_FOUND");
}

TEST_F(admin_api_test, deleting_a_group_removes_every_member_in_their_sight) {
  auto root = administrator("root");
  auto alice = connect(register_and_login("alice"));
  auto bob = connect(register_and_login("bob"));
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});  // so that alice may add bob at once
  auto created = alice->ok({{"type", "group.create"}, {"name", "Book club"}, {"members", boost::json::array{"bob"}}});
  const auto group = created.at("conversation").at("conversation_id");
  ASSERT_TRUE(created.at("invited").as_array().empty()) << created;
  ASSERT_EQ(call(http::verb::delete_, "/api/v1/admin/groups/" + std::to_string(group.as_int64()), root).status, 204);
  for (auto* ws : {alice.get(), bob.get()}) {
    for (int i = 0; i < 2; ++i) {
      auto left = ws->event("member.left");
      EXPECT_EQ(left.at("conversation_id"), group);
      EXPECT_EQ(left.at("by"), "root");
    }
  }
  EXPECT_EQ(
      alice->error_of({{"type", "message.send"}, {"conversation_id", group}, {"client_msg_id", "x1"}, {"text", "hi"}}),
      "NOT_A_MEMBER");
  EXPECT_TRUE(alice->ok({{"type", "conversations.list"}}).at("conversations").as_array().empty());
  EXPECT_TRUE(call(http::verb::get, "/api/v1/admin/groups", root).json().at("groups").as_array().empty());
  auto audit = call(http::verb::get, "/api/v1/admin/audit?kind=admin.delete_group", root).json();
  ASSERT_EQ(audit.at("events").as_array().size(), 1U);
  // Not a group, not a number: one answer.
  const auto room = alice->ok({{"type", "room.create"}, {"name", "lobby"}}).at("conversation").at("conversation_id");
  for (const std::string& id : {std::to_string(room.as_int64()), std::string("999999"), std::string("abc"),
                                std::string("-1"), std::string("99999999999999999999999")}) {
    EXPECT_EQ(call(http::verb::delete_, "/api/v1/admin/groups/" + id, root).error_code(), "NOT_FOUND") << id;
  }
  auto plain = register_and_login("carol");
  EXPECT_EQ(call(http::verb::delete_, "/api/v1/admin/groups/1", plain).error_code(), "FORBIDDEN");
}

TEST_F(admin_api_test, reads_the_audit_log_by_user_kind_and_limit) {
  auto root = administrator("root");
  register_and_login("bob");
  login_reply("bob", "a wrong password");
  login_reply("bob", "another wrong one");
  auto failed = call(http::verb::get, "/api/v1/admin/audit?user=bob&kind=login.failed&limit=1", root);
  ASSERT_EQ(failed.status, 200) << failed.body;
  auto events = failed.json().at("events").as_array();
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].at("kind"), "login.failed");
  auto grants = call(http::verb::get, "/api/v1/admin/audit?kind=admin.grant", root).json().at("events").as_array();
  ASSERT_EQ(grants.size(), 1U);
  EXPECT_EQ(grants[0].at("detail"), "by natterd admin");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/audit?limit=201", root).error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/audit?limit=0", root).error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/audit?limit=-x", root).error_code(), "BAD_REQUEST");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/audit?user=nobody", root).error_code(), "USER_NOT_FOUND");
  EXPECT_EQ(call(http::verb::get, "/api/v1/admin/audit?kind=" + std::string(65, 'k'), root).error_code(),
            "VALIDATION_FAILED");
}

TEST_F(admin_api_test, creates_lists_and_revokes_invites) {
  auto root = administrator("root");
  auto created =
      call(http::verb::post, "/api/v1/admin/invites", root, boost::json::serialize(object{{"expires_in_hours", 2}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto body = created.json();
  const auto& invite = body.at("invite");
  const std::string id(invite.at("id").as_string());
  const std::string code(invite.at("code").as_string());
  EXPECT_NE(std::string(invite.at("link").as_string()).find("/#invite=" + code), std::string::npos);
  auto listed = call(http::verb::get, "/api/v1/admin/invites", root).json().at("invites").as_array();
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(std::string(listed[0].at("id").as_string()), id);
  EXPECT_EQ(listed[0].as_object().count("code"), 0U);  // the code is shown once, at creation
  EXPECT_EQ(call(http::verb::delete_, "/api/v1/admin/invites/" + id, root).status, 204);
  EXPECT_EQ(call(http::verb::delete_, "/api/v1/admin/invites/" + id, root).error_code(), "NOT_FOUND");
  EXPECT_TRUE(call(http::verb::get, "/api/v1/admin/invites", root).json().at("invites").as_array().empty());
}

TEST_F(admin_api_test, bad_invite_requests_get_documented_errors) {
  auto root = administrator("root");
  for (const char* body : {R"({"expires_in_hours": 0})", R"({"expires_in_hours": 8761})"}) {
    EXPECT_EQ(call(http::verb::post, "/api/v1/admin/invites", root, body).error_code(), "VALIDATION_FAILED") << body;
  }
  for (const char* body : {R"({"expires_in_hours": "2"})", R"({"expires_in_hours": 1.5})", "[]", "{"}) {
    EXPECT_EQ(call(http::verb::post, "/api/v1/admin/invites", root, body).error_code(), "BAD_REQUEST") << body;
  }
  EXPECT_EQ(call(http::verb::delete_, "/api/v1/admin/invites/" + std::string(65, 'x'), root).error_code(), "NOT_FOUND");
  EXPECT_TRUE(call(http::verb::get, "/api/v1/admin/invites", root).json().at("invites").as_array().empty());
}

}  // namespace
}  // namespace natter::testing
