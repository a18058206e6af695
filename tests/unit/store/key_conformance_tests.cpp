// Conformance: the end-to-end encryption key directory (key_store.hpp).

#include <set>
#include <string>
#include <vector>

#include "store_conformance.hpp"

namespace natter::store::conformance {
namespace {

device_record make_device(user_id user, std::string device_id, std::string session) {
  device_record d;
  d.user = user;
  d.device_id = std::move(device_id);
  d.session = std::move(session);
  d.curve25519 = "curve-" + d.device_id;
  d.ed25519 = "ed-" + d.device_id;
  d.signature = "sig-" + d.device_id;
  d.display_name = "Laptop";
  d.created_at = t0;
  return d;
}

std::vector<device_key_record> make_keys(int count, const std::string& prefix = "k") {
  std::vector<device_key_record> keys;
  for (int i = 0; i < count; ++i) {
    device_key_record k;
    k.key_id = prefix + std::to_string(i);
    k.curve25519 = "otk-" + k.key_id;
    k.signature = "sig-" + k.key_id;
    keys.push_back(k);
  }
  return keys;
}

TEST_P(store_conformance, a_device_round_trips_and_raises_the_list_version) {
  const auto alice = add_user("alice");
  EXPECT_EQ(writer().key_owner(alice.id).list_version, 0);
  EXPECT_EQ(writer().insert_device(make_device(alice.id, "phone", "family-1")), 1);
  EXPECT_EQ(writer().insert_device(make_device(alice.id, "laptop", "family-2")), 2);

  const auto devices = writer().devices_of(alice.id, 10);
  ASSERT_EQ(devices.size(), 2U);
  EXPECT_EQ(devices[0].device_id, "laptop");  // device_id ascending
  EXPECT_EQ(devices[1].device_id, "phone");
  EXPECT_EQ(devices[1].session, "family-1");
  EXPECT_EQ(devices[1].curve25519, "curve-phone");
  EXPECT_EQ(devices[1].ed25519, "ed-phone");
  EXPECT_EQ(devices[1].signature, "sig-phone");
  EXPECT_EQ(devices[1].display_name, "Laptop");
  EXPECT_EQ(devices[1].created_at, t0);
  EXPECT_EQ(writer().key_owner(alice.id).list_version, 2);
  EXPECT_EQ(writer().devices_of(alice.id, 1).size(), 1U);
}

TEST_P(store_conformance, a_device_id_taken_by_the_same_user_is_refused) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().insert_device(make_device(alice.id, "phone", "family-1"));
  EXPECT_THROW(writer().insert_device(make_device(alice.id, "phone", "family-2")), failure);
  EXPECT_NO_THROW(writer().insert_device(make_device(bob.id, "phone", "family-3")));
  EXPECT_EQ(writer().device_of(alice.id, "phone")->session, "family-1");
}

TEST_P(store_conformance, each_one_time_key_is_claimed_exactly_once) {
  const auto alice = add_user("alice");
  writer().insert_device(make_device(alice.id, "phone", "family-1"));
  const auto keys = make_keys(5);
  EXPECT_EQ(writer().add_one_time_keys(alice.id, "phone", keys), 5);
  EXPECT_EQ(writer().add_one_time_keys(alice.id, "phone", make_keys(2)), 5);  // same ids: kept once

  std::set<std::string> claimed;
  for (int i = 0; i < 5; ++i) {
    auto k = writer().claim_key(alice.id, "phone");
    ASSERT_TRUE(k.has_value());
    EXPECT_FALSE(k->fallback);
    EXPECT_EQ(k->key.curve25519, "otk-" + k->key.key_id);
    EXPECT_EQ(k->key.signature, "sig-" + k->key.key_id);
    EXPECT_TRUE(claimed.insert(k->key.key_id).second) << k->key.key_id << " handed out twice";
    EXPECT_EQ(writer().one_time_key_count(alice.id, "phone"), 4 - i);
  }
  EXPECT_FALSE(writer().claim_key(alice.id, "phone").has_value());  // no key, no fallback
  EXPECT_FALSE(writer().claim_key(alice.id, "tablet").has_value());
}

TEST_P(store_conformance, the_fallback_key_is_handed_out_after_exhaustion_and_kept) {
  const auto alice = add_user("alice");
  writer().insert_device(make_device(alice.id, "phone", "family-1"));
  writer().add_one_time_keys(alice.id, "phone", make_keys(1));
  writer().set_fallback_key(alice.id, "phone", device_key_record{"fb1", "fallback-1", "fallback-sig-1"});

  auto first = writer().claim_key(alice.id, "phone");
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->fallback);
  EXPECT_EQ(first->key.key_id, "k0");
  for (int i = 0; i < 3; ++i) {
    auto k = writer().claim_key(alice.id, "phone");
    ASSERT_TRUE(k.has_value());
    EXPECT_TRUE(k->fallback);
    EXPECT_EQ(k->key.key_id, "fb1");
    EXPECT_EQ(k->key.curve25519, "fallback-1");
    EXPECT_EQ(k->key.signature, "fallback-sig-1");
  }
  writer().set_fallback_key(alice.id, "phone", device_key_record{"fb2", "fallback-2", "fallback-sig-2"});
  EXPECT_EQ(writer().claim_key(alice.id, "phone")->key.key_id, "fb2");
}

