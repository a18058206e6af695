// The full-screen chat, driven through tmux: two people chat from two
// terminals, and a screen rides out a natterd restart without repeating lines.

#include <filesystem>
#include <fstream>
#include <sstream>

#include "client/support/cli_fixture.hpp"
#include "client/support/tmux_screen.hpp"
#include "integration/support/test_images.hpp"

namespace natter::testing {
namespace {

using interactive_test = cli_test;

TEST_F(interactive_test, a_message_typed_in_one_terminal_appears_in_the_other) {
  auto alice = user("alice");
  auto bob = user("bob");
  auto alice_screen = chat_of(*alice);
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(alice_screen->wait_for("alice · online", cli_patience)) << alice_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("bob · online", cli_patience)) << bob_screen->capture();

  alice_screen->type("/msg @bob");
  alice_screen->press("Enter");
  alice_screen->type("hello from alice");
  alice_screen->press("Enter");
  ASSERT_TRUE(bob_screen->wait_for("alice: hello from alice", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(bob_screen->wait_for("/accept or /decline", cli_patience)) << bob_screen->capture();

  bob_screen->type("/accept");
  bob_screen->press("Enter");
  bob_screen->type("hi alice");
  bob_screen->press("Enter");
  ASSERT_TRUE(alice_screen->wait_for("bob: hi alice", cli_patience)) << alice_screen->capture();
  EXPECT_TRUE(alice_screen->wait_for("alice: hello from alice  ✓", cli_patience)) << alice_screen->capture();
}

TEST_F(interactive_test, a_restart_shows_reconnecting_then_resyncs_without_duplicate_lines) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "before the restart"});
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(bob_screen->wait_for("alice: before the restart", cli_patience)) << bob_screen->capture();

  server_->kill();
  ASSERT_TRUE(bob_screen->wait_for("reconnecting…", cli_patience)) << bob_screen->capture();
  server_->restart(true);
  ok(*alice, {"send", "@bob", "after the restart"});
  ASSERT_TRUE(bob_screen->wait_for("alice: after the restart", cli_patience)) << bob_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("bob · online", cli_patience));
  const auto screen = bob_screen->capture();
  EXPECT_EQ(occurrences(screen, "alice: before the restart"), 1u) << screen;
  EXPECT_EQ(occurrences(screen, "alice: after the restart"), 1u) << screen;
}

