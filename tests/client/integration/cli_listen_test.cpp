// natter listen: readable lines, JSON lines, and surviving a natterd restart.

#include "client/support/cli_fixture.hpp"

namespace natter::testing {
namespace {

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

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

}  // namespace
}  // namespace natter::testing
