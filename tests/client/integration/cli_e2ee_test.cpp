// End-to-end encryption in the full-screen chat, driven through tmux: two
// people turn it on, chat, see the lock mark, list devices and compare
// safety numbers.

#include <filesystem>
#include <regex>

#include "client/e2ee/trust.hpp"
#include "client/session.hpp"
#include "client/support/cli_fixture.hpp"
#include "client/support/tmux_screen.hpp"

namespace natter::testing {
namespace {

using e2ee_cli_test = cli_test;

constexpr std::string_view lock = "\xF0\x9F\x94\x92";

void enter(tmux_screen& screen, const std::string& line) {
  screen.type(line);
  screen.press("Enter");
}

// The 60-digit safety number a /verify panel shows.
std::string safety_number_on(const std::string& screen) {
  static const std::regex number("(\\d{5} ){11}\\d{5}");
  std::smatch m;
  return std::regex_search(screen, m, number) ? m.str() : std::string();
}

TEST_F(e2ee_cli_test, two_terminals_chat_encrypted_with_the_lock_mark_devices_and_safety_numbers) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  auto alice_screen = chat_of(*alice);
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(alice_screen->wait_for("alice · online", cli_patience)) << alice_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("bob · online", cli_patience)) << bob_screen->capture();
  enter(*alice_screen, "/msg @bob");
  enter(*alice_screen, "still in the clear");
  ASSERT_TRUE(bob_screen->wait_for("alice: still in the clear", cli_patience)) << bob_screen->capture();
  EXPECT_EQ(alice_screen->capture().find(lock), std::string::npos);

  enter(*alice_screen, "/encrypt");
  ASSERT_TRUE(alice_screen->wait_for("It cannot be turned off. y/n", cli_patience)) << alice_screen->capture();
  alice_screen->type("y");
  ASSERT_TRUE(alice_screen->wait_for("end-to-end encrypted from now on", cli_patience)) << alice_screen->capture();
  ASSERT_TRUE(alice_screen->wait_for("@bob " + std::string(lock) + " encrypted", cli_patience))
      << alice_screen->capture();
  enter(*alice_screen, "a secret over tmux");
  ASSERT_TRUE(bob_screen->wait_for("alice: a secret over tmux", cli_patience)) << bob_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("@alice " + std::string(lock), cli_patience)) << bob_screen->capture();
  enter(*bob_screen, "and a secret back");
  ASSERT_TRUE(alice_screen->wait_for("bob: and a secret back", cli_patience)) << alice_screen->capture();
  // What the server stored is an envelope: a plain client (natter history) gets no text.
  const auto history = ok(*bob, {"history", "@alice"});
  EXPECT_EQ(history.find("a secret over tmux"), std::string::npos) << history;
  // Nor can the server search it, and search says so.
  const auto searched = ok(*bob, {"search", "secret"});
  EXPECT_NE(searched.find("No messages found."), std::string::npos) << searched;
  EXPECT_NE(searched.find("Not searched (end-to-end encrypted): @alice"), std::string::npos) << searched;

  enter(*bob_screen, "/devices alice");
  ASSERT_TRUE(bob_screen->wait_for("Devices of alice (not verified):", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(bob_screen->wait_for("natter (terminal)", cli_patience)) << bob_screen->capture();
  bob_screen->press("Escape");

  enter(*alice_screen, "/verify bob");
  ASSERT_TRUE(alice_screen->wait_for("Does bob see the same number? y/n", cli_patience)) << alice_screen->capture();
  enter(*bob_screen, "/verify alice");
  ASSERT_TRUE(bob_screen->wait_for("Does alice see the same number? y/n", cli_patience)) << bob_screen->capture();
  const auto alices_number = safety_number_on(alice_screen->capture());
  ASSERT_FALSE(alices_number.empty()) << alice_screen->capture();
  EXPECT_EQ(safety_number_on(bob_screen->capture()), alices_number);
  bob_screen->type("y");
  ASSERT_TRUE(bob_screen->wait_for("alice is verified", cli_patience)) << bob_screen->capture();
  enter(*bob_screen, "/devices alice");
  ASSERT_TRUE(bob_screen->wait_for("Devices of alice (verified):", cli_patience)) << bob_screen->capture();
  alice_screen->type("n");
  ASSERT_TRUE(alice_screen->wait_for("not verified", cli_patience)) << alice_screen->capture();

  // The device's state lives beside the credentials, readable by its user only.
  int files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(alice->home() / ".config" / "natter" / "e2ee")) {
    const auto perms = entry.status().permissions() & std::filesystem::perms::all;
    if (entry.is_directory()) {
      EXPECT_EQ(perms, std::filesystem::perms::owner_all) << entry.path();
    }
    if (!entry.is_regular_file()) continue;
    ++files;
    EXPECT_EQ(perms, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write) << entry.path();
    EXPECT_EQ(read_file(entry.path()).find("a secret over tmux"), std::string::npos);
  }
  EXPECT_EQ(files, 2);  // e2ee.key and e2ee.state
}

