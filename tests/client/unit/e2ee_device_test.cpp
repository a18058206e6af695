// The clients' e2ee interface in process: two or three devices exchange
// Olm and Megolm envelopes directly (the server only relays them; the
// interop tests over natterd are in tests/client/integration).

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>

#include "client/e2ee/device.hpp"
#include "client/e2ee/state_file.hpp"
#include "protocol/key_formats.hpp"

namespace natter::client::e2ee {
namespace {

namespace json = boost::json;

constexpr unix_ms t0 = 1'800'000'000'000;

// A claimed one-time key of d, as keys.claim returns it after d uploaded.
protocol::claimed_key claim_from(device& d, const protocol::keys_upload_request& up, std::size_t i = 0) {
  const auto& k = up.one_time_keys.at(i);
  return protocol::claimed_key{d.self().user, d.self().device_id, k.key_id, k.curve25519, k.signature, false};
}

struct pair_of_devices : ::testing::Test {
  device alice{1, "alice-laptop"};
  device bob{2, "bob-phone"};
  protocol::keys_upload_request bob_keys = bob.upload(5);

  void SetUp() override {
    bob.published();
    ASSERT_TRUE(alice.start_session(bob.self(), claim_from(bob, bob_keys)));
  }
  std::string open(device& to, const json::object& env, const peer& from) {
    auto d = to.decrypt(env, from);
    EXPECT_TRUE(d) << (d.error ? describe(d.error->why) : "");
    return d ? d.value->body : "";
  }
};

TEST(e2ee_device, an_upload_signs_the_device_and_every_key_with_the_device_key) {
  device d{7, "phone"};
  const auto up = d.upload(3);
  EXPECT_EQ(up.one_time_keys.size(), 3u);
  ASSERT_TRUE(up.fallback_key);
  EXPECT_TRUE(signature_verifies(up.ed25519, up.signature,
                                 protocol::device_signed_bytes(7, "phone", up.curve25519, up.ed25519)));
  for (const auto& k : up.one_time_keys) {
    EXPECT_TRUE(
        signature_verifies(up.ed25519, k.signature, protocol::key_signed_bytes(7, "phone", k.key_id, k.curve25519)));
  }
  EXPECT_FALSE(signature_verifies(up.ed25519, up.signature,
                                  protocol::device_signed_bytes(8, "phone", up.curve25519, up.ed25519)));
}

TEST_F(pair_of_devices, the_first_message_sets_up_the_session_and_replies_use_it) {
  const auto first = alice.encrypt("hello bob", std::span(&bob.self(), 1));
  EXPECT_EQ(first.at("ciphertexts").at("2:bob-phone").at("type").as_int64(), 0);
  EXPECT_EQ(open(bob, first, alice.self()), "hello bob");
  ASSERT_TRUE(bob.has_session(alice.self()));
  const auto reply = bob.encrypt("hi alice", std::span(&alice.self(), 1));
  EXPECT_EQ(open(alice, reply, bob.self()), "hi alice");
  const auto after = alice.encrypt("again", std::span(&bob.self(), 1));
  EXPECT_EQ(after.at("ciphertexts").at("2:bob-phone").at("type").as_int64(), 1);  // the ratchet turned
  EXPECT_EQ(open(bob, after, alice.self()), "again");
}

TEST_F(pair_of_devices, messages_out_of_order_and_skipped_ones_decrypt) {
  std::vector<json::object> sent;
  for (int i = 0; i < 5; ++i) sent.push_back(alice.encrypt("m" + std::to_string(i), std::span(&bob.self(), 1)));
  EXPECT_EQ(open(bob, sent[0], alice.self()), "m0");
  EXPECT_EQ(open(bob, sent[4], alice.self()), "m4");
  EXPECT_EQ(open(bob, sent[2], alice.self()), "m2");
  EXPECT_EQ(open(bob, sent[1], alice.self()), "m1");
}

TEST_F(pair_of_devices, a_replayed_or_corrupted_ciphertext_is_refused_visibly) {
  const auto env = alice.encrypt("once", std::span(&bob.self(), 1));
  EXPECT_EQ(open(bob, env, alice.self()), "once");
  auto again = bob.decrypt(env, alice.self());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error->why, failure::bad_message);

