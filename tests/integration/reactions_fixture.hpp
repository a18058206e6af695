#pragma once
// alice and bob, contacts of each other, with a direct chat and a message in
// it; carol, who is in none of it. For the reactions, pins and forwards tests.

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {

class reactions_test : public realtime_test {
 protected:
  void SetUp() override {
    realtime_test::SetUp();
    alice_session_ = register_and_login("alice");
    bob_session_ = register_and_login("bob");
    alice_ = connect(alice_session_);
    bob_ = connect(bob_session_);
    carol_ = join_as("carol");
    alice_->ok({{"type", "contact.add"}, {"username", "bob"}});
    bob_->ok({{"type", "contact.add"}, {"username", "alice"}});
    auto sent = send_to(*alice_, "@bob", "hello");
    chat_ = conversation_of(sent);
    message_ = sent.at("message").at("id").as_int64();
    bob_->event("message");
  }

  boost::json::object react(ws_client& ws, std::int64_t message, const std::string& emoji) {
    return ws.request({{"type", "message.react"}, {"message_id", message}, {"emoji", emoji}});
  }
  static std::string code_of(const boost::json::object& reply) {
    if (!reply.contains("error")) return "";
    return std::string(reply.at("error").at("code").as_string());
  }
  static std::int64_t id_of(const session& s) { return s.user.at("id").as_int64(); }

  session alice_session_, bob_session_;
  std::unique_ptr<ws_client> alice_, bob_, carol_;
  std::int64_t chat_ = 0;
  std::int64_t message_ = 0;
};

}  // namespace natter::testing
