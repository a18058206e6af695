// Device-to-device messages over real WebSockets (docs/protocol.md,
// "End-to-end encryption: device messages"): queued until acknowledged,
// pushed live, listed after a reconnect, capped, refused to strangers and to
// sessions without a device, gone with their device.

#include "integration/e2ee_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

object olm_envelope(const std::string& to, const std::string& from = "laptop", const std::string& body = "AwoB") {
  return {{"v", 1},
          {"alg", "olm.v1"},
          {"sender_device", from},
          {"ciphertexts", object{{to, object{{"type", 0}, {"body", body}}}}}};
}

class to_device_test : public e2ee_test {
 protected:
  void SetUp() override {
    e2ee_test::SetUp();
    laptop_ = device_of(alice_id_, "laptop");  // the ids are known only now
    phone_ = device_of(bob_id_, "phone");
    alice_->ok(laptop_.upload(1));
    bob_->ok(phone_.upload(1));
  }
  object send(ws_client& ws, array messages) { return ws.ok({{"type", "to_device.send"}, {"messages", messages}}); }
  object to_bob(const std::string& body = "AwoB") {
    return {{"user_id", bob_id_},
            {"device_id", "phone"},
            {"envelope", olm_envelope(std::to_string(bob_id_) + ":phone", "laptop", body)}};
  }
  object refused(ws_client& ws, object req) {
    auto reply = ws.request(req);
    EXPECT_TRUE(reply.contains("error")) << boost::json::serialize(reply);
    return reply;
  }

  test_device laptop_;
  test_device phone_;
};

TEST_F(to_device_test, a_message_is_pushed_live_listed_and_kept_until_acknowledged) {
  auto sent = send(*alice_, array{to_bob("Zmlyc3Q")});
  EXPECT_EQ(sent.at("queued").as_int64(), 1);
  EXPECT_TRUE(sent.at("missing").as_array().empty());

  auto live = bob_->event("to_device");
  EXPECT_EQ(live.at("device_id").as_string(), "phone");
  EXPECT_EQ(live.at("sender").as_int64(), alice_id_);
  EXPECT_EQ(live.at("sender_device").as_string(), "laptop");
  EXPECT_EQ(live.at("envelope").at("ciphertexts").at(std::to_string(bob_id_) + ":phone").at("body").as_string(),
            "Zmlyc3Q");
  const auto id = live.at("id").as_int64();
  EXPECT_GT(id, 0);

  send(*alice_, array{to_bob("c2Vjb25k")});
  auto listed = bob_->ok({{"type", "to_device.list"}});
  ASSERT_EQ(listed.at("messages").as_array().size(), 2U);
  EXPECT_EQ(listed.at("messages").at(0).at("id").as_int64(), id);
  EXPECT_FALSE(listed.at("has_more").as_bool());
  auto one = bob_->ok({{"type", "to_device.list"}, {"limit", 1}});
  EXPECT_TRUE(one.at("has_more").as_bool());

  bob_->ok({{"type", "to_device.ack"}, {"up_to", id}});
  auto rest = bob_->ok({{"type", "to_device.list"}});
  ASSERT_EQ(rest.at("messages").as_array().size(), 1U);
  EXPECT_EQ(rest.at("messages")
                .at(0)
                .at("envelope")
                .at("ciphertexts")
                .at(std::to_string(bob_id_) + ":phone")
                .at("body")
                .as_string(),
            "c2Vjb25k");

  // A reconnect finds what was not acknowledged.
  bob_.reset();
  auto again = connect(bob_session_);
  EXPECT_EQ(again->ok({{"type", "to_device.list"}, {"after", id}}).at("messages").as_array().size(), 1U);
}

TEST_F(to_device_test, strangers_and_unknown_devices_are_missing_and_a_full_queue_says_so) {
  const auto carol_phone = device_of(carol_id_, "phone");
  carol_->ok(carol_phone.upload(1));
  auto sent = send(*alice_, array{object{{"user_id", carol_id_},
                                         {"device_id", "phone"},
                                         {"envelope", olm_envelope(std::to_string(carol_id_) + ":phone")}},
                                  object{{"user_id", bob_id_},
                                         {"device_id", "tablet"},
                                         {"envelope", olm_envelope(std::to_string(bob_id_) + ":tablet")}},
                                  to_bob()});
  EXPECT_EQ(sent.at("queued").as_int64(), 1);
  ASSERT_EQ(sent.at("missing").as_array().size(), 2U);
  EXPECT_EQ(sent.at("missing").at(0).at("user_id").as_int64(), carol_id_);
  EXPECT_EQ(sent.at("missing").at(1).at("device_id").as_string(), "tablet");
  EXPECT_TRUE(carol_->ok({{"type", "to_device.list"}}).at("messages").as_array().empty());

  // 1,000 waiting: the next is refused as full, nothing is dropped.
  for (int request = 0; request < 10; ++request) {
    array batch;
    for (int i = 0; i < 100; ++i) batch.push_back(to_bob());
    send(*alice_, batch);
  }
  auto full = send(*alice_, array{to_bob()});
  EXPECT_EQ(full.at("queued").as_int64(), 0);
  ASSERT_EQ(full.at("full").as_array().size(), 1U);
  EXPECT_EQ(full.at("full").at(0).at("device_id").as_string(), "phone");
}

