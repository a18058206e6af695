// Key backup (client/e2ee/backup.hpp): a passphrase's key seals group session
// keys that a new device restores to read old messages.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "client/e2ee/backup.hpp"
#include "client/e2ee/device.hpp"

namespace natter::client::e2ee {
namespace {

// Cheap enough for tests; production uses the defaults.
constexpr argon2_cost test_cost{1, std::size_t{8} << 20U};

TEST(e2ee_backup, the_passphrase_opens_the_backup_and_a_wrong_one_does_not) {
  auto [key, auth] = backup_key::create("correct horse battery staple", test_cost);
  const auto sealed = key.seal("session-1", "secret key material");
  auto again = backup_key::open("correct horse battery staple", auth);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unseal("session-1", sealed).value_or(""), "secret key material");
  EXPECT_FALSE(backup_key::open("correct horse battery stapler", auth));
  EXPECT_EQ(boost::json::parse(auth).at("alg").as_string(), "natter.backup.v1");
  EXPECT_EQ(auth.find("secret"), std::string::npos);
}

TEST(e2ee_backup, a_changed_or_moved_entry_is_refused) {
  auto [key, auth] = backup_key::create("pass phrase", test_cost);
  auto sealed = key.seal("session-1", "abc");
  EXPECT_FALSE(key.unseal("session-2", sealed));  // moved to another entry
  sealed[sealed.size() / 2] = sealed[sealed.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(key.unseal("session-1", sealed));
  EXPECT_FALSE(key.unseal("session-1", "not base64!"));
  auto [other, other_auth] = backup_key::create("pass phrase", test_cost);  // same passphrase, another salt
  EXPECT_FALSE(other.unseal("session-1", key.seal("session-1", "abc")));
}

TEST(e2ee_backup, auth_data_a_server_could_abuse_is_refused) {
  auto [key, auth] = backup_key::create("p", test_cost);
  auto a = boost::json::parse(auth).as_object();
  a["mem"] = std::uint64_t{1} << 40U;  // a terabyte of memory
  EXPECT_FALSE(backup_key::open("p", boost::json::serialize(a)));
  a = boost::json::parse(auth).as_object();
  a["v"] = 2;
  EXPECT_FALSE(backup_key::open("p", boost::json::serialize(a)));
  EXPECT_FALSE(backup_key::open("p", "{"));
}

TEST(e2ee_backup, a_new_device_restores_group_keys_and_reads_old_messages) {
  device alice{1, "laptop"};
  device bob{2, "phone"};
  const auto bob_keys = bob.upload(1);
  bob.published();
  const auto& k = bob_keys.one_time_keys.at(0);
  ASSERT_TRUE(alice.start_session(bob.self(), {2, "phone", k.key_id, k.curve25519, k.signature, false}));
  const auto old = alice.group_encrypt(5, "before the new phone", 1'800'000'000'000);
  ASSERT_TRUE(bob.decrypt(alice.share_group_key(5, std::span(&bob.self(), 1)), alice.self()));

  // bob backs up, then a new device of bob's restores.
  auto [key, auth] = backup_key::create("bob's passphrase", test_cost);
  std::vector<std::pair<std::string, std::string>> stored;  // what the server would keep
  for (const auto& e : bob.export_group_keys()) stored.emplace_back(e.session_id, key.seal(e.session_id, e.json));
  ASSERT_EQ(stored.size(), 1u);

  device tablet{2, "tablet"};
  auto failed = tablet.group_decrypt(5, 10, old, alice.self());
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error->why, failure::missing_group_key);
  auto restored = backup_key::open("bob's passphrase", auth);
  ASSERT_TRUE(restored);
  for (const auto& [id, sealed] : stored) ASSERT_TRUE(tablet.import_group_key(restored->unseal(id, sealed).value()));
  auto read = tablet.group_decrypt(5, 10, old, alice.self());
  ASSERT_TRUE(read);
  EXPECT_EQ(read.value->body, "before the new phone");
  EXPECT_FALSE(tablet.import_group_key("{\"v\":1}"));
}

}  // namespace
}  // namespace natter::client::e2ee
