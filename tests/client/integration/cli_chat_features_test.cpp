// The full-screen chat's conversation features, driven through tmux: /me,
// typing indicators both ways, presence marks, /names, /whois, senders by
// display name, /edit, /delete, /reply, day separators and the "new
// messages" divider.

#include <chrono>
#include <cstdio>
#include <thread>

#include "client/support/cli_fixture.hpp"
#include "client/support/tmux_screen.hpp"

namespace natter::testing {
namespace {

class chat_features_test : public cli_test {
 protected:
  static void enter(tmux_screen& screen, const std::string& line) {
    screen.type(line);
    screen.press("Enter");
  }
  // Polls until the screen no longer shows `text`.
  static bool wait_gone(const tmux_screen& screen, const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + cli_patience;
    while (std::chrono::steady_clock::now() < deadline) {
      if (screen.capture().find(text) == std::string::npos) return true;
    }
    return false;
  }
};

TEST_F(chat_features_test, slash_me_is_an_action_in_both_terminals_and_in_history) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "hello"});
  auto alice_screen = chat_of(*alice);
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(alice_screen->wait_for("alice: hello", cli_patience)) << alice_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("alice: hello", cli_patience)) << bob_screen->capture();
  enter(*alice_screen, "/me waves at bob");
  ASSERT_TRUE(bob_screen->wait_for("* alice waves at bob", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(alice_screen->wait_for("* alice waves at bob", cli_patience)) << alice_screen->capture();
  EXPECT_EQ(bob_screen->capture().find("/me"), std::string::npos) << bob_screen->capture();
  const auto history = ok(*bob, {"history", "@alice"});
  EXPECT_NE(history.find("] * alice waves at bob\n"), std::string::npos) << history;
}

TEST_F(chat_features_test, typing_shows_on_the_other_screen_until_the_message_arrives) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "hello"});
  auto alice_screen = chat_of(*alice);
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(alice_screen->wait_for("alice: hello", cli_patience)) << alice_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("alice: hello", cli_patience)) << bob_screen->capture();
  alice_screen->type("are you th");
  ASSERT_TRUE(bob_screen->wait_for("alice is typing…", cli_patience)) << bob_screen->capture();
  alice_screen->type("ere?");
  alice_screen->press("Enter");
  ASSERT_TRUE(bob_screen->wait_for("alice: are you there?", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(wait_gone(*bob_screen, "alice is typing…")) << bob_screen->capture();
  // And the other way: bob's typing shows on alice's screen.
  bob_screen->type("yes");
  EXPECT_TRUE(alice_screen->wait_for("bob is typing…", cli_patience)) << alice_screen->capture();
  // A command is not a message: typing it announces nothing.
  EXPECT_TRUE(wait_gone(*alice_screen, "bob is typing…")) << alice_screen->capture();
  bob_screen->press("C-u");
  bob_screen->type("/names");
  EXPECT_FALSE(alice_screen->wait_for("bob is typing…", std::chrono::milliseconds(1500)));
}

TEST_F(chat_features_test, presence_marks_tell_online_away_busy_and_offline_apart) {
  auto bob = user("bob");
  std::vector<std::unique_ptr<natter_cli>> people;
  for (const std::string name : {"alice", "carol", "dave", "erin"}) {
    people.push_back(user(name));
    ok(*bob, {"contacts", "add", name});
    ok(*people.back(), {"contacts", "add", "bob"});  // shares their presence with bob
    ok(*people.back(), {"send", "@bob", "hi from " + name});
  }
  std::vector<std::unique_ptr<cli_process>> listening;
  for (std::size_t i = 0; i < 3; ++i) {  // alice, carol, dave online; erin not
    listening.push_back(people[i]->start({"listen"}));
    ASSERT_TRUE(listening.back()->wait_for_err("online", cli_patience));
  }
  ok(*people[1], {"status", "away"});
  ok(*people[2], {"status", "busy"});
  auto screen = chat_of(*bob);
  for (const char* shown : {"● @alice", "◐ @carol", "⊘ @dave", "○ @erin"}) {
    EXPECT_TRUE(screen->wait_for(shown, cli_patience)) << shown << "\n" << screen->capture();
  }
  // /names: the members with the same marks.
  enter(*screen, "/msg @carol");
  ASSERT_TRUE(screen->wait_for("carol: hi from carol", cli_patience)) << screen->capture();
  enter(*screen, "/names");
  ASSERT_TRUE(screen->wait_for("◐ carol  away", cli_patience)) << screen->capture();
  EXPECT_NE(screen->capture().find("bob (you)"), std::string::npos) << screen->capture();
  screen->press("Escape");
  enter(*screen, "/whois dave");
  ASSERT_TRUE(screen->wait_for("presence: ⊘ busy", cli_patience)) << screen->capture();
  for (auto& l : listening) EXPECT_EQ(l->interrupt(), 0);
}

TEST_F(chat_features_test, whois_shows_a_profile) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*alice, {"profile", "--bio", "likes tea", "--display-name", "Alice A."});
  auto screen = chat_of(*bob);
  ASSERT_TRUE(screen->wait_for("bob · online", cli_patience)) << screen->capture();
  enter(*screen, "/whois @alice");
  ASSERT_TRUE(screen->wait_for("alice (Alice A.)", cli_patience)) << screen->capture();
  EXPECT_TRUE(screen->wait_for("bio: likes tea", cli_patience)) << screen->capture();
  // A stranger's presence is not shared with bob.
  EXPECT_TRUE(screen->wait_for("○ offline (or not shared with you)", cli_patience)) << screen->capture();
  screen->press("Escape");
  enter(*screen, "/whois nobody");
  EXPECT_TRUE(screen->wait_for("NOT_FOUND", cli_patience)) << screen->capture();
}

