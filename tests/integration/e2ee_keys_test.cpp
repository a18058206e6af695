// The key directory over real WebSockets: devices, one-time and fallback
// keys, the signed device list, announcements, and who may read what.

#include <set>

#include "integration/e2ee_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

TEST_F(e2ee_test, a_contact_sees_an_uploaded_device_and_is_told_of_it) {
  const auto phone = device_of(alice_id_, "phone");
  auto up = alice_->ok(phone.upload(5, true));
  EXPECT_EQ(up.at("one_time_key_count").as_int64(), 5);
  EXPECT_EQ(up.at("list_version").as_int64(), 1);
  EXPECT_EQ(bob_->event("devices.changed").at("user_id").as_int64(), alice_id_);

  auto got = query(*bob_, {alice_id_});
  const auto& user = got.at("users").at(0).as_object();
  EXPECT_EQ(user.at("user_id").as_int64(), alice_id_);
  EXPECT_EQ(user.at("list_version").as_int64(), 1);
  EXPECT_TRUE(user.at("signing_key").is_null());
  ASSERT_EQ(user.at("devices").as_array().size(), 1U);
  const auto& d = user.at("devices").at(0).as_object();
  EXPECT_EQ(d.at("device_id").as_string(), "phone");
  EXPECT_EQ(d.at("curve25519").as_string(), phone.curve);
  EXPECT_EQ(d.at("ed25519").as_string(), phone.ed.public_key());
  EXPECT_EQ(d.at("display_name").as_string(), "Laptop");
}

TEST_F(e2ee_test, each_one_time_key_is_claimed_once_then_the_fallback_key) {
  const auto phone = device_of(alice_id_, "phone");
  alice_->ok(phone.upload(3, true));
  std::set<std::string> seen;
  for (int i = 0; i < 3; ++i) {
    auto k = claim(*bob_, alice_id_, "phone").at("keys").at(0).as_object();
    EXPECT_FALSE(k.at("fallback").as_bool());
    EXPECT_TRUE(seen.insert(std::string(k.at("key_id").as_string())).second);
  }
  for (int i = 0; i < 2; ++i) {
    auto k = claim(*bob_, alice_id_, "phone").at("keys").at(0).as_object();
    EXPECT_TRUE(k.at("fallback").as_bool());
    EXPECT_EQ(k.at("key_id").as_string(), "fallback");
  }
  auto low = alice_->event("keys.low");  // the stock fell below the mark
  EXPECT_EQ(low.at("device_id").as_string(), "phone");
  EXPECT_LE(low.at("one_time_key_count").as_int64(), 10);
}

TEST_F(e2ee_test, concurrent_claims_from_two_connections_get_distinct_keys) {
  auto dave = join_as("dave");
  dave->ok({{"type", "contact.add"}, {"username", "alice"}});
  const auto phone = device_of(alice_id_, "phone");
  alice_->ok(phone.upload(50, true));
  const object ask{{"type", "keys.claim"}, {"devices", array{object{{"user_id", alice_id_}, {"device_id", "phone"}}}}};
  std::set<std::string> seen;
  for (int round = 0; round < 10; ++round) {  // the claim rate's burst per user
    const auto a = bob_->send_request(ask);
    const auto b = dave->send_request(ask);
    for (auto* reply : {&a, &b}) {
      auto r = (reply == &a ? bob_ : dave)->reply(*reply);
      ASSERT_TRUE(r.contains("ok")) << boost::json::serialize(r);
      auto k = r.at("keys").at(0).as_object();
      EXPECT_FALSE(k.at("fallback").as_bool());
      EXPECT_TRUE(seen.insert(std::string(k.at("key_id").as_string())).second) << "handed out twice";
    }
  }
  EXPECT_EQ(seen.size(), 20U);
}

TEST_F(e2ee_test, logging_out_removes_the_sessions_device_and_tells_the_contact) {
  auto second = login("alice");
  auto tablet_ws = connect(second);
  const auto tablet = device_of(alice_id_, "tablet");
  tablet_ws->ok(tablet.upload(2));
  bob_->event("devices.changed");
  EXPECT_EQ(query(*bob_, {alice_id_}).at("users").at(0).at("devices").as_array().size(), 1U);

  auto out = http_->post("/api/v1/auth/logout", {{"refresh_token", second.refresh_token}});
  ASSERT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(bob_->event("devices.changed").at("user_id").as_int64(), alice_id_);
  auto after = query(*bob_, {alice_id_}).at("users").at(0).as_object();
  EXPECT_TRUE(after.at("devices").as_array().empty());
  EXPECT_EQ(after.at("list_version").as_int64(), 2);
  EXPECT_TRUE(claim(*bob_, alice_id_, "tablet").at("keys").as_array().empty());
}

