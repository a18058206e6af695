// Trust in other users' keys (client/e2ee/trust.hpp): checked device lists,
// trust on first use and key changes, the self-signing key, safety numbers.

#include <gtest/gtest.h>

#include <regex>

#include "client/e2ee/trust.hpp"
#include "protocol/key_formats.hpp"

namespace natter::client::e2ee {
namespace {

protocol::device_info info_of(device& d) {
  const auto up = d.upload(0);
  return {up.device_id, up.curve25519, up.ed25519, up.signature, "", 0};
}

// A keys.query entry for user 5 with laptop and phone, the list signed over
// the devices given.
struct listed : ::testing::Test {
  device laptop{5, "laptop"};
  device phone{5, "phone"};
  self_signing ssk;
  protocol::user_keys keys;

  void SetUp() override {
    keys.user_id = 5;
    keys.signing_key = ssk.public_key();
    keys.list_version = 3;
    keys.devices = {info_of(laptop), info_of(phone)};
  }
  void sign(std::vector<protocol::device_info> devices, std::int64_t version = 3) {
    const auto s = ssk.sign_list(5, version, devices);
    protocol::signed_device_list list{version, s.signature, {}};
    for (const auto& d : devices) list.devices.push_back({d.device_id, d.ed25519});
    keys.signed_list = list;
  }
};

TEST_F(listed, devices_in_the_signed_list_are_trusted_the_others_are_not) {
  sign({keys.devices[0]});  // the phone is new: not signed yet
  const auto c = check_user_keys(keys);
  EXPECT_TRUE(c.list_valid);
  ASSERT_EQ(c.trusted.size(), 1u);
  EXPECT_EQ(c.trusted[0].device_id, "laptop");
  ASSERT_EQ(c.unsigned_.size(), 1u);
  EXPECT_EQ(c.unsigned_[0].device_id, "phone");
  sign(keys.devices);
  EXPECT_EQ(check_user_keys(keys).trusted.size(), 2u);
}

TEST_F(listed, a_list_signed_by_another_key_or_changed_trusts_nobody) {
  sign(keys.devices);
  self_signing other;
  keys.signing_key = other.public_key();  // the server swaps the signing key
  auto c = check_user_keys(keys);
  EXPECT_FALSE(c.list_valid);
  EXPECT_TRUE(c.trusted.empty());
  EXPECT_EQ(c.unsigned_.size(), 2u);
  keys.signing_key = ssk.public_key();
  keys.signed_list->devices[1].ed25519 = keys.devices[0].ed25519;  // the server edits the signed list
  EXPECT_FALSE(check_user_keys(keys).list_valid);
}

TEST_F(listed, a_device_whose_own_signature_fails_is_left_out) {
  keys.devices[1].curve25519 = keys.devices[0].curve25519;  // the server swaps a device's key
  sign(keys.devices);
  const auto c = check_user_keys(keys);
  ASSERT_EQ(c.trusted.size(), 1u);
  EXPECT_EQ(c.trusted[0].device_id, "laptop");
  EXPECT_TRUE(c.unsigned_.empty());
}

TEST(e2ee_trust, the_first_key_is_pinned_and_a_change_after_verifying_blocks_sending) {
  trust_store t;
  EXPECT_EQ(t.state_of(5), trust::unknown);
  EXPECT_EQ(t.observe(5, "K1"), trust::unverified);
  EXPECT_EQ(t.observe(5, "K1"), trust::unverified);
  EXPECT_TRUE(t.mark_verified(5));
  EXPECT_EQ(t.observe(5, "K1"), trust::verified);
  EXPECT_EQ(t.observe(5, "K2"), trust::changed_after_verify);
  EXPECT_FALSE(t.may_send_to(5));
  EXPECT_FALSE(t.mark_verified(5));  // the new key is not the one compared
  auto saved = trust_store::restore(t.save());
  EXPECT_EQ(saved.state_of(5), trust::changed_after_verify);
  t.acknowledge_change(5);
  EXPECT_EQ(t.state_of(5), trust::unverified);
  EXPECT_TRUE(t.may_send_to(5));
  EXPECT_EQ(t.pinned_key(5), "K2");
}

TEST(e2ee_trust, a_change_of_an_unverified_key_warns_without_blocking) {
  trust_store t;
  t.observe(6, "A");
  EXPECT_EQ(t.observe(6, "B"), trust::changed);
  EXPECT_TRUE(t.may_send_to(6));
  EXPECT_EQ(t.observe(6, "A"), trust::unverified);  // back to the pinned key
}

TEST(e2ee_trust, the_self_signing_key_signs_what_natterd_checks_and_survives_a_restore) {
  self_signing s;
  const auto pub = s.publish(9, false);
  EXPECT_TRUE(signature_verifies(pub.ed25519, pub.signature, protocol::signing_key_signed_bytes(9, pub.ed25519)));
  EXPECT_FALSE(signature_verifies(pub.ed25519, pub.signature, protocol::signing_key_signed_bytes(8, pub.ed25519)));
  const auto again = self_signing::restore(s.save());
  EXPECT_EQ(again.public_key(), s.public_key());
  EXPECT_THROW(self_signing::restore("not base64"), std::runtime_error);
}

TEST(e2ee_trust, safety_numbers_match_on_both_sides_and_change_with_either_key) {
  self_signing a, b, c;
  const auto ab = safety_number(1, a.public_key(), 2, b.public_key());
  EXPECT_EQ(ab, safety_number(2, b.public_key(), 1, a.public_key()));
  EXPECT_TRUE(std::regex_match(ab, std::regex("([0-9]{5} ){11}[0-9]{5}"))) << ab;
  EXPECT_NE(ab, safety_number(1, a.public_key(), 2, c.public_key()));
  EXPECT_NE(ab, safety_number(1, c.public_key(), 2, b.public_key()));
  // A known answer (computed independently with Python's hashlib from the
  // definition in docs/security.md); the web app's test checks the same one.
  EXPECT_EQ(safety_number(2, "BBBB", 1, "AAAA"),
            "85894 53735 51157 77401 12215 11376 34217 06393 35480 50864 62545 62575");
}

}  // namespace
}  // namespace natter::client::e2ee
