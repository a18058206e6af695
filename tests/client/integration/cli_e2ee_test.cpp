// End-to-end encryption in the full-screen chat, driven through tmux: two
// people turn it on, chat, see the lock mark, list devices and compare
// safety numbers.

#include <filesystem>
#include <fstream>
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

TEST_F(e2ee_cli_test, a_second_login_restores_the_key_backup_and_reads_old_encrypted_messages) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  {
    // The chat exists before the terminal starts (so /encrypt finds it).
    client::session_options o;
    o.server = client::server_url::parse(alice->server()).value();
    o.authenticate = client::with_password("alice", default_password);
    client::session elsewhere(std::move(o));
    elsewhere.start();
    ASSERT_TRUE(elsewhere.wait_online(cli_patience));
    auto hello = elsewhere.send_text("@bob", "hello");
    ASSERT_EQ(hello.wait_for(cli_patience), std::future_status::ready);
    ASSERT_TRUE(hello.get());
  }
  auto alice_screen = chat_of(*alice);
  ASSERT_TRUE(alice_screen->wait_for("alice · online", cli_patience)) << alice_screen->capture();
  enter(*alice_screen, "/msg @bob");
  ASSERT_TRUE(alice_screen->wait_for("alice: hello", cli_patience)) << alice_screen->capture();
  enter(*alice_screen, "/encrypt");
  ASSERT_TRUE(alice_screen->wait_for("y/n", cli_patience)) << alice_screen->capture();
  alice_screen->type("y");
  ASSERT_TRUE(alice_screen->wait_for("end-to-end encrypted from now on", cli_patience)) << alice_screen->capture();
  enter(*alice_screen, "an old encrypted secret");
  ASSERT_TRUE(alice_screen->wait_for("alice: an old encrypted secret", cli_patience)) << alice_screen->capture();

  const std::string phrase = "a long recovery phrase";
  enter(*alice_screen, "/backup");
  ASSERT_TRUE(alice_screen->wait_for("no key backup yet", cli_patience)) << alice_screen->capture();
  enter(*alice_screen, "/backup setup");
  ASSERT_TRUE(alice_screen->wait_for("Backup passphrase", cli_patience)) << alice_screen->capture();
  enter(*alice_screen, phrase);
  ASSERT_TRUE(alice_screen->wait_for("The same passphrase again", cli_patience)) << alice_screen->capture();
  enter(*alice_screen, phrase);
  ASSERT_TRUE(alice_screen->wait_for("set up with 1 keys", cli_patience)) << alice_screen->capture();
  EXPECT_EQ(alice_screen->capture().find(phrase), std::string::npos) << alice_screen->capture();
  enter(*alice_screen, "/backup");
  ASSERT_TRUE(alice_screen->wait_for("this device puts new keys in it", cli_patience)) << alice_screen->capture();
  alice_screen->press("Escape");

  // A second login of alice's (another config dir: a new device).
  natter_cli second(server_->port());
  ASSERT_EQ(second.run({"login", "alice"}, "correct horse battery\n").exit_code, 0);
  auto second_screen = chat_of(second);
  ASSERT_TRUE(second_screen->wait_for("alice · online", cli_patience)) << second_screen->capture();
  enter(*second_screen, "/msg @bob");
  ASSERT_TRUE(second_screen->wait_for("unable to decrypt", cli_patience)) << second_screen->capture();
  // It asked the first device, which refuses a device that is not confirmed.
  ASSERT_TRUE(alice_screen->wait_for("asked for keys and was refused (not confirmed)", cli_patience))
      << alice_screen->capture();
  enter(*second_screen, "/backup restore");
  ASSERT_TRUE(second_screen->wait_for("Passphrase of your key backup", cli_patience)) << second_screen->capture();
  enter(*second_screen, "not the right phrase");
  ASSERT_TRUE(second_screen->wait_for("does not open your key backup", cli_patience)) << second_screen->capture();
  enter(*second_screen, "/backup restore");
  ASSERT_TRUE(second_screen->wait_for("Passphrase of your key backup", cli_patience)) << second_screen->capture();
  enter(*second_screen, phrase);
  ASSERT_TRUE(second_screen->wait_for("1 keys imported, 0 skipped", cli_patience)) << second_screen->capture();
  ASSERT_TRUE(second_screen->wait_for("alice: an old encrypted secret", cli_patience)) << second_screen->capture();
  EXPECT_EQ(second_screen->capture().find(phrase), std::string::npos) << second_screen->capture();

  // The first device (it holds alice's signing key) approves the second.
  static const std::regex asker("device ([A-Z0-9]+) asked for keys");
  std::smatch m;
  const auto first_view = alice_screen->capture();
  ASSERT_TRUE(std::regex_search(first_view, m, asker)) << first_view;
  const std::string second_id = m[1].str();
  enter(*alice_screen, "/devices");
  ASSERT_TRUE(alice_screen->wait_for("Not confirmed: if it is yours, /approve DEVICE", cli_patience))
      << alice_screen->capture();
  alice_screen->press("Escape");
  enter(*second_screen, "/approve " + second_id);
  ASSERT_TRUE(
      second_screen->wait_for("not approved: Approve it on the device that holds your signing key", cli_patience))
      << second_screen->capture();
  enter(*alice_screen, "/approve " + second_id);
  ASSERT_TRUE(alice_screen->wait_for(second_id + " is approved", cli_patience)) << alice_screen->capture();
  enter(*alice_screen, "/devices");
  ASSERT_TRUE(alice_screen->wait_for("Devices of alice (you):", cli_patience)) << alice_screen->capture();
  EXPECT_EQ(alice_screen->capture().find("not confirmed"), std::string::npos) << alice_screen->capture();
}