TEST_F(interactive_test, slash_file_sends_pictures_and_files_and_slash_download_saves_one) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  std::ofstream(alice->home() / "report.txt") << "quarterly report";
  std::ofstream(alice->home() / "p.png", std::ios::binary) << encoded_image(64, 48, ".png");
  auto alice_screen = chat_of(*alice);
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(alice_screen->wait_for("alice · online", cli_patience)) << alice_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("bob · online", cli_patience)) << bob_screen->capture();

  alice_screen->type("/msg @bob");
  alice_screen->press("Enter");
  alice_screen->type("/file ~/report.txt the report");
  alice_screen->press("Enter");
  ASSERT_TRUE(bob_screen->wait_for("alice: the report", cli_patience)) << bob_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("#1 [file report.txt 16 B]", cli_patience)) << bob_screen->capture();
  alice_screen->type("/file ~/p.png");
  alice_screen->press("Enter");
  ASSERT_TRUE(bob_screen->wait_for("#2 [image 64×48 p.png", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(alice_screen->wait_for("#2 [image 64×48 p.png", cli_patience)) << alice_screen->capture();

  std::filesystem::create_directory(bob->home() / "downloads");
  bob_screen->type("/download 1 ~/downloads");
  bob_screen->press("Enter");
  ASSERT_TRUE(bob_screen->wait_for("saved ", cli_patience)) << bob_screen->capture();
  std::ifstream saved(bob->home() / "downloads" / "report.txt");
  std::ostringstream bytes;
  bytes << saved.rdbuf();
  EXPECT_EQ(bytes.str(), "quarterly report");
  bob_screen->type("/download 7");
  bob_screen->press("Enter");
  EXPECT_TRUE(bob_screen->wait_for("no attachment #7", cli_patience)) << bob_screen->capture();
}

std::vector<std::string> lines_of(const std::string& screen) {
  std::vector<std::string> out;
  std::istringstream in(screen);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST_F(interactive_test, long_multiline_and_wide_messages_stay_in_the_message_pane) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  std::string filler;
  for (int i = 0; i < 14; ++i) filler += "aaaa ";
  // Unwrapped, "straddling" would cross the pane's right edge.
  const std::string text = filler + "straddling words\n第二行 中文字符 \U0001F600\U0001F600 after the newline";
  ok(*alice, {"send", "@bob", "-"}, text);
  auto screen = chat_of(*bob);
  ASSERT_TRUE(screen->wait_for("after the newline", cli_patience)) << screen->capture();
  const auto lines = lines_of(screen->capture());
  ASSERT_GE(lines.size(), 38u);
  bool indented = false;
  for (std::size_t y = 1; y < 38; ++y) {
    const auto bar = lines[y].find("│");
    ASSERT_NE(bar, std::string::npos) << "row " << y << " lost the list's border:\n" << screen->capture();
    const auto list = lines[y].substr(0, bar);
    for (const char* word : {"aaaa", "straddl", "第二行", "after"}) {
      EXPECT_EQ(list.find(word), std::string::npos) << "row " << y << " in the list: " << lines[y];
    }
    const auto pane = lines[y].substr(bar + std::string("│").size());
    if (pane.find("第二行") != std::string::npos) {
      indented = pane.rfind(std::string(14, ' ') + "第二行", 0) == 0;
      EXPECT_TRUE(indented) << "under the sender, not at the pane's edge: [" << pane << "]";
    }
  }
  EXPECT_TRUE(indented) << screen->capture();
  EXPECT_NE(screen->capture().find("straddling words"), std::string::npos) << "a word is not cut:\n"
                                                                           << screen->capture();
}

TEST_F(interactive_test, formatted_messages_lose_their_markers_and_show_terminal_attributes) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "-"}, "**loud** news, see [the plan](https://example.com/plan) and `make`\n> quoted");
  auto screen = chat_of(*bob);
  ASSERT_TRUE(screen->wait_for("alice: loud news, see the plan <https://example.com/plan> and make", cli_patience))
      << screen->capture();
  EXPECT_TRUE(screen->wait_for("│ quoted", cli_patience)) << screen->capture();
  const auto styled = screen->capture_styled();
  EXPECT_NE(styled.find("\x1b[1mloud"), std::string::npos) << "bold:\n" << styled;
  EXPECT_NE(styled.find("\x1b[4mthe"), std::string::npos) << "the link text is underlined:\n" << styled;
  EXPECT_EQ(screen->capture().find("**"), std::string::npos) << screen->capture();
}

TEST_F(interactive_test, page_up_scrolls_back_through_older_history_and_page_down_returns) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  // More than the chat's first page of history (50), and than a screen.
  for (int i = 1; i <= 70; ++i) {
    const std::string n = std::to_string(i);
    ok(*alice, {"send", "@bob", "msg-" + std::string(3 - n.size(), '0') + n});
  }
  auto screen = chat_of(*bob);
  ASSERT_TRUE(screen->wait_for("alice: msg-070", cli_patience)) << screen->capture();
  EXPECT_EQ(screen->capture().find("msg-001"), std::string::npos);
  screen->press("PPage");
  ASSERT_TRUE(screen->wait_for("alice: msg-001", cli_patience)) << screen->capture();
  EXPECT_NE(screen->capture().find("more below: PgDn"), std::string::npos) << screen->capture();
  EXPECT_EQ(screen->capture().find("msg-070"), std::string::npos) << screen->capture();
  // What arrives meanwhile is counted below and leaves the view where it is.
  ok(*alice, {"send", "@bob", "msg-071"});
  ASSERT_TRUE(screen->wait_for("more below: PgDn (1 new)", cli_patience)) << screen->capture();
  EXPECT_NE(screen->capture().find("alice: msg-001"), std::string::npos) << screen->capture();
  screen->press("NPage");
  ASSERT_TRUE(screen->wait_for("alice: msg-071", cli_patience)) << screen->capture();
  EXPECT_EQ(screen->capture().find("more below"), std::string::npos) << screen->capture();

  // /help covers the messages only until the next key, and adds nothing to them.
  screen->type("/help");
  screen->press("Enter");
  ASSERT_TRUE(screen->wait_for("/group create NAME", cli_patience)) << screen->capture();
  screen->press("Escape");
  const auto deadline = std::chrono::steady_clock::now() + cli_patience;
  while (screen->capture().find("/group create") != std::string::npos && std::chrono::steady_clock::now() < deadline) {
  }
  const auto after = screen->capture();
  EXPECT_EQ(after.find("/group create"), std::string::npos) << after;
  EXPECT_NE(after.find("alice: msg-070"), std::string::npos) << after;
}

