// Password recovery against the real natterd: the mail (in the outbox, or
// through a real SMTP server on loopback), a link that works once and
// expires, an answer that does not tell whether an address is known, rate
// limits, and every session ended by a reset.

#include <SQLiteCpp/SQLiteCpp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "integration/support/mail_box.hpp"
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

namespace fs = std::filesystem;

// Reset mails only: registering mails a link that confirms the address.
std::vector<std::string> files_in(const fs::path& dir) {
  return mails_in(dir, "#reset=");
}
std::vector<std::string> mails(const fs::path& dir, std::size_t n) {
  return wait_for_mails(dir, n, "#reset=");
}
std::string token_in(const std::string& mail) {
  return link_token(mail, "reset");
}

class password_reset_test : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--public-url", "https://chat.example.org/"});
    return args;
  }
  fs::path outbox() const { return server_->data_dir() / "data" / "outbox"; }
  http_reply ask(const std::string& email) { return http_->post("/api/v1/auth/password-reset", {{"email", email}}); }
  http_reply confirm(const std::string& token, const std::string& password) {
    return http_->post("/api/v1/auth/password-reset/confirm", {{"token", token}, {"new_password", password}});
  }
};

TEST_F(password_reset_test, the_mailed_link_sets_a_new_password_once_and_ends_every_session) {
  auto alice = register_and_login("alice");
  auto ws = connect(alice);
  auto asked = ask("Alice@Example.com");  // addresses match in any case
  EXPECT_EQ(asked.status, 202) << asked.body;
  auto sent = mails(outbox(), 1);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_NE(sent[0].find("To: alice@example.com"), std::string::npos);
  EXPECT_NE(sent[0].find("Subject: Reset your Natter password"), std::string::npos);
  EXPECT_NE(sent[0].find("https://chat.example.org/#reset="), std::string::npos);
  const auto token = token_in(sent[0]);
  ASSERT_GE(token.size(), 43U);  // 256 bits

  EXPECT_EQ(confirm(token, "short").error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(confirm(token, "a brand new passphrase").status, 204);
  EXPECT_EQ(confirm(token, "another passphrase").error_code(), "RESET_TOKEN_INVALID");  // once
  EXPECT_EQ(login_reply("alice").error_code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(login_reply("alice", "a brand new passphrase").status, 200);
  EXPECT_EQ(refresh(alice.refresh_token).status, 401);  // the old session ended
  EXPECT_NE(ws->wait_closed(), 0);                      // and its WebSocket with it
  // The owner is told.
  const auto told = wait_for_mails(outbox(), 1, "Subject: Your Natter password was changed");
  ASSERT_EQ(told.size(), 1U);
  EXPECT_NE(told[0].find("To: alice@example.com"), std::string::npos);
}

TEST_F(password_reset_test, an_unknown_address_gets_the_same_answer_and_no_mail) {
  register_and_login("alice");
  auto known = ask("alice@example.com");
  auto unknown = ask("nobody@example.com");
  EXPECT_EQ(unknown.status, known.status);
  EXPECT_EQ(unknown.body, known.body);
  EXPECT_EQ(mails(outbox(), 1).size(), 1U);
  EXPECT_EQ(files_in(outbox()).size(), 1U);
  // Both were written down (and so both committed to disk): the unknown one
  // without a user.
  SQLite::Database db((server_->data_dir() / "data" / "natter.db").string(), SQLite::OPEN_READONLY);
  SQLite::Statement audit(db,
                          "SELECT count(*), count(user_id) FROM audit_events WHERE kind = 'password.reset_requested'");
  ASSERT_TRUE(audit.executeStep());
  EXPECT_EQ(audit.getColumn(0).getInt(), 2);
  EXPECT_EQ(audit.getColumn(1).getInt(), 1);
}

TEST_F(password_reset_test, bad_input_and_unknown_tokens_get_clear_errors) {
  EXPECT_EQ(http_->post("/api/v1/auth/password-reset", boost::json::object{}).error_code(), "BAD_REQUEST");
  EXPECT_EQ(http_->post("/api/v1/auth/password-reset", {{"email", 7}}).error_code(), "BAD_REQUEST");
  EXPECT_EQ(ask("not an address").error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(ask(std::string(300, 'a') + "@example.com").error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(confirm("made-up", "a long enough passphrase").error_code(), "RESET_TOKEN_INVALID");
  EXPECT_EQ(confirm(std::string(5000, 'x'), "a long enough passphrase").error_code(), "RESET_TOKEN_INVALID");
  EXPECT_EQ(http_->post("/api/v1/auth/password-reset/confirm", {{"token", "x"}}).error_code(), "BAD_REQUEST");
  EXPECT_EQ(http_->get("/api/v1/auth/password-reset").status, 405);
}

TEST_F(password_reset_test, requests_are_limited_per_address_and_a_new_link_retires_the_old_ones) {
  register_and_login("alice");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ask("alice@example.com").status, 202);
  auto limited = ask("alice@example.com");
  EXPECT_EQ(limited.error_code(), "RATE_LIMITED");
  EXPECT_FALSE(limited.header("retry-after").empty());
  const auto sent = mails(outbox(), 3);
  ASSERT_EQ(sent.size(), 3U);
  // Whichever link is used, the others stop working.
  EXPECT_EQ(confirm(token_in(sent[1]), "a brand new passphrase").status, 204);
  EXPECT_EQ(confirm(token_in(sent[0]), "yet another passphrase").error_code(), "RESET_TOKEN_INVALID");
  EXPECT_EQ(confirm(token_in(sent[2]), "yet another passphrase").error_code(), "RESET_TOKEN_INVALID");
}

class short_lived_reset_test : public password_reset_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = password_reset_test::natterd_args();
    args.insert(args.end(), {"--password-reset-ttl-s", "1"});
    return args;
  }
};

TEST_F(short_lived_reset_test, a_link_past_its_lifetime_is_refused) {
  register_and_login("alice");
  ASSERT_EQ(ask("alice@example.com").status, 202);
  const auto sent = mails(outbox(), 1);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_NE(sent[0].find("within 1 minute"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(confirm(token_in(sent[0]), "a brand new passphrase").error_code(), "RESET_TOKEN_INVALID");
  EXPECT_EQ(login_reply("alice").status, 200);
}

// A real SMTP server on loopback (tests/support/smtp_sink.py), killed at the end.
class smtp_sink {
 public:
  explicit smtp_sink(fs::path maildir) : maildir_(std::move(maildir)) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      const std::string script = std::string(NATTER_SOURCE_DIR) + "/tests/support/smtp_sink.py";
      ::execl("/usr/bin/python3", "python3", script.c_str(), maildir_.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    char c = 0;
    while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    port_ = line.empty() ? 0 : std::stoi(line);
  }
  ~smtp_sink() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  smtp_sink(const smtp_sink&) = delete;
  smtp_sink& operator=(const smtp_sink&) = delete;
  int port() const { return port_; }
  fs::path inbox() const { return maildir_ / "new"; }

 private:
  fs::path maildir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

class smtp_reset_test : public password_reset_test {
 protected:
  void SetUp() override {
    maildir_ = fs::temp_directory_path() / ("natter-smtp-" + std::to_string(::getpid()));
    fs::remove_all(maildir_);
    sink_ = std::make_unique<smtp_sink>(maildir_);
    ASSERT_GT(sink_->port(), 0) << "the SMTP server did not start (is python3-aiosmtpd installed?)";
    password_reset_test::SetUp();
  }
  void TearDown() override {
    sink_.reset();
    fs::remove_all(maildir_);
  }
  std::vector<std::string> natterd_args() override {
    auto args = password_reset_test::natterd_args();
    args.insert(args.end(), {"--smtp-url", "smtp://127.0.0.1:" + std::to_string(sink_->port()), "--mail-from",
                             "Natter <no-reply@chat.example.org>"});
    return args;
  }
  fs::path maildir_;
  std::unique_ptr<smtp_sink> sink_;
};

TEST_F(smtp_reset_test, the_reset_mail_goes_through_the_smtp_server_and_its_link_works) {
  register_and_login("alice");
  ASSERT_EQ(ask("alice@example.com").status, 202);
  const auto received = mails(sink_->inbox(), 1);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_NE(received[0].find("From: Natter <no-reply@chat.example.org>"), std::string::npos);
  EXPECT_NE(received[0].find("To: alice@example.com"), std::string::npos);
  EXPECT_FALSE(fs::exists(outbox()) && !files_in(outbox()).empty());  // not the outbox
  EXPECT_EQ(confirm(token_in(received[0]), "a brand new passphrase").status, 204);
  EXPECT_EQ(login_reply("alice", "a brand new passphrase").status, 200);
}

}  // namespace
}  // namespace natter::testing
