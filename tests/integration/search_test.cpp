// GET /api/v1/search against the real natterd: words and prefixes over the
// messages of the caller's conversations only, newest first, paged; edits
// and deletions change what is found; whatever is typed is only words.

#include <boost/json/parse.hpp>
#include <cstdio>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;
using boost::json::object;

// Every byte but letters and digits as %XX.
std::string url_encoded(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

class search_test : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--search-rate", std::to_string(search_rate())});
    return args;
  }
  virtual int search_rate() { return 100000; }

  http_reply search(const session& s, const std::string& q, const std::string& rest = "") {
    const auto target = "/api/v1/search?q=" + url_encoded(q) + rest;
    return http_->request(http::verb::get, target, "", {{"Authorization", "Bearer " + s.access_token}});
  }
  // The texts found, newest first; the reply must be a 200.
  std::vector<std::string> snippets(const session& s, const std::string& q, const std::string& rest = "") {
    auto reply = search(s, q, rest);
    EXPECT_EQ(reply.status, 200) << q << ": " << reply.body;
    std::vector<std::string> out;
    if (reply.status != 200) return out;
    const auto body = boost::json::parse(reply.body);
    for (const auto& r : body.at("results").as_array()) {
      out.emplace_back(r.at("snippet").as_string());
    }
    return out;
  }
  static std::int64_t room_of(ws_client& owner, const std::string& name) {
    return conversation_of(owner.ok({{"type", "room.create"}, {"name", name}}));
  }
};

using texts = std::vector<std::string>;

TEST_F(search_test, finds_words_and_prefixes_newest_first_with_where_they_are) {
  auto alice = register_and_login("alice");
  auto a = connect(alice);
  const auto room = room_of(*a, "lobby");
  const auto first = send_in(*a, room, "Lunch at the harbour?");
  send_in(*a, room, "no");
  send_in(*a, room, "harbourside lunch it is");

  auto reply = search(alice, "LUNCH harb");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto body = boost::json::parse(reply.body).as_object();
  const auto& results = body.at("results").as_array();
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0].at("snippet"), "harbourside lunch it is");
  const auto& oldest = results[1].as_object();
  const auto& message = first.at("message").as_object();
  EXPECT_EQ(oldest.at("snippet"), "Lunch at the harbour?");
  EXPECT_EQ(oldest.at("conversation_id"), room);
  EXPECT_EQ(oldest.at("message_id"), message.at("id"));
  EXPECT_EQ(oldest.at("seq"), message.at("seq"));
  EXPECT_EQ(oldest.at("sender"), "alice");
  EXPECT_EQ(oldest.at("ts"), message.at("ts"));
  EXPECT_TRUE(body.at("next_cursor").is_null());
}

TEST_F(search_test, never_finds_messages_of_conversations_the_caller_is_not_in_or_left) {
  auto alice = register_and_login("alice");
  auto bob = register_and_login("bob");
  auto a = connect(alice);
  auto b = connect(bob);
  const auto secret = room_of(*a, "secret");
  send_in(*a, secret, "password is swordfish");
  const auto left = room_of(*a, "left");
  b->ok({{"type", "room.join"}, {"name", "left"}});
  send_in(*a, left, "swordfish for bob while he stays");
  EXPECT_EQ(snippets(bob, "swordfish"), texts{"swordfish for bob while he stays"});

  b->ok({{"type", "room.leave"}, {"name", "left"}});
  EXPECT_EQ(snippets(bob, "swordfish"), texts{});
  EXPECT_EQ(snippets(alice, "swordfish").size(), 2U);
  // Naming the conversation does not open it.
  EXPECT_EQ(snippets(bob, "swordfish", "&conversation_id=" + std::to_string(secret)), texts{});
}

TEST_F(search_test, finds_an_edited_message_by_its_new_text_and_never_a_deleted_one) {
  auto alice = register_and_login("alice");
  auto a = connect(alice);
  const auto room = room_of(*a, "lobby");
  const auto edited = send_in(*a, room, "see you at noon").at("message").at("id").as_int64();
  const auto deleted = send_in(*a, room, "regrettable noon words").at("message").at("id").as_int64();
  a->ok({{"type", "message.edit"}, {"message_id", edited}, {"text", "see you at dusk"}});
  a->ok({{"type", "message.delete"}, {"message_id", deleted}});

  EXPECT_EQ(snippets(alice, "noon"), texts{});
  EXPECT_EQ(snippets(alice, "regrettable"), texts{});
  EXPECT_EQ(snippets(alice, "dusk"), texts{"see you at dusk"});
}

