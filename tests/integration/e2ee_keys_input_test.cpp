// Bad input for every keys.* request, with the documented error and field.

#include "integration/e2ee_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

class e2ee_input_test : public e2ee_test {
 protected:
  void expect_refused(object req, const std::string& code, const std::string& field = "") {
    auto reply = alice_->request(req);
    EXPECT_EQ(code_of(reply), code) << boost::json::serialize(req) << " -> " << boost::json::serialize(reply);
    if (!field.empty()) {
      EXPECT_EQ(field_of(reply), field) << boost::json::serialize(reply);
    }
  }
};

TEST_F(e2ee_input_test, keys_upload_refuses_missing_malformed_and_oversized_fields) {
  const auto phone = device_of(alice_id_, "phone");
  for (const char* missing : {"device_id", "curve25519", "ed25519", "signature"}) {
    auto r = phone.upload();
    r.erase(missing);
    expect_refused(r, "BAD_REQUEST", missing);
  }
  auto r = phone.upload();
  r["device_id"] = std::string(33, 'a');
  expect_refused(r, "VALIDATION_FAILED", "device_id");
  r = phone.upload();
  r["device_id"] = "a b";
  expect_refused(r, "VALIDATION_FAILED", "device_id");
  r = phone.upload();
  r["curve25519"] = "not base64!";
  expect_refused(r, "VALIDATION_FAILED", "curve25519");
  r = phone.upload();
  r["ed25519"] = std::string(phone.ed.public_key()) + "A";
  expect_refused(r, "VALIDATION_FAILED", "ed25519");
  r = phone.upload();
  r["signature"] = 5;
  expect_refused(r, "BAD_REQUEST", "signature");
  r = phone.upload();
  r["display_name"] = std::string(65, 'x');
  expect_refused(r, "VALIDATION_FAILED", "display_name");
  r = phone.upload(51);
  expect_refused(r, "VALIDATION_FAILED", "one_time_keys");
  r = phone.upload(1);
  r["one_time_keys"].as_array()[0].as_object()["key_id"] = "";
  expect_refused(r, "VALIDATION_FAILED", "one_time_keys.key_id");
}

TEST_F(e2ee_input_test, keys_upload_refuses_signatures_that_do_not_verify) {
  const auto phone = device_of(alice_id_, "phone");
  auto r = phone.upload();
  signer other;
  r["signature"] = other.sign(phone.device_bytes());  // the wrong key
  expect_refused(r, "SIGNATURE_INVALID", "signature");

  auto bobs = device_of(bob_id_, "phone");  // another user's data, signed by the right key
  bobs.ed = phone.ed;
  bobs.curve = phone.curve;
  r = phone.upload();
  r["signature"] = phone.ed.sign(bobs.device_bytes());
  expect_refused(r, "SIGNATURE_INVALID", "signature");

  auto tablet = device_of(alice_id_, "tablet");  // another device's data
  tablet.ed = phone.ed;
  tablet.curve = phone.curve;
  r = phone.upload();
  r["signature"] = phone.ed.sign(tablet.device_bytes());
  expect_refused(r, "SIGNATURE_INVALID", "signature");

  r = phone.upload(1);
  r["one_time_keys"].as_array()[0] = tablet.key("k0");  // signed over the tablet's data
  expect_refused(r, "SIGNATURE_INVALID", "one_time_keys");
  r = phone.upload(0, true);
  auto forged = phone.key("fallback");
  forged["curve25519"] = random_key();
  r["fallback_key"] = forged;
  expect_refused(r, "SIGNATURE_INVALID", "fallback_key");
  EXPECT_TRUE(query(*alice_, {alice_id_}).at("users").at(0).at("devices").as_array().empty());
}

TEST_F(e2ee_input_test, keys_upload_caps_the_key_stock_and_the_devices) {
  const auto phone = device_of(alice_id_, "phone");
  auto r = phone.upload();
  r["one_time_keys"] = phone.keys(50, "a");
  alice_->ok(r);
  r["one_time_keys"] = phone.keys(50, "b");
  EXPECT_EQ(alice_->ok(r).at("one_time_key_count").as_int64(), 100);
  r["one_time_keys"] = phone.keys(1, "c");
  expect_refused(r, "LIMIT_REACHED");
  for (int i = 1; i < 20; ++i) alice_->ok(device_of(alice_id_, "d" + std::to_string(i)).upload());
  expect_refused(device_of(alice_id_, "d20").upload(), "LIMIT_REACHED");
}

