#pragma once
// alice and bob, contacts with a direct chat; carol, who shares nothing with
// them: for the key directory tests (docs/protocol.md, "End-to-end
// encryption: keys").

#include "integration/e2ee_device.hpp"
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {

class e2ee_test : public realtime_test {
 protected:
  void SetUp() override {
    realtime_test::SetUp();
    alice_session_ = register_and_login("alice");
    bob_session_ = register_and_login("bob");
    carol_session_ = register_and_login("carol");
    alice_ = connect(alice_session_);
    bob_ = connect(bob_session_);
    carol_ = connect(carol_session_);
    alice_->ok({{"type", "contact.add"}, {"username", "bob"}});
    bob_->ok({{"type", "contact.add"}, {"username", "alice"}});
    send_to(*alice_, "@bob", "hello");
    bob_->event("message");
    alice_id_ = alice_session_.user.at("id").as_int64();
    bob_id_ = bob_session_.user.at("id").as_int64();
    carol_id_ = carol_session_.user.at("id").as_int64();
  }

  test_device device_of(std::int64_t user, const std::string& id) {
    test_device d;
    d.user = user;
    d.id = id;
    return d;
  }
  static std::string code_of(const boost::json::object& reply) {
    if (!reply.contains("error")) return "";
    return std::string(reply.at("error").at("code").as_string());
  }
  static std::string field_of(const boost::json::object& reply) {
    if (!reply.contains("error") || !reply.at("error").as_object().contains("field")) return "";
    return std::string(reply.at("error").at("field").as_string());
  }
  boost::json::object query(ws_client& ws, boost::json::array users) {
    return ws.ok({{"type", "keys.query"}, {"user_ids", std::move(users)}});
  }
  boost::json::object claim(ws_client& ws, std::int64_t user, const std::string& device) {
    return ws.ok({{"type", "keys.claim"},
                  {"devices", boost::json::array{boost::json::object{{"user_id", user}, {"device_id", device}}}}});
  }

  session alice_session_, bob_session_, carol_session_;
  std::unique_ptr<ws_client> alice_, bob_, carol_;
  std::int64_t alice_id_ = 0, bob_id_ = 0, carol_id_ = 0;
};

}  // namespace natter::testing