TEST_F(search_test, filters_by_conversation_sender_and_time_and_pages_with_a_cursor) {
  auto alice = register_and_login("alice");
  auto bob = register_and_login("bob");
  auto a = connect(alice);
  auto b = connect(bob);
  const auto one = room_of(*a, "one");
  const auto two = room_of(*a, "two");
  b->ok({{"type", "room.join"}, {"name", "one"}});
  for (int i = 0; i < 5; ++i) send_in(*a, one, "echo a" + std::to_string(i));
  const auto from_bob = send_in(*b, one, "echo from bob");
  send_in(*a, two, "echo elsewhere");

  EXPECT_EQ(snippets(alice, "echo", "&sender=bob"), texts{"echo from bob"});
  EXPECT_EQ(snippets(alice, "echo", "&sender=%40bob"), texts{"echo from bob"});
  EXPECT_EQ(snippets(alice, "echo", "&sender=nobody"), texts{});
  EXPECT_EQ(snippets(alice, "echo", "&conversation_id=" + std::to_string(two)), texts{"echo elsewhere"});
  const auto ts = from_bob.at("message").at("ts").as_int64();
  EXPECT_EQ(snippets(alice, "echo",
                     "&after=" + std::to_string(ts - 1) + "&before=" + std::to_string(ts + 1) +
                         "&conversation_id=" + std::to_string(one) + "&sender=bob"),
            texts{"echo from bob"});

  texts all;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto reply = search(alice, "echo", "&limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto body = boost::json::parse(reply.body).as_object();
    const auto& results = body.at("results").as_array();
    EXPECT_LE(results.size(), 3U);
    for (const auto& r : results) all.emplace_back(r.at("snippet").as_string());
    if (body.at("next_cursor").is_null()) break;
    cursor = std::string(body.at("next_cursor").as_string());
  }
  EXPECT_EQ(all, (texts{"echo elsewhere", "echo from bob", "echo a4", "echo a3", "echo a2", "echo a1", "echo a0"}));
}

// Whatever is typed is only words: quotes, operators, prefixes, brackets are
// separators, and the engines' keywords are words like any other.
TEST_F(search_test, query_syntax_in_what_is_typed_is_only_words_and_never_an_error) {
  auto alice = register_and_login("alice");
  auto a = connect(alice);
  const auto room = room_of(*a, "lobby");
  send_in(*a, room, "this or that, near and not far");
  const texts found{"this or that, near and not far"};
  for (const std::string q : {"\"this", "this\"", "\"this or\"", "th*", "-that", "this OR that", "NEAR(this that)",
                              "(this", "that)", "this:*", "this & !that", "this:that", "'this'", "^this", "NOT far",
                              "AND near", "\\this", "{this}", "this -- that"}) {
    EXPECT_EQ(snippets(alice, q), found) << q;
  }
  for (const std::string q : {"\"", "*", "(", ")", "-", "''", "NEAR", "OR"}) {
    auto reply = search(alice, q);
    EXPECT_TRUE(reply.status == 200 || reply.error_code() == "VALIDATION_FAILED") << q << ": " << reply.body;
  }
}

TEST_F(search_test, bad_queries_get_documented_errors) {
  auto alice = register_and_login("alice");
  EXPECT_EQ(search(alice, "").error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(search(alice, "\" * ( ) -").error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(search(alice, std::string(257, 'a')).error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(search(alice, std::string(100'000, 'a')).status / 100, 4);
  EXPECT_EQ(search(alice, "a b c d e f g h i").error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(search(alice, "\xff\xfe").error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(search(alice, "ok", "&limit=0").error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(search(alice, "ok", "&limit=51").error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(search(alice, "ok", "&limit=x").error_code(), "BAD_REQUEST");
  EXPECT_EQ(search(alice, "ok", "&cursor=-1").error_code(), "BAD_REQUEST");
  EXPECT_EQ(search(alice, "ok", "&conversation_id=99999999999999999999").error_code(), "BAD_REQUEST");
  EXPECT_EQ(http_->get("/api/v1/search?q=ok").error_code(), "UNAUTHORIZED");
  EXPECT_EQ(search(alice, "ok").status, 200);
}

class search_rate_test : public search_test {
 protected:
  int search_rate() override { return 5; }
};

TEST_F(search_rate_test, is_rate_limited_per_user) {
  auto alice = register_and_login("alice");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(search(alice, "anything").status, 200) << i;
  const auto last = search(alice, "anything");
  EXPECT_EQ(last.error_code(), "RATE_LIMITED");
  EXPECT_FALSE(last.header("retry-after").empty());
  EXPECT_EQ(search(register_and_login("bob"), "anything").status, 200);
}

TEST_F(search_test, a_long_message_comes_back_as_a_bounded_snippet_around_the_match) {
  auto alice = register_and_login("alice");
  auto a = connect(alice);
  const auto room = room_of(*a, "lobby");
  std::string text;
  for (int i = 0; i < 250; ++i) text += "filler ";
  text += "needle ";
  for (int i = 0; i < 250; ++i) text += "padding ";
  send_in(*a, room, text);
  const auto found = snippets(alice, "needle");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_LE(found[0].size(), 206U);
  EXPECT_NE(found[0].find("needle"), std::string::npos);
  EXPECT_EQ(found[0].rfind("…", 0), 0U);
}

}  // namespace
}  // namespace natter::testing