TEST_F(interactive_test, people_joining_and_leaving_show_among_the_messages) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"join", "lobby"});
  auto screen = chat_of(*bob);
  ASSERT_TRUE(screen->wait_for("#lobby", cli_patience)) << screen->capture();
  ok(*alice, {"join", "lobby"});
  ASSERT_TRUE(screen->wait_for("-- alice joined", cli_patience)) << screen->capture();
  ok(*alice, {"leave", "lobby"});
  ASSERT_TRUE(screen->wait_for("-- alice left", cli_patience)) << screen->capture();
  EXPECT_NE(screen->capture().find("-- alice joined"), std::string::npos) << screen->capture();
}

TEST_F(interactive_test, a_rename_shows_on_an_open_screen_without_a_reload) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"send", "@bob", "before the rename"});
  auto screen = chat_of(*bob);
  ASSERT_TRUE(screen->wait_for("alice: before the rename", cli_patience)) << screen->capture();
  auto renamed = http_->patch("/api/v1/me", {{"username", "alicia"}}, login("alice").access_token);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_TRUE(screen->wait_for("alicia: before the rename", cli_patience)) << screen->capture();
  EXPECT_TRUE(screen->wait_for("@alicia", cli_patience)) << screen->capture();
}

TEST_F(interactive_test, leave_asks_about_the_conversation_on_screen_or_takes_its_name) {
  auto alice = user("alice");
  auto screen = chat_of(*alice);
  ASSERT_TRUE(screen->wait_for("alice · online", cli_patience)) << screen->capture();
  screen->type("/join #one");
  screen->press("Enter");
  ASSERT_TRUE(screen->wait_for("#one", cli_patience)) << screen->capture();
  screen->type("/join #two");
  screen->press("Enter");
  ASSERT_TRUE(screen->wait_for("#two", cli_patience)) << screen->capture();
  EXPECT_TRUE(screen->wait_for("joined #two", cli_patience)) << screen->capture();

  screen->type("/leave");
  screen->press("Enter");
  ASSERT_TRUE(screen->wait_for("Leave #two? y/n", cli_patience)) << screen->capture();
  screen->type("y");
  ASSERT_TRUE(screen->wait_for("left #two", cli_patience)) << screen->capture();
  EXPECT_EQ(occurrences(screen->capture(), "#two"), 1u) << "only the note names it: " << screen->capture();

  // The selection moved to #one: a second /leave asks about it by name.
  screen->type("/leave");
  screen->press("Enter");
  ASSERT_TRUE(screen->wait_for("Leave #one? y/n", cli_patience)) << screen->capture();
  screen->type("n");
  ASSERT_TRUE(screen->wait_for("stayed in #one", cli_patience)) << screen->capture();
  EXPECT_NE(ok(*alice, {"rooms"}).find("#one\t1 member"), std::string::npos);

  screen->type("/leave #one");
  screen->press("Enter");
  ASSERT_TRUE(screen->wait_for("left #one", cli_patience)) << screen->capture();
  EXPECT_NE(ok(*alice, {"rooms"}).find("#one\t0 members"), std::string::npos) << ok(*alice, {"rooms"});
}

