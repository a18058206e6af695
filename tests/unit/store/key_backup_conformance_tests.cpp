// Conformance: key backup (key_store.hpp, migration 23). The store keeps a
// user's current backup version with its auth_data and sealed entries as
// given; it never reads them.

#include <string>
#include <vector>

#include "store_conformance.hpp"

namespace natter::store::conformance {
namespace {

const std::string backup_auth = R"({"v":1,"alg":"natter.backup.v1","salt":"c2FsdA","ops":3,"mem":67108864})";

// count entries "<prefix>000".."<prefix>NNN", ascending in byte order.
std::vector<key_backup_entry_record> backup_entries(int count, const std::string& prefix = "s",
                                                    const std::string& data = "ZGF0YQ") {
  std::vector<key_backup_entry_record> out;
  for (int i = 0; i < count; ++i) {
    std::string id = std::to_string(i);
    id.insert(0, 3 - id.size(), '0');
    out.push_back({prefix + id, data + std::to_string(i)});
  }
  return out;
}

TEST_P(store_conformance, a_key_backup_is_created_replaced_and_deleted_with_versions_never_reused) {
  const auto alice = add_user("alice");
  EXPECT_FALSE(writer().key_backup_of(alice.id));

  EXPECT_EQ(writer().create_key_backup(alice.id, backup_auth, t0), 1);
  auto first = writer().key_backup_of(alice.id);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(first->auth_data, backup_auth);
  EXPECT_EQ(first->count, 0);
  EXPECT_EQ(first->created_at, t0);

  EXPECT_EQ(writer().create_key_backup(alice.id, "{\"v\":2}", t0 + 5), 2);
  auto second = writer().key_backup_of(alice.id);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(second->auth_data, "{\"v\":2}");
  EXPECT_EQ(second->created_at, t0 + 5);
  EXPECT_NE(second->etag, first->etag);

  EXPECT_FALSE(writer().delete_key_backup(alice.id, 1));  // not the current one
  EXPECT_TRUE(writer().key_backup_of(alice.id));
  EXPECT_TRUE(writer().delete_key_backup(alice.id, 2));
  EXPECT_FALSE(writer().key_backup_of(alice.id));
  EXPECT_FALSE(writer().delete_key_backup(alice.id, 2));                    // gone already
  EXPECT_EQ(writer().create_key_backup(alice.id, backup_auth, t0 + 9), 3);  // 2 is not given out again
}

TEST_P(store_conformance, backup_entries_page_by_session_id_and_the_last_write_wins) {
  const auto alice = add_user("alice");
  const auto v = writer().create_key_backup(alice.id, backup_auth, t0);
  const auto before = writer().key_backup_of(alice.id)->etag;
  auto stored = writer().put_key_backup_entries(alice.id, v, backup_entries(5), 100);
  EXPECT_EQ(stored.outcome, key_backup_outcome::stored);
  EXPECT_EQ(stored.count, 5);
  EXPECT_NE(stored.etag, before);
  // s001 again with new data, and one new entry: one more in all.
  const std::vector<key_backup_entry_record> again{{"s001", "bmV3"}, {"s005", "ZmlmdGg"}};
  stored = writer().put_key_backup_entries(alice.id, v, again, 100);
  EXPECT_EQ(stored.count, 6);
  EXPECT_EQ(writer().key_backup_of(alice.id)->count, 6);
  EXPECT_EQ(writer().key_backup_of(alice.id)->etag, stored.etag);

  const auto page = writer().key_backup_entries_after(alice.id, v, "", 4);
  ASSERT_EQ(page.size(), 4U);
  EXPECT_EQ(page[0].session_id, "s000");
  EXPECT_EQ(page[1].session_id, "s001");
  EXPECT_EQ(page[1].data, "bmV3");
  EXPECT_EQ(page[3].session_id, "s003");
  const auto rest = writer().key_backup_entries_after(alice.id, v, page.back().session_id, 4);
  ASSERT_EQ(rest.size(), 2U);
  EXPECT_EQ(rest[0].session_id, "s004");
  EXPECT_EQ(rest[1].data, "ZmlmdGg");
  // Byte order, whatever the database's collation: '+', then upper case, then lower case.
  const std::vector<key_backup_entry_record> mixed_case{{"a", "YQ"}, {"Z", "Wg"}, {"+", "Kw"}};
  writer().put_key_backup_entries(alice.id, v, mixed_case, 100);
  const auto all = writer().key_backup_entries_after(alice.id, v, "", 100);
  ASSERT_EQ(all.size(), 9U);
  EXPECT_EQ(all[0].session_id, "+");
  EXPECT_EQ(all[1].session_id, "Z");
  EXPECT_EQ(all[2].session_id, "a");
  EXPECT_EQ(all[3].session_id, "s000");
}

TEST_P(store_conformance, a_put_to_another_version_or_without_a_backup_stores_nothing) {
  const auto alice = add_user("alice");
  EXPECT_EQ(writer().put_key_backup_entries(alice.id, 1, backup_entries(1), 100).outcome,
            key_backup_outcome::no_backup);
  const auto v1 = writer().create_key_backup(alice.id, backup_auth, t0);
  writer().put_key_backup_entries(alice.id, v1, backup_entries(3), 100);
  const auto v2 = writer().create_key_backup(alice.id, backup_auth, t0 + 1);

  // The new version starts empty: the old entries went with the old version.
  EXPECT_EQ(writer().key_backup_of(alice.id)->count, 0);
  EXPECT_TRUE(writer().key_backup_entries_after(alice.id, v2, "", 10).empty());
  EXPECT_TRUE(writer().key_backup_entries_after(alice.id, v1, "", 10).empty());

  const auto stale = writer().put_key_backup_entries(alice.id, v1, backup_entries(2, "t"), 100);
  EXPECT_EQ(stale.outcome, key_backup_outcome::other_version);
  EXPECT_EQ(stale.version, v2);
  EXPECT_TRUE(writer().key_backup_entries_after(alice.id, v2, "", 10).empty());
  EXPECT_EQ(writer().key_backup_of(alice.id)->count, 0);

  writer().put_key_backup_entries(alice.id, v2, backup_entries(2), 100);
  ASSERT_TRUE(writer().delete_key_backup(alice.id, v2));
  EXPECT_EQ(writer().put_key_backup_entries(alice.id, v2, backup_entries(1), 100).outcome,
            key_backup_outcome::no_backup);
  EXPECT_TRUE(writer().key_backup_entries_after(alice.id, v2, "", 10).empty());
}

TEST_P(store_conformance, a_put_past_the_cap_stores_nothing_and_replacing_entries_does_not_count) {
  const auto alice = add_user("alice");
  const auto v = writer().create_key_backup(alice.id, backup_auth, t0);
  EXPECT_EQ(writer().put_key_backup_entries(alice.id, v, backup_entries(8), 10).count, 8);

  const auto over = writer().put_key_backup_entries(alice.id, v, backup_entries(3, "u"), 10);
  EXPECT_EQ(over.outcome, key_backup_outcome::full);
  EXPECT_EQ(over.count, 8);
  EXPECT_EQ(writer().key_backup_of(alice.id)->count, 8);
  EXPECT_EQ(writer().key_backup_entries_after(alice.id, v, "", 20).size(), 8U);

  // Replacing the 8 held and adding 2 fits exactly; a session id twice in one put counts once.
  auto mixed = backup_entries(8, "s", "bmV3");
  mixed.push_back({"u000", "dQ"});
  mixed.push_back({"u001", "dQ"});
  mixed.push_back({"u001", "dg"});
  const auto fits = writer().put_key_backup_entries(alice.id, v, mixed, 10);
  EXPECT_EQ(fits.outcome, key_backup_outcome::stored);
  EXPECT_EQ(fits.count, 10);
  const auto all = writer().key_backup_entries_after(alice.id, v, "", 20);
  ASSERT_EQ(all.size(), 10U);
  EXPECT_EQ(all[0].data, "bmV30");
  EXPECT_EQ(all[9].data, "dg");  // the later of the two
}

TEST_P(store_conformance, key_backups_are_per_user_and_go_with_the_account) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto va = writer().create_key_backup(alice.id, backup_auth, t0);
  const auto vb = writer().create_key_backup(bob.id, "{\"bob\":1}", t0);
  EXPECT_EQ(va, 1);
  EXPECT_EQ(vb, 1);  // versions count per user
  writer().put_key_backup_entries(alice.id, va, backup_entries(3, "a"), 100);
  writer().put_key_backup_entries(bob.id, vb, backup_entries(2, "a", "Ym9i"), 100);
  EXPECT_EQ(writer().key_backup_entries_after(alice.id, va, "", 10)[0].data, "ZGF0YQ0");
  EXPECT_EQ(writer().key_backup_entries_after(bob.id, vb, "", 10)[0].data, "Ym9i0");
  EXPECT_EQ(writer().key_backup_of(bob.id)->auth_data, "{\"bob\":1}");

  // A new version of alice's leaves bob's entries alone.
  writer().create_key_backup(alice.id, backup_auth, t0 + 1);
  EXPECT_EQ(writer().key_backup_entries_after(bob.id, vb, "", 10).size(), 2U);

  writer().erase_account(bob.id, {"deleted-bob", "bob@deleted.invalid", "Deleted user", t0 + 2, t0 + 3});
  EXPECT_FALSE(writer().key_backup_of(bob.id));
  EXPECT_TRUE(writer().key_backup_entries_after(bob.id, vb, "", 10).empty());
  EXPECT_TRUE(writer().key_backup_of(alice.id));
}

}  // namespace
}  // namespace natter::store::conformance