TEST_P(store_conformance, ending_a_session_removes_its_device_and_keys_and_raises_the_version) {
  const auto alice = add_user("alice");
  writer().insert_refresh_token(make_token(alice.id, "family-1", "hash-1"));
  writer().insert_refresh_token(make_token(alice.id, "family-2", "hash-2"));
  writer().insert_device(make_device(alice.id, "phone", "family-1"));
  writer().insert_device(make_device(alice.id, "laptop", "family-2"));
  writer().add_one_time_keys(alice.id, "phone", make_keys(3));

  writer().revoke_refresh_family("family-1", t0 + 1);
  EXPECT_FALSE(writer().device_of(alice.id, "phone").has_value());
  EXPECT_EQ(writer().one_time_key_count(alice.id, "phone"), 0);
  EXPECT_TRUE(writer().device_of(alice.id, "laptop").has_value());
  EXPECT_EQ(writer().key_owner(alice.id).list_version, 3);

  writer().revoke_refresh_tokens_of_user(alice.id, t0 + 2, std::nullopt);
  EXPECT_TRUE(writer().devices_of(alice.id, 10).empty());
  EXPECT_EQ(writer().key_owner(alice.id).list_version, 4);
  EXPECT_EQ(writer().remove_devices_of_session("family-1"), 0);
  EXPECT_EQ(writer().key_owner(alice.id).list_version, 4);  // nothing removed: unchanged
}

TEST_P(store_conformance, the_signed_list_holds_only_for_the_current_version) {
  const auto alice = add_user("alice");
  EXPECT_EQ(writer().set_signing_key(alice.id, "ssk-1"), 1);
  writer().insert_device(make_device(alice.id, "phone", "family-1"));
  EXPECT_FALSE(writer().sign_device_list(alice.id, 1, "list-sig", "phone ed-phone\n"));
  EXPECT_TRUE(writer().sign_device_list(alice.id, 2, "list-sig", "phone ed-phone\n"));
  auto owner = writer().key_owner(alice.id);
  EXPECT_EQ(owner.signing_key, "ssk-1");
  EXPECT_EQ(owner.list_version, 2);
  EXPECT_EQ(owner.signed_version, 2);
  EXPECT_EQ(owner.list_signature, "list-sig");
  EXPECT_EQ(owner.signed_devices, "phone ed-phone\n");

  writer().insert_device(make_device(alice.id, "laptop", "family-2"));  // the old signature is kept, for v2
  EXPECT_EQ(writer().key_owner(alice.id).signed_version, 2);
  EXPECT_EQ(writer().set_signing_key(alice.id, "ssk-2"), 4);  // a new key forgets the signature
  owner = writer().key_owner(alice.id);
  EXPECT_EQ(owner.signing_key, "ssk-2");
  EXPECT_EQ(owner.signed_version, 0);
  EXPECT_EQ(owner.list_signature, "");
}

TEST_P(store_conformance, erasing_an_account_forgets_its_keys) {
  const auto alice = add_user("alice");
  writer().set_signing_key(alice.id, "ssk-1");
  writer().insert_device(make_device(alice.id, "phone", "family-1"));
  writer().add_one_time_keys(alice.id, "phone", make_keys(2));
  account_erasure e;
  e.username = "deleted-1";
  e.email = "1@deleted.invalid";
  e.display_name = "Deleted user";
  e.at = t0 + 1;
  e.reserve_until = t0 + one_day;
  writer().erase_account(alice.id, e);
  EXPECT_TRUE(writer().devices_of(alice.id, 10).empty());
  EXPECT_EQ(writer().key_owner(alice.id).signing_key, "");
  EXPECT_EQ(writer().one_time_key_count(alice.id, "phone"), 0);
}