TEST_F(to_device_test, a_session_without_a_device_may_not_send_list_or_acknowledge) {
  auto second = login("alice");
  auto bare = connect(second);
  for (auto req : {object{{"type", "to_device.send"}, {"messages", array{to_bob()}}},
                   object{{"type", "to_device.list"}}, object{{"type", "to_device.ack"}, {"up_to", 5}}}) {
    EXPECT_EQ(code_of(bare->request(req)), "FORBIDDEN") << boost::json::serialize(req);
  }
}

TEST_F(to_device_test, bad_input_gets_the_documented_error) {
  auto code = [&](object req) { return code_of(refused(*alice_, std::move(req))); };
  auto field = [&](object req) { return field_of(refused(*alice_, std::move(req))); };
  EXPECT_EQ(code({{"type", "to_device.send"}, {"messages", array{}}}), "VALIDATION_FAILED");
  array many;
  for (int i = 0; i < 101; ++i) many.push_back(to_bob());
  EXPECT_EQ(field({{"type", "to_device.send"}, {"messages", many}}), "messages");
  auto bad_device = to_bob();
  bad_device["device_id"] = "no spaces";
  EXPECT_EQ(field({{"type", "to_device.send"}, {"messages", array{bad_device}}}), "messages.device_id");
  auto not_object = to_bob();
  not_object["envelope"] = "text";
  EXPECT_EQ(code({{"type", "to_device.send"}, {"messages", array{not_object}}}), "BAD_REQUEST");
  auto megolm = to_bob();
  megolm["envelope"] =
      object{{"v", 1}, {"alg", "megolm.v1"}, {"sender_device", "laptop"}, {"session_id", "x"}, {"ciphertext", "y"}};
  EXPECT_EQ(code({{"type", "to_device.send"}, {"messages", array{megolm}}}), "VALIDATION_FAILED");
  auto v2 = to_bob();
  v2["envelope"].as_object()["v"] = 2;
  EXPECT_EQ(field({{"type", "to_device.send"}, {"messages", array{v2}}}), "messages.envelope");
  EXPECT_EQ(code({{"type", "to_device.send"}, {"messages", array{to_bob(std::string(17000, 'A'))}}}),
            "MESSAGE_TOO_LONG");
  EXPECT_EQ(field({{"type", "to_device.list"}, {"limit", 0}}), "limit");
  EXPECT_EQ(field({{"type", "to_device.list"}, {"limit", 101}}), "limit");
  EXPECT_EQ(code({{"type", "to_device.ack"}}), "BAD_REQUEST");
  // Nothing of the refused sends was queued.
  EXPECT_TRUE(bob_->ok({{"type", "to_device.list"}}).at("messages").as_array().empty());
}

TEST_F(to_device_test, logging_out_drops_the_devices_queue) {
  auto second = login("bob");
  auto tablet_ws = connect(second);
  const auto tablet = device_of(bob_id_, "tablet");
  tablet_ws->ok(tablet.upload(1));
  auto sent = send(*alice_, array{object{{"user_id", bob_id_},
                                         {"device_id", "tablet"},
                                         {"envelope", olm_envelope(std::to_string(bob_id_) + ":tablet")}}});
  EXPECT_EQ(sent.at("queued").as_int64(), 1);
  auto out = http_->post("/api/v1/auth/logout", {{"refresh_token", second.refresh_token}});
  ASSERT_EQ(out.status, 204) << out.body;
  auto after = send(*alice_, array{object{{"user_id", bob_id_},
                                          {"device_id", "tablet"},
                                          {"envelope", olm_envelope(std::to_string(bob_id_) + ":tablet")}}});
  EXPECT_EQ(after.at("missing").as_array().size(), 1U);
}

}  // namespace
}  // namespace natter::testing