TEST_F(e2ee_input_test, keys_query_and_claim_refuse_bad_and_oversized_lists) {
  expect_refused({{"type", "keys.query"}}, "BAD_REQUEST", "user_ids");
  expect_refused({{"type", "keys.query"}, {"user_ids", array{"1"}}}, "BAD_REQUEST");
  array users;
  for (int i = 0; i < 51; ++i) users.push_back(i + 1);
  expect_refused({{"type", "keys.query"}, {"user_ids", users}}, "VALIDATION_FAILED", "user_ids");

  expect_refused({{"type", "keys.claim"}}, "BAD_REQUEST", "devices");
  expect_refused({{"type", "keys.claim"}, {"devices", array{object{{"user_id", bob_id_}}}}}, "BAD_REQUEST");
  expect_refused({{"type", "keys.claim"}, {"devices", array{object{{"user_id", bob_id_}, {"device_id", "a/b"}}}}},
                 "VALIDATION_FAILED", "devices.device_id");
  array devices;
  for (int i = 0; i < 101; ++i) devices.push_back(object{{"user_id", bob_id_}, {"device_id", "d" + std::to_string(i)}});
  expect_refused({{"type", "keys.claim"}, {"devices", devices}}, "VALIDATION_FAILED", "devices");
}

TEST_F(e2ee_input_test, signing_key_and_sign_list_refuse_bad_input) {
  signer ssk;
  const auto bytes = "natter-ssk-v1\n" + std::to_string(alice_id_) + "\n" + ssk.public_key();
  expect_refused({{"type", "keys.signing_key"}, {"signature", ssk.sign(bytes)}}, "BAD_REQUEST", "ed25519");
  expect_refused({{"type", "keys.signing_key"}, {"ed25519", "short"}, {"signature", ssk.sign(bytes)}},
                 "VALIDATION_FAILED", "ed25519");
  expect_refused({{"type", "keys.signing_key"}, {"ed25519", ssk.public_key()}, {"signature", "x"}}, "VALIDATION_FAILED",
                 "signature");
  const auto bobs = "natter-ssk-v1\n" + std::to_string(bob_id_) + "\n" + ssk.public_key();
  expect_refused({{"type", "keys.signing_key"}, {"ed25519", ssk.public_key()}, {"signature", ssk.sign(bobs)}},
                 "SIGNATURE_INVALID", "signature");
  expect_refused({{"type", "keys.sign_list"}, {"version", 1}, {"signature", ssk.sign("x")}}, "KEY_CONFLICT");
  expect_refused({{"type", "keys.sign_list"}, {"version", 0}, {"signature", ssk.sign("x")}}, "VALIDATION_FAILED",
                 "version");
  expect_refused({{"type", "keys.sign_list"}, {"version", 1}}, "BAD_REQUEST", "signature");
}

TEST_F(e2ee_input_test, claims_beyond_the_per_user_rate_are_refused) {
  for (int i = 0; i < 10; ++i) claim(*bob_, alice_id_, "phone");
  auto reply = bob_->request(
      {{"type", "keys.claim"}, {"devices", array{object{{"user_id", alice_id_}, {"device_id", "phone"}}}}});
  EXPECT_EQ(code_of(reply), "RATE_LIMITED");
}

// The per-user rate is taken before any signature is checked: a flood of
// badly signed uploads costs the server a counter, not 52 checks each.
TEST_F(e2ee_input_test, uploads_beyond_the_per_user_rate_are_refused_before_their_signatures_are_checked) {
  const auto phone = device_of(alice_id_, "phone");
  auto r = phone.upload(50);
  signer other;
  r["signature"] = other.sign(phone.device_bytes());
  for (int i = 0; i < 30; ++i) expect_refused(r, "SIGNATURE_INVALID", "signature");
  expect_refused(r, "RATE_LIMITED");
}

}  // namespace
}  // namespace natter::testing
