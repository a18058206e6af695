// Bad input on the socket, slow consumers and authentication limits.
#include <thread>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;

class robustness : public realtime_test {};

TEST_F(robustness, requests_before_auth_are_unauthorized) {
  ws_client ws(server_->port());
  EXPECT_EQ(ws.error_of({{"type", "conversations.list"}}), "UNAUTHORIZED");
  EXPECT_EQ(ws.error_of({{"type", "auth"}, {"token", "garbage"}}), "UNAUTHORIZED");
  auto s = register_and_login("alice");
  ws.auth(s.access_token);
  ws.ok({{"type", "conversations.list"}});
}

TEST_F(robustness, an_authorization_header_on_the_upgrade_authenticates) {
  auto s = register_and_login("alice");
  ws_client ws(server_->port(), {{"Authorization", "Bearer " + s.access_token}});
  ws.ok({{"type", "conversations.list"}});
}

TEST_F(robustness, a_bad_token_on_the_upgrade_is_refused_with_401) {
  auto s = register_and_login("alice");
  const std::vector<std::string> bad{"Bearer garbage", "Bearer " + s.access_token + "x", "Basic YTpi", "Bearer "};
  for (const auto& header : bad) {
    auto refused = upgrade_with(server_->port(), header);
    EXPECT_EQ(refused.status, 401) << header;
    EXPECT_EQ(refused.error_code(), "UNAUTHORIZED") << header;
  }
  EXPECT_EQ(upgrade_with(server_->port(), "Bearer " + s.access_token).status, 101);
  EXPECT_THROW(ws_client(server_->port(), {{"Authorization", "Bearer garbage"}}), std::exception);
}

TEST_F(robustness, malformed_frames_get_error_replies_and_the_session_lives_on) {
  auto ws = join_as("alice");
  ws->send_text("{not json");
  auto reply = ws->next_frame(std::chrono::milliseconds(patience));
  ASSERT_TRUE(reply);
  EXPECT_TRUE(reply->at("re").is_null());
  EXPECT_EQ(reply->at("error").at("code"), "BAD_REQUEST");
  ws->send_text("[1,2,3]");
  EXPECT_EQ(ws->next_frame(std::chrono::milliseconds(patience))->at("error").at("code"), "BAD_REQUEST");
  EXPECT_EQ(ws->error_of({{"type", "no.such.thing"}}), "UNKNOWN_TYPE");
  auto missing = ws->request({{"type", "message.send"}, {"to", "@bob"}, {"client_msg_id", "1"}});
  EXPECT_EQ(missing.at("error").at("code"), "BAD_REQUEST");
  EXPECT_EQ(missing.at("error").at("field"), "text");
  auto wrong = ws->request({{"type", "history"}, {"conversation_id", "seven"}});
  EXPECT_EQ(wrong.at("error").at("field"), "conversation_id");
  ws->ok({{"type", "ping"}});
}

TEST_F(robustness, sql_and_html_in_messages_are_stored_verbatim) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const std::string nasty = "'); DROP TABLE conversation_log;-- <img src=x onerror=alert(1)> <script>x</script>";
  send_to(*alice, "@bob", nasty);
  EXPECT_EQ(bob->event("message").at("message").at("text").as_string(), nasty);
  send_to(*alice, "@bob", "still here");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "still here");
}

TEST_F(robustness, a_binary_frame_closes_with_1003) {
  auto ws = join_as("alice");
  ws->send_binary(std::string("\x00\x01\x02", 3));
  EXPECT_EQ(ws->wait_closed(), 1003);
}

TEST_F(robustness, invalid_utf8_closes_with_1007) {
  auto ws = join_as("alice");
  ws->send_text("{\"type\":\"ping\",\"id\":\"\xff\xfe\"}");
  EXPECT_EQ(ws->wait_closed(), 1007);
}

TEST_F(robustness, an_oversize_frame_closes_with_1009_and_others_are_unaffected) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  alice->send_text(std::string(70 * 1024, ' '));
  EXPECT_EQ(alice->wait_closed(), 1009);
  bob->ok({{"type", "ping"}});
}

TEST_F(robustness, an_origin_that_is_not_allowed_is_refused) {
  EXPECT_THROW(ws_client(server_->port(), {{"Origin", "https://evil.example"}}), std::exception);
  ws_client same_host(server_->port(), {{"Origin", "http://127.0.0.1:" + std::to_string(server_->port())}});
}

class robustness_small_queue : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--ws-queue-frames", "64", "--ws-queue-bytes", "65536"});
    return args;
  }
};

TEST_F(robustness_small_queue, a_slow_consumer_is_cut_off_while_others_continue) {
  auto alice = join_as("alice");
  auto fast = join_as("fast");
  auto slow = join_as("slow");
  auto room = conversation_of(alice->ok({{"type", "room.create"}, {"name", "busy"}}));
  fast->ok({{"type", "room.join"}, {"name", "busy"}});
  slow->ok({{"type", "room.join"}, {"name", "busy"}});
  // slow stops reading from here on; the kernel buffers fill, then its queue.
  const std::string text(4000, 'x');
  int received = 0;
  for (int i = 0; i < 3000; ++i) {
    send_in(*alice, room, text);
    while (fast->maybe_event("message", std::chrono::milliseconds(0))) ++received;
  }
  while (fast->maybe_event("message", std::chrono::milliseconds(2000))) ++received;
  EXPECT_EQ(received, 3000) << "the fast reader got everything";
  int code = slow->wait_closed();
  EXPECT_TRUE(code == 4008 || code == 0) << code;
  fast->ok({{"type", "ping"}});
}

class robustness_short_auth : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--ws-auth-timeout-ms", "300"});
    return args;
  }
};

TEST_F(robustness_short_auth, no_auth_in_time_closes_with_4001) {
  ws_client ws(server_->port());
  EXPECT_EQ(ws.wait_closed(), 4001);
}

class robustness_short_tokens : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--access-token-ttl", "10"});
    return args;
  }
};

TEST_F(robustness_short_tokens, token_expiring_is_sent_and_an_expired_session_closes_with_4001) {
  auto s = register_and_login("alice");
  auto ws = connect(s);
  auto warning = ws->event("token.expiring");
  EXPECT_GT(warning.at("expires_at").as_int64(), 0);
  auto renewed = refresh(s.refresh_token);
  ws->auth(std::string(renewed.json().at("access_token").as_string()));
  ws->ok({{"type", "ping"}});
  EXPECT_EQ(ws->wait_closed(), 4001);
}

}  // namespace
}  // namespace natter::testing
