// The log as operators read it: with --log-format json one JSON object per
// line with real fields; a line for each WebSocket session opened and closed;
// never a password, a token or a message's text.

#include <boost/json.hpp>
#include <sstream>
#include <thread>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

const std::string wrong_password = "a wrong password here";
const std::string secret_text = "the body of a message 7f3a9c";

class log_format : public realtime_test {
 protected:
  // The log once it holds `what` (a session's close line is written after
  // the client sees the close).
  std::string log_with(const std::string& what) const {
    for (int i = 0; i < 300; ++i) {
      auto log = server_->log();
      const auto at = log.find(what);
      if (at != std::string::npos && log.find('\n', at) != std::string::npos) return log;  // the whole line
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the log never held " << what << ":\n" << server_->log();
    return server_->log();
  }

  // Register, a wrong password, a WebSocket that sends a message and closes.
  // Returns the sessions whose tokens must not be logged.
  std::vector<session> scripted_session() {
    auto alice = register_and_login("alice");
    auto bob = register_and_login("bob");
    EXPECT_EQ(login_reply("alice", wrong_password).status, 401);
    auto ws = connect(alice);
    send_to(*ws, "@bob", secret_text);
    ws->close(1000);
    return {alice, bob};
  }
};

class json_log_format : public log_format {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = log_format::natterd_args();
    args.insert(args.end(), {"--log-format", "json"});
    return args;
  }
};

std::vector<boost::json::object> json_lines(const std::string& log) {
  std::vector<boost::json::object> lines;
  // The last line may still be being written: only whole lines.
  std::istringstream in(log.substr(0, log.rfind('\n') + 1));
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    boost::system::error_code ec;
    auto value = boost::json::parse(line, ec);
    EXPECT_FALSE(ec) << "not JSON: " << line;
    if (ec || !value.is_object()) continue;
    lines.push_back(value.as_object());
  }
  return lines;
}

const boost::json::object* find_event(const std::vector<boost::json::object>& lines, const std::string& event,
                                      const std::function<bool(const boost::json::object&)>& also = nullptr) {
  for (const auto& l : lines) {
    if (l.contains("event") && l.at("event") == event.c_str() && (!also || also(l))) return &l;
  }
  return nullptr;
}

TEST_F(json_log_format, every_line_is_a_json_object_with_time_level_and_message_or_event) {
  scripted_session();
  const auto lines = json_lines(log_with("ws.session.closed"));
  ASSERT_FALSE(lines.empty());
  for (const auto& l : lines) {
    EXPECT_TRUE(l.contains("ts") && l.at("ts").is_string()) << l;
    EXPECT_TRUE(l.contains("level") && l.at("level").is_string()) << l;
    EXPECT_TRUE(l.contains("msg") || l.contains("event")) << l;
  }
}

TEST_F(json_log_format, websocket_sessions_are_logged_when_opened_and_closed) {
  const auto who = scripted_session();
  const auto lines = json_lines(log_with("ws.session.closed"));
  const auto* opened = find_event(lines, "ws.session.opened");
  const auto* closed = find_event(lines, "ws.session.closed");
  ASSERT_TRUE(opened && closed) << server_->log();
  EXPECT_EQ(opened->at("remote"), "127.0.0.1");
  EXPECT_EQ(opened->at("session"), closed->at("session"));
  EXPECT_EQ(closed->at("user_id"), who[0].user.at("id"));
  EXPECT_EQ(closed->at("remote"), "127.0.0.1");
  EXPECT_EQ(closed->at("code"), 1000);
  EXPECT_EQ(closed->at("by"), "client");
  EXPECT_TRUE(closed->at("duration_ms").is_number());
  EXPECT_EQ(closed->at("requests"), 3) << "auth, sync, message.send";
}

TEST_F(json_log_format, http_requests_and_failed_logins_are_lines_with_fields) {
  scripted_session();
  const auto lines = json_lines(log_with("ws.session.closed"));
  const auto* failed_http = find_event(
      lines, "http", [](const auto& l) { return l.at("path") == "/api/v1/auth/login" && l.at("status") == 401; });
  ASSERT_TRUE(failed_http) << server_->log();
  EXPECT_EQ(failed_http->at("method"), "POST");
  EXPECT_EQ(failed_http->at("remote"), "127.0.0.1");
  EXPECT_TRUE(failed_http->at("duration_ms").is_number());
  EXPECT_EQ(failed_http->at("request_id").as_string().size(), 16u);
  const auto* audit = find_event(lines, "audit", [](const auto& l) { return l.at("kind") == "login.failed"; });
  ASSERT_TRUE(audit) << server_->log();
  EXPECT_EQ(audit->at("remote"), "127.0.0.1");
}

TEST_F(json_log_format, never_holds_passwords_tokens_or_message_text) {
  const auto who = scripted_session();
  const auto log = log_with("ws.session.closed");
  EXPECT_EQ(log.find(default_password), std::string::npos);
  EXPECT_EQ(log.find(wrong_password), std::string::npos);
  EXPECT_EQ(log.find(secret_text), std::string::npos);
  for (const auto& s : who) {
    EXPECT_EQ(log.find(s.access_token), std::string::npos);
    EXPECT_EQ(log.find(s.refresh_token), std::string::npos);
  }
}

TEST_F(log_format, text_lines_stay_readable) {
  scripted_session();
  const auto log = log_with("ws.session.closed");
  EXPECT_NE(log.find(" info ws.session.closed session="), std::string::npos) << log;
  EXPECT_NE(log.find("code=1000 by=client"), std::string::npos) << log;
  EXPECT_NE(log.find(" info http remote=127.0.0.1 method=POST path=/api/v1/auth/login status=401"), std::string::npos)
      << log;
  EXPECT_EQ(log.find('\x1f'), std::string::npos) << "field separators leak into the text";
}

}  // namespace
}  // namespace natter::testing