TEST_F(e2ee_cli_test, a_verified_contacts_key_change_warns_and_holds_sending_until_trusted) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  auto alice_screen = chat_of(*alice);
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(alice_screen->wait_for("alice · online", cli_patience)) << alice_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("bob · online", cli_patience)) << bob_screen->capture();
  enter(*alice_screen, "/msg @bob");
  enter(*alice_screen, "/encrypt");
  ASSERT_TRUE(alice_screen->wait_for("send a first message to @bob, then /encrypt", cli_patience))
      << alice_screen->capture();
  enter(*alice_screen, "hello");
  ASSERT_TRUE(bob_screen->wait_for("alice: hello", cli_patience)) << bob_screen->capture();
  enter(*alice_screen, "/encrypt");
  ASSERT_TRUE(alice_screen->wait_for("y/n", cli_patience)) << alice_screen->capture();
  alice_screen->type("y");
  enter(*alice_screen, "before the change");
  ASSERT_TRUE(bob_screen->wait_for("alice: before the change", cli_patience)) << bob_screen->capture();
  enter(*alice_screen, "/verify bob");
  ASSERT_TRUE(alice_screen->wait_for("Does bob see the same number? y/n", cli_patience)) << alice_screen->capture();
  alice_screen->type("y");
  ASSERT_TRUE(alice_screen->wait_for("bob is verified", cli_patience)) << alice_screen->capture();

  // Bob's self-signing key is replaced from elsewhere (a reinstall, or someone in between).
  client::session_options o;
  o.server = client::server_url::parse(bob->server()).value();
  o.authenticate = client::with_password("bob", default_password);
  client::session elsewhere(std::move(o));
  elsewhere.start();
  ASSERT_TRUE(elsewhere.wait_online(cli_patience));
  client::e2ee::self_signing replacement;
  auto replaced = elsewhere.call(replacement.publish(elsewhere.user()->id, true));
  ASSERT_EQ(replaced.wait_for(cli_patience), std::future_status::ready);
  ASSERT_TRUE(replaced.get());

  ASSERT_TRUE(alice_screen->wait_for("WARNING: bob's keys changed", cli_patience)) << alice_screen->capture();
  EXPECT_TRUE(alice_screen->bell_rang());
  enter(*alice_screen, "held back");
  ASSERT_TRUE(alice_screen->wait_for("not sent: VERIFICATION_REQUIRED", cli_patience)) << alice_screen->capture();
  enter(*alice_screen, "/devices bob");
  ASSERT_TRUE(alice_screen->wait_for("Devices of bob (CHANGED:", cli_patience)) << alice_screen->capture();
  alice_screen->press("Escape");
  enter(*alice_screen, "/trust bob");
  ASSERT_TRUE(alice_screen->wait_for("bob's new keys are accepted", cli_patience)) << alice_screen->capture();
  enter(*alice_screen, "after trusting");
  ASSERT_TRUE(bob_screen->wait_for("alice: after trusting", cli_patience)) << bob_screen->capture();
  EXPECT_EQ(bob_screen->capture().find("held back"), std::string::npos);
}

}  // namespace
}  // namespace natter::testing