TEST_F(e2ee_test, a_devices_identity_never_changes_and_belongs_to_its_session) {
  const auto phone = device_of(alice_id_, "phone");
  alice_->ok(phone.upload());
  alice_->ok(phone.upload());  // the same keys again: fine
  auto reinstalled = device_of(alice_id_, "phone");
  EXPECT_EQ(alice_->error_of(reinstalled.upload()), "KEY_CONFLICT");
  auto other = connect(login("alice"));
  EXPECT_EQ(other->error_of(phone.upload()), "FORBIDDEN");
}

TEST_F(e2ee_test, strangers_get_the_reply_of_a_user_without_keys) {
  const auto phone = device_of(alice_id_, "phone");
  alice_->ok(phone.upload(3, true));
  alice_->ok(
      {{"type", "keys.signing_key"},
       {"ed25519", phone.ed.public_key()},
       {"signature", phone.ed.sign("natter-ssk-v1\n" + std::to_string(alice_id_) + "\n" + phone.ed.public_key())}});
  auto of_alice = query(*carol_, {alice_id_}).at("users").at(0).as_object();
  auto of_nobody = query(*carol_, {alice_id_ + 1000}).at("users").at(0).as_object();
  of_nobody["user_id"] = alice_id_;
  EXPECT_EQ(of_alice, of_nobody);
  EXPECT_TRUE(of_alice.at("devices").as_array().empty());
  EXPECT_TRUE(claim(*carol_, alice_id_, "phone").at("keys").as_array().empty());
  // carol took nothing: bob still gets all three one-time keys.
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(claim(*bob_, alice_id_, "phone").at("keys").at(0).at("fallback").as_bool());
}

TEST_F(e2ee_test, the_signed_device_list_covers_a_version_and_the_signing_key_is_replaced_only_on_request) {
  const auto phone = device_of(alice_id_, "phone");
  alice_->ok(phone.upload());
  signer ssk;
  const auto ssk_bytes = [this](const signer& k) {
    return "natter-ssk-v1\n" + std::to_string(alice_id_) + "\n" + k.public_key();
  };
  auto set = alice_->ok(
      {{"type", "keys.signing_key"}, {"ed25519", ssk.public_key()}, {"signature", ssk.sign(ssk_bytes(ssk))}});
  const auto version = set.at("list_version").as_int64();
  EXPECT_EQ(version, 2);
  const std::string list = "natter-devices-v1\n" + std::to_string(alice_id_) + "\n" + std::to_string(version) +
                           "\nphone " + phone.ed.public_key() + "\n";
  EXPECT_EQ(alice_->error_of({{"type", "keys.sign_list"}, {"version", version - 1}, {"signature", ssk.sign(list)}}),
            "KEY_CONFLICT");
  EXPECT_EQ(alice_->error_of({{"type", "keys.sign_list"}, {"version", version}, {"signature", phone.ed.sign(list)}}),
            "SIGNATURE_INVALID");  // signed by the wrong key
  alice_->ok({{"type", "keys.sign_list"}, {"version", version}, {"signature", ssk.sign(list)}});
  auto keys = query(*bob_, {alice_id_}).at("users").at(0).as_object();
  EXPECT_EQ(keys.at("signing_key").as_string(), ssk.public_key());
  const auto& signed_list = keys.at("signed_list").as_object();
  EXPECT_EQ(signed_list.at("version").as_int64(), version);
  EXPECT_EQ(signed_list.at("devices").at(0).at("device_id").as_string(), "phone");

  signer next;
  const object replace{
      {"type", "keys.signing_key"}, {"ed25519", next.public_key()}, {"signature", next.sign(ssk_bytes(next))}};
  EXPECT_EQ(alice_->error_of(replace), "KEY_CONFLICT");
  while (bob_->maybe_event("devices.changed", std::chrono::milliseconds(0))) {
  }
  auto with_flag = replace;
  with_flag["replace"] = true;
  alice_->ok(with_flag);
  EXPECT_EQ(bob_->event("devices.changed").at("user_id").as_int64(), alice_id_);
  auto replaced = query(*bob_, {alice_id_}).at("users").at(0).as_object();
  EXPECT_EQ(replaced.at("signing_key").as_string(), next.public_key());
  EXPECT_TRUE(replaced.at("signed_list").is_null());
}

}  // namespace
}  // namespace natter::testing