  auto corrupt = alice.encrypt("twice", std::span(&bob.self(), 1));
  auto& body = corrupt.at("ciphertexts").at("2:bob-phone").as_object()["body"].as_string();
  body[body.size() / 2] = body[body.size() / 2] == 'A' ? 'B' : 'A';
  auto bad = bob.decrypt(corrupt, alice.self());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error->why, failure::bad_message);
}

TEST_F(pair_of_devices, a_corrupted_first_message_does_not_use_up_the_one_time_key) {
  const auto env = alice.encrypt("first", std::span(&bob.self(), 1));
  auto corrupt = env;
  auto& body = corrupt.at("ciphertexts").at("2:bob-phone").as_object()["body"].as_string();
  body[body.size() - 10] = body[body.size() - 10] == 'A' ? 'B' : 'A';
  auto bad = bob.decrypt(corrupt, alice.self());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error->why, failure::bad_message);
  EXPECT_EQ(open(bob, env, alice.self()), "first");
}

TEST_F(pair_of_devices, both_sides_starting_at_once_still_talk) {
  const auto alice_keys = alice.upload(2);
  alice.published();
  ASSERT_TRUE(bob.start_session(alice.self(), claim_from(alice, alice_keys)));
  const auto from_alice = alice.encrypt("a->b", std::span(&bob.self(), 1));
  const auto from_bob = bob.encrypt("b->a", std::span(&alice.self(), 1));
  EXPECT_EQ(open(bob, from_alice, alice.self()), "a->b");
  EXPECT_EQ(open(alice, from_bob, bob.self()), "b->a");
  EXPECT_EQ(open(alice, bob.encrypt("later", std::span(&alice.self(), 1)), bob.self()), "later");
}

TEST_F(pair_of_devices, a_key_signed_by_another_device_starts_no_session) {
  device mallory{3, "mallory"};
  const auto mk = mallory.upload(1);
  auto k = claim_from(bob, bob_keys, 1);
  k.curve25519 = mk.one_time_keys.at(0).curve25519;  // the server swaps in a key it controls
  device carol{4, "carol"};
  EXPECT_FALSE(carol.start_session(bob.self(), k));
  EXPECT_FALSE(carol.has_session(bob.self()));
}

TEST_F(pair_of_devices, a_message_passed_off_as_another_senders_is_refused) {
  const auto env = alice.encrypt("from alice", std::span(&bob.self(), 1));
  peer pretender = alice.self();
  pretender.user = 9;  // the server claims someone else sent it
  auto d = bob.decrypt(env, pretender);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error->why, failure::forged);
}

TEST_F(pair_of_devices, an_unknown_envelope_version_says_so) {
  auto env = alice.encrypt("x", std::span(&bob.self(), 1));
  env["v"] = 2;
  auto d = bob.decrypt(env, alice.self());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error->why, failure::unsupported);
  device other{2, "bob-tablet"};
  auto not_mine = other.decrypt(alice.encrypt("y", std::span(&bob.self(), 1)), alice.self());
  ASSERT_FALSE(not_mine);
  EXPECT_EQ(not_mine.error->why, failure::not_for_this_device);
}

TEST_F(pair_of_devices, a_group_key_shared_over_olm_opens_group_messages_and_only_from_its_owner) {
  const conversation_id c = 42;
  const auto m1 = alice.group_encrypt(c, "to the group", t0);
  ASSERT_TRUE(alice.new_group_session(c));
  auto missing = bob.group_decrypt(c, 100, m1, alice.self());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error->why, failure::missing_group_key);

  const auto share = alice.share_group_key(c, std::span(&bob.self(), 1));
  EXPECT_FALSE(alice.new_group_session(c));
  auto got = bob.decrypt(share, alice.self());
  ASSERT_TRUE(got);
  EXPECT_TRUE(got.value->group_key);
  auto opened = bob.group_decrypt(c, 100, m1, alice.self());
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened.value->body, "to the group");
  EXPECT_TRUE(bob.group_decrypt(c, 100, m1, alice.self()));   // the same message again: history re-read
  auto replay = bob.group_decrypt(c, 101, m1, alice.self());  // the same ciphertext as another message
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error->why, failure::bad_message);
  auto elsewhere = bob.group_decrypt(c + 1, 102, m1, alice.self());  // moved to another conversation
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error->why, failure::forged);
  EXPECT_TRUE(alice.group_decrypt(c, 100, m1, alice.self()));  // the sender reads its own
}

