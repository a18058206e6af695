// natter's global options (--version, --server before or after the
// subcommand and without a scheme, --ca-file, --as), several stored logins
// (natter use), and conversations and groups from the command line.

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "client/support/cli_fixture.hpp"

namespace natter::testing {
namespace {

constexpr const char* password = "correct horse battery\n";

TEST_F(cli_test, version_prints_the_version_and_exits_0) {
  natter_cli cli(server_->port());
  auto r = cli.run_bare({"--version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("natter ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find('.'), std::string::npos) << r.out;
}

TEST_F(cli_test, server_is_taken_after_the_subcommand_too) {
  auto alice = user("alice");
  ok(*alice, {"join", "lobby"});
  // A login elsewhere: only an explicit --server reaches this natterd.
  auto other = alice->run_bare({"login", "alice", "--server", "http://127.0.0.1:1"}, password);
  EXPECT_EQ(other.exit_code, 3) << other.err;
  auto r = alice->run_bare({"rooms", "--server", alice->server()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("#lobby"), std::string::npos) << r.out;
  auto sent = alice->run_bare({"send", "#lobby", "--server", alice->server(), "after the subcommand"});
  EXPECT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_NE(ok(*alice, {"history", "#lobby"}).find("alice: after the subcommand"), std::string::npos);
}

TEST_F(cli_test, a_server_without_a_scheme_is_http_on_this_machine) {
  auto alice = user("alice");
  const std::string port = std::to_string(server_->port());
  auto r = alice->run_bare({"--server", "127.0.0.1:" + port, "whoami"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "alice\n");
  natter_cli other(server_->port());
  EXPECT_EQ(other.run_bare({"--server", "localhost:" + port, "login", "alice"}, password).exit_code, 0);
  auto local = other.run_bare({"whoami"});
  EXPECT_EQ(local.out, "alice\n") << local.err;
  // Elsewhere it means https (server_address_test); nothing plain answers there.
  natter_cli stranger(server_->port());
  auto remote = stranger.run_bare({"--server", "127.0.0.2:" + port, "login", "alice"}, password);
  EXPECT_EQ(remote.exit_code, 3) << remote.err;
}

TEST_F(cli_test, several_logins_are_kept_the_last_logged_in_is_the_default_and_as_picks_one) {
  auto alice = user("alice");
  user("bob");
  const auto file = alice->credentials_file();
  const auto old_style = read_file(file);
  EXPECT_EQ(occurrences(old_style, "server="), 1u);
  EXPECT_EQ(ok(*alice, {"login", "bob"}, password), "logged in as bob\n");
  EXPECT_EQ(ok(*alice, {"whoami"}), "bob\n");
  EXPECT_EQ(ok(*alice, {"--as", "alice", "whoami"}), "alice\n");
  EXPECT_EQ(ok(*alice, {"whoami", "--as", "alice"}), "alice\n");
  EXPECT_EQ(ok(*alice, {"whoami"}), "bob\n") << "--as does not change the default";
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(occurrences(read_file(file), "refresh_token="), 2u);

  const auto listed = ok(*alice, {"use"});
  EXPECT_EQ(listed, "* bob\t" + alice->server() + "\n  alice\t" + alice->server() + "\n");
  EXPECT_EQ(ok(*alice, {"use", "alice"}), "using alice on " + alice->server() + "\n");
  EXPECT_EQ(ok(*alice, {"whoami"}), "alice\n");
  auto nobody = alice->run({"--as", "carol", "whoami"});
  EXPECT_EQ(nobody.exit_code, 2);
  EXPECT_NE(nobody.err.find("Not logged in as carol"), std::string::npos) << nobody.err;

  // Logging one out leaves the other.
  EXPECT_EQ(ok(*alice, {"logout"}), "logged out\n");
  EXPECT_EQ(ok(*alice, {"whoami"}), "bob\n");
  EXPECT_EQ(alice->run({"--as", "alice", "whoami"}).exit_code, 2);
}

TEST_F(cli_test, a_credentials_file_of_one_login_from_before_is_still_read) {
  auto alice = user("alice");
  const auto file = alice->credentials_file();
  const auto text = read_file(file);
  const auto token = text.substr(text.find("refresh_token=") + 14, 43);
  std::ofstream(file, std::ios::trunc) << "server=" << alice->server() << "\nusername=alice\nrefresh_token=" << token
                                       << "\n";
  EXPECT_EQ(ok(*alice, {"whoami"}), "alice\n");
  EXPECT_EQ(ok(*alice, {"use"}), "* alice\t" + alice->server() + "\n");
}

TEST_F(cli_test, conversations_lists_each_with_its_unread_count) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"join", "lobby"});
  ok(*alice, {"send", "@bob", "one"});
  ok(*alice, {"send", "@bob", "two"});
  EXPECT_EQ(ok(*bob, {"conversations"}), "@alice\tdirect\t2 unread\n");
  const auto mine = ok(*alice, {"conversations"});
  EXPECT_NE(mine.find("@bob\tdirect\t0 unread\n"), std::string::npos) << mine;
  EXPECT_NE(mine.find("#lobby\troom\t0 unread\n"), std::string::npos) << mine;
}

TEST_F(cli_test, group_create_list_and_leave_from_the_command_line) {
  auto alice = user("alice");
  auto bob = user("bob");
  auto carol = user("carol");
  ok(*bob, {"contacts", "add", "alice"});
  EXPECT_EQ(ok(*alice, {"group", "create", "Friends", "@bob", "carol"}), "created group Friends; invited carol\n");
  EXPECT_EQ(ok(*alice, {"group", "list"}), "Friends\t2 members\talice, bob\n");
  EXPECT_EQ(ok(*bob, {"group", "leave", "Friends"}), "left group Friends\n");
  EXPECT_EQ(ok(*bob, {"group", "list"}), "");
  EXPECT_EQ(ok(*alice, {"group", "list"}), "Friends\t1 member\talice\n");
  auto r = bob->run({"group", "leave", "Friends"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("NOT_FOUND"), std::string::npos) << r.err;
  EXPECT_EQ(alice->run({"group"}).exit_code, 2);
}

// https against a self-signed natterd: trusted only with --ca-file.
class cli_tls_test : public cli_test {
 protected:
  std::vector<std::string> natterd_args() override {
    dir_ = std::filesystem::temp_directory_path() / ("natter-cli-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    const auto cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        (dir_ / "key.pem").string() + " -out " + (dir_ / "cert.pem").string() + " 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    auto args = cli_test::natterd_args();
    args.insert(args.end(), {"--tls-cert", (dir_ / "cert.pem").string(), "--tls-key", (dir_ / "key.pem").string()});
    return args;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

TEST_F(cli_tls_test, ca_file_trusts_a_self_signed_server) {
  natter_cli cli(server_->port());
  const std::string url = "https://127.0.0.1:" + std::to_string(server_->port());
  const std::string ca = (dir_ / "cert.pem").string();
  auto untrusted = cli.run_bare({"--server", url, "register", "alice", "--email", "alice@example.com"}, password);
  EXPECT_EQ(untrusted.exit_code, 3) << untrusted.err;
  auto r =
      cli.run_bare({"--server", url, "--ca-file", ca, "register", "alice", "--email", "alice@example.com"}, password);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The stored login is on the https server; the WebSocket is wss, trusted the same way.
  auto joined = cli.run_bare({"join", "lobby", "--ca-file", ca});
  EXPECT_EQ(joined.exit_code, 0) << joined.err;
  EXPECT_EQ(joined.out, "joined #lobby\n");
  EXPECT_EQ(cli.run_bare({"rooms"}).exit_code, 3);
}

}  // namespace
}  // namespace natter::testing