TEST_F(e2ee_cli_test, a_file_in_an_encrypted_chat_is_sealed_shown_downloaded_and_kept_by_an_edit) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  std::ofstream(alice->home() / ".plans.txt") << "the secret plans";
  auto alice_screen = chat_of(*alice);
  auto bob_screen = chat_of(*bob);
  ASSERT_TRUE(alice_screen->wait_for("alice · online", cli_patience)) << alice_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("bob · online", cli_patience)) << bob_screen->capture();
  enter(*alice_screen, "/msg @bob");
  enter(*alice_screen, "hello");
  ASSERT_TRUE(bob_screen->wait_for("alice: hello", cli_patience)) << bob_screen->capture();
  enter(*alice_screen, "/encrypt");
  ASSERT_TRUE(alice_screen->wait_for("It cannot be turned off. y/n", cli_patience)) << alice_screen->capture();
  alice_screen->type("y");
  ASSERT_TRUE(alice_screen->wait_for("end-to-end encrypted from now on", cli_patience)) << alice_screen->capture();

  enter(*alice_screen, "/file ~/.plans.txt the plans");
  ASSERT_TRUE(bob_screen->wait_for("alice: the plans", cli_patience)) << bob_screen->capture();
  ASSERT_TRUE(bob_screen->wait_for("#1 [file .plans.txt 16 B]", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(alice_screen->wait_for("#1 [file .plans.txt 16 B]", cli_patience)) << alice_screen->capture();
  // The server holds no name and no text: a plain client sees an upload called "encrypted".
  const auto history = ok(*bob, {"history", "@alice"});
  EXPECT_EQ(history.find("plans"), std::string::npos) << history;

  // The one-shot send holds no device keys: it refuses before uploading anything in the clear.
  std::ofstream(bob->home() / "reply.txt") << "a reply";
  const auto one_shot = bob->run({"send", "@alice", "--file", (bob->home() / "reply.txt").string(), "hi"});
  EXPECT_NE(one_shot.exit_code, 0);
  EXPECT_NE(one_shot.err.find("end-to-end encrypted: send files from natter chat"), std::string::npos) << one_shot.err;

  std::filesystem::create_directory(bob->home() / "downloads");
  enter(*bob_screen, "/download 1 ~/downloads");
  ASSERT_TRUE(bob_screen->wait_for("saved ", cli_patience)) << bob_screen->capture();
  EXPECT_EQ(read_file(bob->home() / "downloads" / "_plans.txt"), "the secret plans");  // not hidden
  enter(*bob_screen, "/download 1 ~/downloads");
  EXPECT_TRUE(bob_screen->wait_for("FILE_EXISTS", cli_patience)) << bob_screen->capture();

  enter(*alice_screen, "/edit the new plans");
  ASSERT_TRUE(bob_screen->wait_for("alice: the new plans (edited)", cli_patience)) << bob_screen->capture();
  EXPECT_TRUE(bob_screen->wait_for("#1 [file .plans.txt 16 B]", cli_patience)) << bob_screen->capture();
  enter(*bob_screen, "/download 1 ~/downloads/again.txt");
  ASSERT_TRUE(bob_screen->wait_for("again.txt (16 B)", cli_patience)) << bob_screen->capture();
  EXPECT_EQ(read_file(bob->home() / "downloads" / "again.txt"), "the secret plans");

  // A file changed on the server: nothing is written, and bob is told why.
  const std::string damaged = "a file of forty-one bytes, to be damaged.";
  std::ofstream(alice->home() / "damaged.txt") << damaged;
  enter(*alice_screen, "/file ~/damaged.txt");
  ASSERT_TRUE(bob_screen->wait_for("#2 [file damaged.txt 41 B]", cli_patience)) << bob_screen->capture();
  int changed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(server_->data_dir())) {
    if (!entry.is_regular_file() || entry.file_size() != damaged.size() + 16) continue;
    auto bytes = read_file(entry.path());
    bytes.back() = static_cast<char>(bytes.back() ^ 1);
    std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << bytes;
    ++changed;
  }
  ASSERT_EQ(changed, 1);
  enter(*bob_screen, "/download 2 ~/downloads");
  ASSERT_TRUE(bob_screen->wait_for("the file was changed or damaged; nothing was written", cli_patience))
      << bob_screen->capture();
  EXPECT_FALSE(std::filesystem::exists(bob->home() / "downloads" / "damaged.txt"));
  EXPECT_FALSE(std::filesystem::exists(bob->home() / "downloads" / "damaged.txt.part"));
}

}  // namespace
}  // namespace natter::testing