TEST_P(store_conformance, device_messages_queue_per_device_until_removed_and_go_with_the_device) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().insert_refresh_token(make_token(bob.id, "family-b", "hash-b"));
  writer().insert_device(make_device(alice.id, "laptop", "family-a"));
  writer().insert_device(make_device(bob.id, "phone", "family-b"));
  EXPECT_EQ(writer().device_of_session("family-b")->device_id, "phone");
  EXPECT_FALSE(writer().device_of_session("family-none").has_value());

  auto message = [&](int n) {
    return to_device_record{0, bob.id, "phone", alice.id, "laptop", "{\"n\":" + std::to_string(n) + "}", t0};
  };
  const auto first = writer().queue_to_device(message(1), 3);
  ASSERT_EQ(first.outcome, to_device_outcome::queued);
  const auto second = writer().queue_to_device(message(2), 3);
  EXPECT_GT(second.id, first.id);
  ASSERT_EQ(writer().queue_to_device(message(3), 3).outcome, to_device_outcome::queued);
  EXPECT_EQ(writer().queue_to_device(message(4), 3).outcome, to_device_outcome::full);
  auto other = message(5);
  other.recipient_device = "tablet";
  EXPECT_EQ(writer().queue_to_device(other, 3).outcome, to_device_outcome::no_device);

  auto queued = writer().to_device_after(bob.id, "phone", 0, 2);
  ASSERT_EQ(queued.size(), 2u);
  EXPECT_EQ(queued[0].id, first.id);
  EXPECT_EQ(queued[0].sender, alice.id);
  EXPECT_EQ(queued[0].sender_device, "laptop");
  EXPECT_EQ(queued[0].envelope, "{\"n\":1}");
  EXPECT_EQ(writer().to_device_after(bob.id, "phone", first.id, 10).size(), 2u);
  EXPECT_TRUE(writer().to_device_after(alice.id, "laptop", 0, 10).empty());

  EXPECT_EQ(writer().remove_to_device(bob.id, "phone", second.id), 2);
  EXPECT_EQ(writer().to_device_after(bob.id, "phone", 0, 10).size(), 1u);
  EXPECT_EQ(writer().queue_to_device(message(6), 3).outcome, to_device_outcome::queued);  // room again

  writer().revoke_refresh_family("family-b", t0 + 1);  // the phone's session ends: its queue goes too
  EXPECT_TRUE(writer().to_device_after(bob.id, "phone", 0, 10).empty());
  EXPECT_EQ(writer().queue_to_device(message(7), 3).outcome, to_device_outcome::no_device);
}

// A device lists with after = the last id it acknowledged: an id must never
// come again, not even once the whole queue was acknowledged and emptied.
TEST_P(store_conformance, device_message_ids_never_go_back_once_the_queue_is_emptied) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  writer().insert_device(make_device(alice.id, "laptop", "family-a"));
  writer().insert_device(make_device(bob.id, "phone", "family-b"));
  auto message = [&](int n) {
    return to_device_record{0, bob.id, "phone", alice.id, "laptop", "{\"n\":" + std::to_string(n) + "}", t0};
  };
  ASSERT_EQ(writer().queue_to_device(message(1), 10).outcome, to_device_outcome::queued);
  const auto last = writer().queue_to_device(message(2), 10);
  ASSERT_EQ(last.outcome, to_device_outcome::queued);
  EXPECT_EQ(writer().remove_to_device(bob.id, "phone", last.id), 2);
  ASSERT_TRUE(writer().to_device_after(bob.id, "phone", 0, 10).empty());

  const auto next = writer().queue_to_device(message(3), 10);
  ASSERT_EQ(next.outcome, to_device_outcome::queued);
  EXPECT_GT(next.id, last.id);
  const auto listed = writer().to_device_after(bob.id, "phone", last.id, 10);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].envelope, "{\"n\":3}");
}

}  // namespace
}  // namespace natter::store::conformance
