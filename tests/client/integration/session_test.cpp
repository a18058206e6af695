// client::session against a real natterd.

#include <unistd.h>
#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "client/support/session_fixture.hpp"

namespace natter::testing {
namespace {

TEST_F(session_test, goes_online_and_knows_who_it_is) {
  auto alice = online_as("alice");
  EXPECT_EQ(alice->state(), client::connection_state::online);
  ASSERT_TRUE(alice->user());
  EXPECT_EQ(alice->user()->username, "alice");
}

// A stop that arrives while the connection is still being opened (resolving,
// connecting: no socket to close yet) ends the session; it used to go online
// anyway and serve until the next stop, so a destructor running during a
// reconnect could wait forever.
TEST_F(session_test, a_stop_while_the_connection_is_being_opened_ends_the_session) {
  ASSERT_EQ(register_user("alice").status, 201);
  auto o = options_for("alice");
  std::atomic<client::session*> self{nullptr};
  o.authenticate = [login = o.authenticate, &self](const client::http_api& http) {
    auto got = login(http);
    if (auto* s = self.load()) s->stop();  // runs once the engine waits on the connection
    return got;
  };
  client::session s(std::move(o));
  self = &s;
  s.start();
  auto online = s.wait_online(client_patience);
  EXPECT_FALSE(online) << "went online after being stopped";
  EXPECT_EQ(s.state(), client::connection_state::stopped);
}

TEST_F(session_test, reports_connecting_then_online) {
  auto alice = online_as("alice");
  event_log log;
  ASSERT_TRUE(wait_until(*alice, log, [](const event_log& l) { return l.states.size() >= 2; }));
  EXPECT_EQ(log.states[0], client::connection_state::connecting);
  EXPECT_EQ(log.states[1], client::connection_state::online);
}

TEST_F(session_test, a_message_reaches_the_other_session_once) {
  auto alice = online_as("alice");
  auto bob = online_as("bob");
  auto sent = get(alice->send_text("@bob", "hello bob"));
  ASSERT_TRUE(sent) << sent.error().code;
  EXPECT_EQ(sent->msg.text, "hello bob");
  event_log log;
  ASSERT_TRUE(wait_for_text(*bob, log, "hello bob"));
  auto again = get(alice->send_text(sent->msg.conversation, "second"));
  ASSERT_TRUE(again);
  ASSERT_TRUE(wait_for_text(*bob, log, "second"));
  EXPECT_EQ(log.count_text("hello bob"), 1);
  EXPECT_EQ(log.messages.back().seq, again->msg.seq);
}

TEST_F(session_test, typed_calls_get_their_reply_bodies) {
  auto alice = online_as("alice");
  auto created = get(alice->call(protocol::room_create_request{"general", "all things"}));
  ASSERT_TRUE(created) << created.error().code;
  EXPECT_EQ(created->conv.name, "general");
  auto rooms = get(alice->call(protocol::room_list_request{}));
  ASSERT_TRUE(rooms);
  ASSERT_EQ(rooms->rooms.size(), 1u);
  EXPECT_EQ(rooms->rooms[0].topic, "all things");
  auto listed = get(alice->call(protocol::conversations_list_request{}));
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->conversations.size(), 1u);
}

TEST_F(session_test, a_refused_request_fails_with_the_servers_error_code) {
  auto alice = online_as("alice");
  auto sent = get(alice->send_text("@nobody", "hi"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().what, client::failure::kind::refused);
  EXPECT_EQ(sent.error().code, "USER_NOT_FOUND");
}

TEST_F(session_test, a_retried_client_msg_id_is_stored_once) {
  auto alice = online_as("alice");
  auto bob = online_as("bob");
  protocol::send_request r;
  r.to = "@bob";
  r.client_msg_id = "retry-1";
  r.text = "only once";
  auto first = get(alice->call(r));
  auto second = get(alice->call(r));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->msg.id, second->msg.id);
  auto marker = get(alice->send_text("@bob", "marker"));
  ASSERT_TRUE(marker);
  event_log log;
  ASSERT_TRUE(wait_for_text(*bob, log, "marker"));
  EXPECT_EQ(log.count_text("only once"), 1);
}

TEST_F(session_test, a_new_session_resumes_after_the_seqs_it_is_given) {
  auto alice = online_as("alice");
  auto bob = online_as("bob");
  auto one = get(alice->send_text("@bob", "one"));
  ASSERT_TRUE(one);
  event_log before;
  ASSERT_TRUE(wait_for_text(*bob, before, "one"));
  bob.reset();  // the program ends, keeping the last seq it held
  for (const char* text : {"two", "three"}) ASSERT_TRUE(get(alice->send_text(one->msg.conversation, text)));

  auto o = options_for("bob");
  o.resume_from = {{one->msg.conversation, one->msg.seq}};
  auto resumed = online_with(std::move(o));
  event_log after;
  ASSERT_TRUE(wait_for_text(*resumed, after, "three"));
  ASSERT_TRUE(get(alice->send_text(one->msg.conversation, "four")));
  ASSERT_TRUE(wait_for_text(*resumed, after, "four"));
  ASSERT_EQ(after.messages.size(), 3U) << "two, three and four, each once: nothing before the seq given";
  EXPECT_EQ(after.messages[0].text, "two");
  EXPECT_EQ(after.messages[1].text, "three");
  EXPECT_EQ(after.messages[2].text, "four");
}

TEST_F(session_test, a_wrong_password_stops_the_session_with_the_servers_code) {
  ASSERT_EQ(register_user("alice").status, 201);
  auto o = options_for("alice");
  o.authenticate = client::with_password("alice", "not the password");
  client::session s(std::move(o));
  s.start();
  auto online = s.wait_online(client_patience);
  ASSERT_FALSE(online);
  EXPECT_EQ(online.error().code, "INVALID_CREDENTIALS");
  EXPECT_EQ(s.state(), client::connection_state::stopped);
}

TEST_F(session_test, an_unreachable_server_is_a_connection_failure) {
  ASSERT_EQ(register_user("alice").status, 201);
  auto o = options_for("alice");
  server_->stop();
  o.attempts_before_online = 2;
  client::session s(std::move(o));
  s.start();
  auto online = s.wait_online(client_patience);
  ASSERT_FALSE(online);
  EXPECT_EQ(online.error().what, client::failure::kind::connection);
}

TEST_F(session_test, requests_after_stop_fail_with_stopped) {
  auto alice = online_as("alice");
  alice->stop();
  auto rooms = get(alice->call(protocol::room_list_request{}));
  ASSERT_FALSE(rooms);
  EXPECT_EQ(rooms.error().code, "STOPPED");
}

class session_token_test : public session_test {
 protected:
  // The server warns a minute before expiry: a 62 s token is renewed ~2 s in.
  std::vector<std::string> natterd_args() override {
    auto args = session_test::natterd_args();
    args.insert(args.end(), {"--access-token-ttl", "62"});
    return args;
  }
};

TEST_F(session_token_test, renews_its_token_in_band_without_reconnecting) {
  ASSERT_EQ(register_user("alice").status, 201);
  ASSERT_EQ(register_user("bob").status, 201);
  auto logins = std::make_shared<std::atomic<int>>(0);
  auto o = options_for("alice");
  o.authenticate = [logins, inner = client::with_password("alice", default_password)](const client::http_api& api) {
    ++*logins;
    return inner(api);
  };
  auto alice = online_with(std::move(o));
  event_log log;
  ASSERT_TRUE(wait_until(*alice, log, [&](const event_log&) { return logins->load() >= 3; }));
  auto bob = online_with(options_for("bob"));
  auto sent = get(alice->send_text("@bob", "still here"));
  ASSERT_TRUE(sent) << sent.error().code;
  wait_until(*alice, log, [&](const event_log& l) { return l.count_text("still here") > 0; });
  EXPECT_EQ(log.states, (std::vector<client::connection_state>{client::connection_state::connecting,
                                                               client::connection_state::online}));
}

}  // namespace
}  // namespace natter::testing