TEST_F(pair_of_devices, the_group_session_rotates_on_membership_change_and_after_100_messages) {
  const conversation_id c = 5;
  const auto first = alice.group_encrypt(c, "a", t0).at("session_id");
  EXPECT_EQ(alice.group_encrypt(c, "b", t0).at("session_id"), first);
  alice.rotate_group(c);  // someone left
  const auto second = alice.group_encrypt(c, "c", t0).at("session_id");
  EXPECT_NE(second, first);
  EXPECT_TRUE(alice.new_group_session(c));
  for (int i = 0; i < 99; ++i) EXPECT_EQ(alice.group_encrypt(c, "n", t0).at("session_id"), second);
  EXPECT_NE(alice.group_encrypt(c, "101st", t0).at("session_id"), second);
  const auto third = alice.group_encrypt(c, "x", t0).at("session_id");
  EXPECT_NE(alice.group_encrypt(c, "a week on", t0 + 7LL * 24 * 3600 * 1000).at("session_id"), third);
}

TEST_F(pair_of_devices, a_removed_member_cannot_read_after_rotation) {
  const conversation_id c = 6;
  device carol{3, "carol"};
  const auto carol_keys = carol.upload(2);
  carol.published();
  ASSERT_TRUE(alice.start_session(carol.self(), claim_from(carol, carol_keys)));
  alice.group_encrypt(c, "before", t0);
  const peer both[] = {bob.self(), carol.self()};
  const auto share = alice.share_group_key(c, both);
  ASSERT_TRUE(bob.decrypt(share, alice.self()));
  ASSERT_TRUE(carol.decrypt(share, alice.self()));
  alice.rotate_group(c);  // carol was removed
  const auto after = alice.group_encrypt(c, "after", t0);
  ASSERT_TRUE(bob.decrypt(alice.share_group_key(c, std::span(&bob.self(), 1)), alice.self()));
  EXPECT_TRUE(bob.group_decrypt(c, 200, after, alice.self()));
  auto d = carol.group_decrypt(c, 200, after, alice.self());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error->why, failure::missing_group_key);
}

TEST_F(pair_of_devices, saved_and_restored_state_keeps_every_session) {
  const auto first = alice.encrypt("one", std::span(&bob.self(), 1));
  EXPECT_EQ(open(bob, first, alice.self()), "one");
  alice.group_encrypt(9, "g", t0);
  ASSERT_TRUE(bob.decrypt(alice.share_group_key(9, std::span(&bob.self(), 1)), alice.self()));
  const std::string key(32, 'k');
  device bob2 = device::restore(bob.save(key), key);
  device alice2 = device::restore(alice.save(key), key);
  EXPECT_EQ(bob2.self().curve25519, bob.self().curve25519);
  EXPECT_EQ(open(bob2, alice2.encrypt("two", std::span(&bob2.self(), 1)), alice2.self()), "two");
  EXPECT_TRUE(bob2.group_decrypt(9, 1, alice2.group_encrypt(9, "g2", t0), alice2.self()));
  EXPECT_THROW(device::restore(bob.save(key), std::string(32, 'x')), std::exception);
}

TEST(e2ee_state_file, state_is_sealed_private_and_refused_when_changed) {
  const auto dir = std::filesystem::temp_directory_path() / ("natter-e2ee-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    state_file f(dir / "state");
    EXPECT_FALSE(f.load());
    f.store("{\"secret\":\"marker-9f2c\"}");
    EXPECT_EQ(f.load().value(), "{\"secret\":\"marker-9f2c\"}");
    struct stat st {};
    ASSERT_EQ(::stat(f.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat((dir / "state").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    std::ifstream in(f.path(), std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(raw.find("marker-9f2c"), std::string::npos);
    std::string changed = raw;
    changed.back() = static_cast<char>(changed.back() ^ 1);
    std::ofstream(f.path(), std::ios::binary | std::ios::trunc) << changed;
    EXPECT_THROW(f.load(), std::runtime_error);
  }
  state_file again(dir / "state");  // the same key file: the same pickle key
  state_file other(dir / "other");
  EXPECT_NE(again.pickle_key(), other.pickle_key());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace natter::client::e2ee
