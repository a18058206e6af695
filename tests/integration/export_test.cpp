// GET /api/v1/me/export against the real natterd: one JSON document, sent
// chunked, with the caller's profile, contacts and every conversation they
// can read with its whole history (over several pages), and nothing of
// anyone else's private chats; bounded by a per-user rate limit.

#include <boost/json/parse.hpp>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;
using boost::json::object;

class export_test : public realtime_test {
 protected:
  http_reply export_of(const session& s) {
    return http_->request(http::verb::get, "/api/v1/me/export", "", {{"Authorization", "Bearer " + s.access_token}});
  }
};

TEST_F(export_test, holds_the_profile_contacts_and_every_readable_conversation_whole_and_in_order) {
  auto alice = register_and_login("alice");
  auto bob = register_and_login("bob");
  auto carol = register_and_login("carol");
  auto a = connect(alice);
  auto b = connect(bob);
  auto c = connect(carol);
  a->ok({{"type", "contact.add"}, {"username", "bob"}});
  const auto direct = conversation_of(send_to(*a, "@bob", "hello bob"));
  b->ok({{"type", "request.accept"}, {"conversation_id", direct}});
  constexpr int many = 250;  // more than two pages of history
  for (int i = 0; i < many; ++i) send_in(*a, direct, "message " + std::to_string(i));
  const auto room = conversation_of(a->ok({{"type", "room.create"}, {"name", "lobby"}}));
  send_in(*a, room, "welcome to the lobby");
  send_to(*b, "@carol", "secret between bob and carol");

  auto reply = export_of(alice);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("transfer-encoding"), "chunked");
  EXPECT_EQ(reply.header("content-disposition"), "attachment; filename=\"natter-export-alice.json\"");
  EXPECT_EQ(reply.header("content-type"), "application/json");
  EXPECT_EQ(reply.body.find("secret between bob and carol"), std::string::npos);

  const auto doc = boost::json::parse(reply.body).as_object();
  EXPECT_EQ(doc.at("format"), "natter-export");
  EXPECT_EQ(doc.at("version"), 1);
  EXPECT_EQ(doc.at("user").at("username"), "alice");
  EXPECT_EQ(doc.at("user").at("email"), "alice@example.com");
  ASSERT_EQ(doc.at("contacts").as_array().size(), 1U);
  EXPECT_EQ(doc.at("contacts").as_array()[0].at("username"), "bob");
  const auto& conversations = doc.at("conversations").as_array();
  ASSERT_EQ(doc.at("conversation_count"), 2);
  ASSERT_EQ(conversations.size(), 2U);

  int texts = 0;
  for (const auto& entry : conversations) {
    const auto& info = entry.at("conversation");
    EXPECT_FALSE(entry.as_object().contains("error"));
    std::int64_t last_seq = 0;
    for (const auto& e : entry.at("events").as_array()) {
      // A message event carries its seq in its message; the others beside their type.
      const auto& o = e.as_object();
      const auto seq = (o.contains("seq") ? o.at("seq") : o.at("message").at("seq")).as_int64();
      EXPECT_GT(seq, last_seq);  // ascending, each once
      last_seq = seq;
      if (e.at("type") == "message") ++texts;
    }
    EXPECT_EQ(last_seq, info.at("last_seq").as_int64());  // whole
    const auto id = info.at("conversation_id").as_int64();
    EXPECT_TRUE(id == direct || id == room) << id;
    EXPECT_EQ(info.at("kind"), id == direct ? "direct" : "room");
  }
  EXPECT_EQ(texts, many + 2);
}

TEST_F(export_test, needs_a_token_and_is_rate_limited_per_user) {
  auto alice = register_and_login("alice");
  EXPECT_EQ(http_->get("/api/v1/me/export").error_code(), "UNAUTHORIZED");
  EXPECT_EQ(http_->get("/api/v1/me/export", "not a token").error_code(), "UNAUTHORIZED");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(export_of(alice).status, 200);
  auto limited = export_of(alice);
  EXPECT_EQ(limited.error_code(), "RATE_LIMITED");
  EXPECT_FALSE(limited.header("retry-after").empty());
  // Another user has a budget of their own.
  EXPECT_EQ(export_of(register_and_login("bob")).status, 200);
  EXPECT_EQ(http_->request(http::verb::post, "/api/v1/me/export", "{}").error_code(), "METHOD_NOT_ALLOWED");
}

TEST_F(export_test, head_answers_the_headers_without_a_body_and_the_connection_stays_usable) {
  auto alice = register_and_login("alice");
  // Two requests on one connection: a body after the HEAD answer would be
  // read as the start of the second answer.
  const std::string head =
      "HEAD /api/v1/me/export HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice.access_token + "\r\n\r\n";
  const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const auto answer = http_->raw(head + get);
  ASSERT_EQ(answer.rfind("HTTP/1.1 200 OK", 0), 0U) << answer;
  const auto second = answer.find("HTTP/1.1 200 OK", 1);
  ASSERT_NE(second, std::string::npos) << answer;
  const auto first_answer = answer.substr(0, second);
  EXPECT_EQ(first_answer.find("chunked"), std::string::npos) << first_answer;
  EXPECT_EQ(first_answer.substr(first_answer.size() - 4), "\r\n\r\n") << "nothing after the headers";
}

TEST_F(export_test, an_account_with_nothing_yet_exports_an_empty_but_whole_document) {
  auto alice = register_and_login("alice");
  auto reply = export_of(alice);
  ASSERT_EQ(reply.status, 200);
  const auto doc = boost::json::parse(reply.body).as_object();
  EXPECT_TRUE(doc.at("contacts").as_array().empty());
  EXPECT_TRUE(doc.at("conversations").as_array().empty());
  EXPECT_EQ(doc.at("conversation_count"), 0);
}

}  // namespace
}  // namespace natter::testing
