// natter send | history | rooms | join | leave.

#include "client/support/cli_fixture.hpp"
#include "integration/support/ws_client.hpp"

namespace natter::testing {
namespace {

TEST_F(cli_test, a_message_sent_to_a_user_shows_in_both_histories) {
  auto alice = user("alice");
  auto bob = user("bob");
  EXPECT_EQ(ok(*alice, {"send", "@bob", "hello bob"}), "");
  EXPECT_NE(ok(*bob, {"history", "@alice"}).find("alice: hello bob"), std::string::npos);
  EXPECT_NE(ok(*alice, {"history", "@bob"}).find("alice: hello bob"), std::string::npos);
}

TEST_F(cli_test, send_reads_the_text_from_stdin_when_it_is_a_dash) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*alice, {"send", "@bob", "-"}, "from a pipe\n");
  EXPECT_NE(ok(*bob, {"history", "@alice"}).find("alice: from a pipe"), std::string::npos);
}

TEST_F(cli_test, history_limit_shows_only_the_latest) {
  auto alice = user("alice");
  auto bob = user("bob");
  for (const char* text : {"one", "two", "three"}) ok(*alice, {"send", "@bob", text});
  auto out = ok(*bob, {"history", "@alice", "--limit", "2"});
  EXPECT_EQ(out.find("alice: one"), std::string::npos) << out;
  EXPECT_LT(out.find("alice: two"), out.find("alice: three")) << out;
  EXPECT_EQ(bob->run({"history", "@alice", "--limit", "0"}).exit_code, 2);
}

TEST_F(cli_test, sending_to_an_unknown_user_exits_1_with_user_not_found) {
  auto alice = user("alice");
  auto r = alice->run({"send", "@nobody", "hi"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("USER_NOT_FOUND"), std::string::npos) << r.err;
}

TEST_F(cli_test, send_without_a_target_or_text_exits_2) {
  auto alice = user("alice");
  EXPECT_EQ(alice->run({"send", "hello"}).exit_code, 2);
  EXPECT_EQ(alice->run({"send", "bob", "hello"}).exit_code, 2);
  EXPECT_EQ(alice->run({"send", "--group", "x"}).exit_code, 2);
}

TEST_F(cli_test, history_of_a_conversation_that_does_not_exist_exits_1) {
  auto alice = user("alice");
  auto r = alice->run({"history", "@bob"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("NOT_FOUND"), std::string::npos) << r.err;
}

TEST_F(cli_test, join_creates_a_room_others_find_join_and_talk_in) {
  auto alice = user("alice");
  auto bob = user("bob");
  EXPECT_EQ(ok(*alice, {"join", "general"}), "joined #general\n");
  EXPECT_NE(ok(*bob, {"rooms"}).find("#general\t1 member"), std::string::npos);
  EXPECT_EQ(ok(*bob, {"join", "#general"}), "joined #general\n");
  ok(*bob, {"send", "#general", "hi room"});
  EXPECT_NE(ok(*alice, {"history", "#general"}).find("bob: hi room"), std::string::npos);
  EXPECT_NE(ok(*alice, {"rooms"}).find("#general\t2 members"), std::string::npos);
}

TEST_F(cli_test, joining_twice_exits_1_with_already_member) {
  auto alice = user("alice");
  ok(*alice, {"join", "general"});
  auto r = alice->run({"join", "general"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ALREADY_MEMBER"), std::string::npos) << r.err;
}

TEST_F(cli_test, leave_leaves_a_room_and_a_second_leave_exits_1) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*alice, {"join", "general"});
  ok(*bob, {"join", "general"});
  EXPECT_EQ(ok(*bob, {"leave", "general"}), "left #general\n");
  auto r = bob->run({"leave", "general"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("NOT_A_MEMBER"), std::string::npos) << r.err;
  auto refused = bob->run({"send", "#general", "hello?"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("NOT_A_MEMBER"), std::string::npos) << refused.err;
  EXPECT_EQ(bob->run({"leave", "nowhere"}).exit_code, 1);
}

TEST_F(cli_test, send_group_writes_to_the_group_of_that_name) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});  // so alice adds bob at once, no invitation
  ws_client ws(server_->port());
  ws.auth(login("alice").access_token);
  ws.ok({{"type", "group.create"}, {"name", "Friends"}, {"members", boost::json::array{"bob"}}});
  EXPECT_EQ(ok(*alice, {"send", "--group", "Friends", "hello friends"}), "");
  EXPECT_NE(ok(*bob, {"history", "--group", "Friends"}).find("alice: hello friends"), std::string::npos);
  auto r = alice->run({"send", "--group", "Strangers", "hi"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("NOT_FOUND"), std::string::npos);
}

}  // namespace
}  // namespace natter::testing
