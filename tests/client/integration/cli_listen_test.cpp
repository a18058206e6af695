// natter listen: readable lines, JSON lines, and surviving a natterd restart.

#include "client/support/cli_fixture.hpp"

namespace natter::testing {
namespace {

TEST_F(cli_test, listen_prints_incoming_messages_until_interrupted) {
  auto alice = user("alice");
  auto bob = user("bob");
  auto listening = bob->start({"listen"});
  ASSERT_TRUE(listening->wait_for_err("natter: online", cli_patience)) << listening->err();
  ok(*alice, {"send", "@bob", "are you there?"});
  ASSERT_TRUE(listening->wait_for_out("[@alice] alice: are you there?", cli_patience)) << listening->out();
  EXPECT_EQ(listening->interrupt(), 0);
}

TEST_F(cli_test, listen_json_prints_one_protocol_event_per_line) {
  auto alice = user("alice");
  auto bob = user("bob");
  auto listening = bob->start({"listen", "--json"});
  ASSERT_TRUE(listening->wait_for_err("natter: online", cli_patience));
  ok(*alice, {"send", "@bob", "in json"});
  ASSERT_TRUE(listening->wait_for_out("\"text\":\"in json\"", cli_patience)) << listening->out();
  const auto& out = listening->out();
  const auto line_start = out.rfind('\n', out.find("\"text\":\"in json\"")) + 1;
  const auto line = out.substr(line_start, out.find('\n', line_start) - line_start);
  EXPECT_EQ(line.rfind("{\"type\":\"message\"", 0), 0u) << line;
  EXPECT_EQ(listening->interrupt(), 0);
}

TEST_F(cli_test, listen_survives_a_restart_and_prints_each_message_once) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  auto listening = bob->start({"listen"});
  ASSERT_TRUE(listening->wait_for_err("natter: online", cli_patience));
  ok(*alice, {"send", "@bob", "first"});
  ASSERT_TRUE(listening->wait_for_out("alice: first", cli_patience));
  server_->kill();
  ASSERT_TRUE(listening->wait_for_err("natter: reconnecting", cli_patience)) << listening->err();
  server_->restart(true);
  ok(*alice, {"send", "@bob", "second"});
  ASSERT_TRUE(listening->wait_for_out("alice: second", cli_patience)) << listening->out() << listening->err();
  ok(*alice, {"send", "@bob", "third"});
  ASSERT_TRUE(listening->wait_for_out("alice: third", cli_patience));
  EXPECT_EQ(occurrences(listening->out(), "alice: first"), 1u) << listening->out();
  EXPECT_EQ(occurrences(listening->out(), "alice: second"), 1u) << listening->out();
  EXPECT_EQ(listening->interrupt(), 0);
}

TEST_F(cli_test, listen_exits_3_when_the_server_cannot_be_reached) {
  auto bob = user("bob");
  server_->kill();
  auto listening = bob->start({"listen"});
  const auto code = listening->wait_exit(cli_patience);
  ASSERT_TRUE(code.has_value()) << "still running: " << listening->err();
  EXPECT_EQ(*code, 3) << listening->err();
  EXPECT_EQ(listening->err().find("natter: online"), std::string::npos) << listening->err();
}

TEST_F(cli_test, listen_reports_what_it_prints_as_delivered) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*alice, {"contacts", "add", "bob"});
  ok(*bob, {"contacts", "add", "alice"});
  auto watching = alice->start({"listen", "--json"});
  ASSERT_TRUE(watching->wait_for_err("natter: online", cli_patience));
  auto listening = bob->start({"listen"});
  ASSERT_TRUE(listening->wait_for_err("natter: online", cli_patience));
  ok(*alice, {"send", "@bob", "did it arrive?"});
  ASSERT_TRUE(listening->wait_for_out("alice: did it arrive?", cli_patience)) << listening->out();
  // alice hears bob's receipt.delivered for it (a direct chat's first message
  // is its first seq).
  ASSERT_TRUE(watching->wait_for_out(R"("delivered_seq":1)", cli_patience)) << watching->out();
  const auto out = watching->out();
  const auto at = out.find(R"("delivered_seq":1)");
  const auto line = out.substr(out.rfind('\n', at) + 1, at - out.rfind('\n', at));
  EXPECT_NE(line.find(R"("type":"receipt")"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("user":"bob")"), std::string::npos) << line;
  EXPECT_EQ(listening->interrupt(), 0);
  EXPECT_EQ(watching->interrupt(), 0);
}

TEST_F(cli_test, listen_prints_no_lines_for_where_everyone_stood_when_it_started) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"contacts", "add", "bob"});  // bob may see alice's presence
  ok(*alice, {"send", "@bob", "before"});
  ok(*bob, {"send", "@alice", "before too"});
  auto listening = bob->start({"listen"});
  ASSERT_TRUE(listening->wait_for_err("natter: online", cli_patience));
  ok(*alice, {"send", "@bob", "after"});
  ASSERT_TRUE(listening->wait_for_out("alice: after", cli_patience)) << listening->out();
  EXPECT_EQ(listening->out().find("read up to"), std::string::npos) << listening->out();
  EXPECT_EQ(listening->out().find("alice is offline"), std::string::npos) << listening->out();
  EXPECT_EQ(listening->interrupt(), 0);
}

TEST_F(cli_test, one_shot_commands_leave_presence_alone) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*alice, {"contacts", "add", "bob"});  // bob may see alice's presence
  ok(*bob, {"contacts", "add", "alice"});
  auto listening = bob->start({"listen"});
  ASSERT_TRUE(listening->wait_for_err("natter: online", cli_patience));
  ok(*alice, {"send", "@bob", "one"});
  ok(*alice, {"contacts"});
  ok(*alice, {"send", "@bob", "two"});
  ASSERT_TRUE(listening->wait_for_out("alice: two", cli_patience)) << listening->out();
  EXPECT_EQ(listening->out().find("alice is online"), std::string::npos) << listening->out();
  // A listen of alice's does show her online.
  auto alice_listening = alice->start({"listen"});
  EXPECT_TRUE(listening->wait_for_out("* alice is online", cli_patience)) << listening->out();
  EXPECT_EQ(alice_listening->interrupt(), 0);
  EXPECT_EQ(listening->interrupt(), 0);
}

}  // namespace
}  // namespace natter::testing
