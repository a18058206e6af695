// natter search: words across the user's conversations, or in one (--in,
// --group), or from one sender (--from), newest first, paged with --cursor.

#include "client/support/cli_fixture.hpp"

namespace natter::testing {
namespace {

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST_F(cli_test, search_finds_words_in_every_conversation_newest_first_with_where_they_were_said) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*alice, {"send", "@bob", "lunch at the harbour?"});
  ok(*alice, {"join", "general"});
  ok(*alice, {"send", "#general", "Harbourside LUNCH for everyone"});
  ok(*alice, {"send", "#general", "nothing to see"});

  const auto out = ok(*alice, {"search", "lunch", "harb"});
  const auto room = out.find("#general alice: Harbourside LUNCH for everyone");
  const auto direct = out.find("@bob alice: lunch at the harbour?");
  EXPECT_NE(room, std::string::npos) << out;
  EXPECT_NE(direct, std::string::npos) << out;
  EXPECT_LT(room, direct) << out;  // newest first
  EXPECT_EQ(out.find("nothing to see"), std::string::npos) << out;
  // Bob is not in #general.
  const auto bobs = ok(*bob, {"search", "lunch"});
  EXPECT_NE(bobs.find("@alice alice: lunch at the harbour?"), std::string::npos) << bobs;
  EXPECT_EQ(bobs.find("Harbourside"), std::string::npos) << bobs;
}

TEST_F(cli_test, search_in_one_conversation_or_from_one_sender) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*alice, {"send", "@bob", "ping from alice"});
  ok(*bob, {"join", "general"});
  ok(*alice, {"join", "general"});
  ok(*bob, {"send", "#general", "ping from bob"});

  const auto in_direct = ok(*alice, {"search", "ping", "--in", "@bob"});
  EXPECT_EQ(count_of(in_direct, "ping from"), 1U) << in_direct;
  EXPECT_NE(in_direct.find("ping from alice"), std::string::npos) << in_direct;
  const auto from_bob = ok(*alice, {"search", "ping", "--from", "@bob"});
  EXPECT_EQ(count_of(from_bob, "ping from"), 1U) << from_bob;
  EXPECT_NE(from_bob.find("ping from bob"), std::string::npos) << from_bob;
  EXPECT_EQ(ok(*alice, {"search", "nowhere"}), "No messages found.\n");
}

TEST_F(cli_test, search_pages_with_the_cursor_it_prints) {
  auto alice = user("alice");
  ok(*alice, {"join", "general"});
  for (const char* text : {"echo one", "echo two", "echo three"}) ok(*alice, {"send", "#general", text});
  const auto first = ok(*alice, {"search", "echo", "--limit", "2"});
  EXPECT_LT(first.find("echo three"), first.find("echo two")) << first;
  const auto more = first.find("More: add --cursor ");
  ASSERT_NE(more, std::string::npos) << first;
  auto cursor = first.substr(more + 19);
  cursor.pop_back();  // the newline
  const auto second = ok(*alice, {"search", "echo", "--limit", "2", "--cursor", cursor});
  EXPECT_NE(second.find("echo one"), std::string::npos) << second;
  EXPECT_EQ(second.find("echo two"), std::string::npos) << second;
  EXPECT_EQ(second.find("More:"), std::string::npos) << second;
}

TEST_F(cli_test, search_refusals_exit_1_or_2) {
  auto alice = user("alice");
  auto no_words = alice->run({"search", "\"*()"});
  EXPECT_EQ(no_words.exit_code, 1);
  EXPECT_NE(no_words.err.find("VALIDATION_FAILED"), std::string::npos) << no_words.err;
  EXPECT_EQ(alice->run({"search"}).exit_code, 2);
  EXPECT_EQ(alice->run({"search", "x", "--limit", "51"}).exit_code, 2);
  auto nowhere = alice->run({"search", "x", "--in", "#nowhere"});
  EXPECT_EQ(nowhere.exit_code, 1);
  EXPECT_NE(nowhere.err.find("NOT_FOUND"), std::string::npos) << nowhere.err;
}

}  // namespace
}  // namespace natter::testing