TEST_F(chat_features_test, senders_show_by_display_name_and_follow_a_new_one) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"profile", "--display-name", "Bob Builder"});
  ok(*alice, {"contacts", "add", "bob"});
  ok(*bob, {"send", "@alice", "can we fix it?"});
  auto screen = chat_of(*alice);
  ASSERT_TRUE(screen->wait_for("Bob Builder: can we fix it?", cli_patience)) << screen->capture();
  ok(*bob, {"profile", "--display-name", "Bob the Builder"});
  EXPECT_TRUE(screen->wait_for("Bob the Builder: can we fix it?", cli_patience)) << screen->capture();
  // The username stays at hand.
  enter(*screen, "/whois bob");
  EXPECT_TRUE(screen->wait_for("bob (Bob the Builder)", cli_patience)) << screen->capture();
}

TEST_F(chat_features_test, edit_delete_and_reply_from_the_chat) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"contacts", "add", "bob"});
  ok(*bob, {"send", "@alice", "lunch at noon?"});
  auto alice_screen = chat_of(*alice);
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(alice_screen->wait_for("bob: lunch at noon?", cli_patience)) << alice_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("bob: lunch at noon?", cli_patience)) << bob_screen->capture();

  enter(*alice_screen, "/reply sure, see you");
  ASSERT_TRUE(bob_screen->wait_for("alice: sure, see you", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(bob_screen->wait_for("↪ bob: lunch at noon?", cli_patience)) << bob_screen->capture();

  enter(*alice_screen, "/edit sure, see you there");
  ASSERT_TRUE(bob_screen->wait_for("alice: sure, see you there (edited)", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(alice_screen->wait_for("sure, see you there (edited)", cli_patience)) << alice_screen->capture();

  enter(*bob_screen, "/delete");
  ASSERT_TRUE(alice_screen->wait_for("bob: (deleted)", cli_patience)) << alice_screen->capture();
  EXPECT_TRUE(bob_screen->wait_for("bob: (deleted)", cli_patience)) << bob_screen->capture();
  // bob has nothing left to edit here.
  enter(*bob_screen, "/edit again");
  EXPECT_TRUE(bob_screen->wait_for("no message of yours here to edit", cli_patience)) << bob_screen->capture();
}

// A POSIX TZ in which local midnight falls at `midnight_s` (Unix seconds).
std::string zone_with_midnight_at(long long midnight_s) {
  long long east = (86400 - midnight_s % 86400) % 86400;
  if (east > 43200) east -= 86400;
  const long long west = -east;  // POSIX offsets count westward
  const long long a = west < 0 ? -west : west;
  char text[40];
  std::snprintf(text, sizeof text, "NAT%c%02lld:%02lld:%02lld", west < 0 ? '-' : '+', a / 3600, a / 60 % 60, a % 60);
  return text;
}

TEST_F(chat_features_test, a_day_separator_shows_where_the_day_changes) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  auto listening = bob->start({"listen", "--json"});
  ASSERT_TRUE(listening->wait_for_err("online", cli_patience));
  ok(*alice, {"send", "@bob", "before midnight"});
  ASSERT_TRUE(listening->wait_for_out("before midnight", cli_patience));
  const auto& out = listening->out();
  const auto ts_at = out.find("\"ts\":", out.find("before midnight"));
  ASSERT_NE(ts_at, std::string::npos) << out;
  const long long first_ts = std::stoll(out.substr(ts_at + 5));
  // Midnight, in the zone the chat runs in, falls between the two messages.
  const long long midnight_s = first_ts / 1000 + 1;
  std::this_thread::sleep_until(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(midnight_s * 1000 + 50)));
  ok(*alice, {"send", "@bob", "after midnight"});
  EXPECT_EQ(listening->interrupt(), 0);
  auto screen = chat_of(*bob, zone_with_midnight_at(midnight_s));
  ASSERT_TRUE(screen->wait_for("00:00 alice: after midnight", cli_patience)) << screen->capture();
  const auto shown = screen->capture();
  const auto first_day = shown.find("│ ── ");
  const auto before = shown.find("23:59 alice: before midnight");
  const auto second_day = shown.find("│ ── ", first_day + 1);
  const auto after = shown.find("00:00 alice: after midnight");
  ASSERT_NE(first_day, std::string::npos) << "the first line is from before today:\n" << shown;
  ASSERT_NE(second_day, std::string::npos) << shown;
  EXPECT_LT(first_day, before) << shown;
  EXPECT_LT(before, second_day) << shown;
  EXPECT_LT(second_day, after) << shown;
}

TEST_F(chat_features_test, a_new_messages_divider_marks_what_was_not_read) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "first"});
  {
    auto screen = chat_of(*bob);  // bob reads "first"
    ASSERT_TRUE(screen->wait_for("alice: first", cli_patience)) << screen->capture();
    enter(*screen, "/quit");
  }
  const auto unread = [&] { return ok(*bob, {"conversations"}); };
  const auto deadline = std::chrono::steady_clock::now() + cli_patience;
  while (unread() != "@alice\tdirect\t0 unread\n" && std::chrono::steady_clock::now() < deadline) {
  }
  ok(*alice, {"send", "@bob", "new one"});
  ok(*alice, {"send", "@bob", "new two"});
  auto screen = chat_of(*bob);
  ASSERT_TRUE(screen->wait_for("alice: new two", cli_patience)) << screen->capture();
  const auto shown = screen->capture();
  const auto read = shown.find("alice: first");
  const auto divider = shown.find("──── new messages");
  const auto first_new = shown.find("alice: new one");
  ASSERT_NE(divider, std::string::npos) << shown;
  EXPECT_EQ(shown.find("│ ── "), std::string::npos) << "no day separator above today's messages:\n" << shown;
  EXPECT_LT(read, divider) << shown;
  EXPECT_LT(divider, first_new) << shown;
  // What comes while bob watches is not "new": the divider stays where it was.
  ok(*alice, {"send", "@bob", "new three"});
  ASSERT_TRUE(screen->wait_for("alice: new three", cli_patience)) << screen->capture();
  EXPECT_LT(screen->capture().find("──── new messages"), screen->capture().find("alice: new one"));
}

}  // namespace
}  // namespace natter::testing