TEST_F(interactive_test, slash_kick_removes_someone_from_the_room_on_screen) {
  auto alice = user("alice");
  auto bob = user("bob");
  auto screen = chat_of(*alice);
  ASSERT_TRUE(screen->wait_for("alice · online", cli_patience)) << screen->capture();
  screen->type("/join #lobby");
  screen->press("Enter");
  ASSERT_TRUE(screen->wait_for("joined #lobby", cli_patience)) << screen->capture();
  ok(*bob, {"join", "lobby"});
  ASSERT_TRUE(screen->wait_for("-- bob joined", cli_patience)) << screen->capture();

  screen->type("/kick bob spam again");
  screen->press("Enter");
  ASSERT_TRUE(screen->wait_for("bob was kicked by alice: spam again", cli_patience)) << screen->capture();
  EXPECT_NE(ok(*alice, {"rooms"}).find("#lobby\t1 member"), std::string::npos) << ok(*alice, {"rooms"});
  screen->type("/mute alice");
  screen->press("Enter");
  EXPECT_TRUE(screen->wait_for("VALIDATION_FAILED", cli_patience)) << screen->capture();
}

// natter register on a terminal: the password twice, and a mismatch
// registers nothing.
TEST_F(interactive_test, register_on_a_terminal_asks_for_the_password_twice) {
  natter_cli cli(server_->port());
  const auto run_register = [&](const std::string& username) {
    const std::string command = std::string(NATTER_CLI_PATH) + " --server " + cli.server() + " register " + username +
                                " --email " + username + "@example.com; echo \"exit=$?\"; sleep 60";
    return std::make_unique<tmux_screen>(std::vector<std::string>{"/bin/sh", "-c", command}, cli.environment());
  };
  auto typo = run_register("alice");
  ASSERT_TRUE(typo->wait_for("Password:", cli_patience)) << typo->capture();
  typo->type("correct horse battery");
  typo->press("Enter");
  ASSERT_TRUE(typo->wait_for("Password again:", cli_patience)) << typo->capture();
  typo->type("correct horse batery");
  typo->press("Enter");
  EXPECT_TRUE(typo->wait_for("exit=2", cli_patience)) << typo->capture();
  EXPECT_NE(typo->capture().find("the two passwords differ"), std::string::npos);
  EXPECT_EQ(login_reply("alice").error_code(), "INVALID_CREDENTIALS");  // nothing registered

  auto same = run_register("alice");
  ASSERT_TRUE(same->wait_for("Password:", cli_patience)) << same->capture();
  same->type("correct horse battery");
  same->press("Enter");
  ASSERT_TRUE(same->wait_for("Password again:", cli_patience)) << same->capture();
  same->type("correct horse battery");
  same->press("Enter");
  EXPECT_TRUE(same->wait_for("exit=0", cli_patience)) << same->capture();
  EXPECT_NE(same->capture().find("logged in as alice"), std::string::npos);
  EXPECT_EQ(same->capture().find("correct horse"), std::string::npos);  // never echoed
}

TEST_F(interactive_test, help_lists_the_commands_and_quit_leaves) {
  auto alice = user("alice");
  auto screen = chat_of(*alice);
  ASSERT_TRUE(screen->wait_for("alice · online", cli_patience)) << screen->capture();
  screen->type("/join #general");
  screen->press("Enter");
  ASSERT_TRUE(screen->wait_for("#general", cli_patience)) << screen->capture();
  screen->type("/help");
  screen->press("Enter");
  EXPECT_TRUE(screen->wait_for("/group create NAME user...", cli_patience)) << screen->capture();
  screen->type("/quit");
  screen->press("Enter");
  // The program ends, and its tmux session with it: the screen goes blank.
  const auto deadline = std::chrono::steady_clock::now() + cli_patience;
  while (screen->capture().find("natter ·") != std::string::npos && std::chrono::steady_clock::now() < deadline) {
  }
  EXPECT_EQ(screen->capture().find("natter ·"), std::string::npos);
}

}  // namespace
}  // namespace natter::testing