namespace natter::testing {
namespace {

// https and wss, against a self-signed certificate given as the CA file.
class session_tls_test : public session_test {
 protected:
  std::vector<std::string> natterd_args() override {
    dir_ = std::filesystem::temp_directory_path() / ("natter-client-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    const auto cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        (dir_ / "key.pem").string() + " -out " + (dir_ / "cert.pem").string() + " 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    auto args = session_test::natterd_args();
    args.insert(args.end(), {"--tls-cert", (dir_ / "cert.pem").string(), "--tls-key", (dir_ / "key.pem").string()});
    return args;
  }
  void SetUp() override { server_ = std::make_unique<natterd_process>(natterd_args()); }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  client::session_options tls_options_for(const std::string& username) {
    auto o = options_for(username);
    o.server = client::server_url::parse("https://127.0.0.1:" + std::to_string(server_->port())).value();
    o.tls.ca_file = (dir_ / "cert.pem").string();
    return o;
  }
  std::filesystem::path dir_;
};

TEST_F(session_tls_test, registers_logs_in_and_chats_over_https_and_wss) {
  auto o = tls_options_for("alice");
  client::http_api api(o.server, client::make_tls_context(o.tls));
  ASSERT_TRUE(api.register_account({"alice@example.com", "alice", default_password, ""}));
  ASSERT_TRUE(api.register_account({"bob@example.com", "bob", default_password, ""}));
  auto alice = online_with(std::move(o));
  auto bob = online_with(tls_options_for("bob"));
  ASSERT_TRUE(get(alice->send_text("@bob", "over tls")));
  event_log log;
  EXPECT_TRUE(wait_for_text(*bob, log, "over tls"));
}

TEST_F(session_tls_test, an_untrusted_certificate_is_a_connection_failure) {
  auto o = tls_options_for("alice");
  o.tls.ca_file.clear();  // the system's trust store does not know this certificate
  client::http_api api(o.server, client::make_tls_context(o.tls));
  auto r = api.login("alice", default_password);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, client::failure::kind::connection);
}

}  // namespace
}  // namespace natter::testing
