// Several natterd nodes on one MariaDB database: each node is a backend of
// its own on the test's database, each writer a thread of its own. What must
// hold however their transactions interleave.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <latch>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "conversation_conformance.hpp"
#include "mariadb_test_database.hpp"
#include "store/mariadb/migrations.hpp"

namespace natter::store::mariadb {
namespace {

using conformance::make_conversation;
using conformance::make_message;
using conformance::make_new_user;
using conformance::mariadb_test_database;
using conformance::seqs_of;

// A migrated schema with a group of two users, alice and bob.
class store_mariadb_nodes : public ::testing::Test {
 protected:
  void SetUp() override {
    auto backend = db_.open_backend();
    backend->migrate();
    auto writer = backend->open_writer();
    alice_ = writer->insert_user(make_new_user("alice"))->id;
    bob_ = writer->insert_user(make_new_user("bob"))->id;
    group_ = writer->create_conversation(make_conversation(conversation_kind::group, "friends"))->id;
  }

  // A writer of a node of its own.
  std::unique_ptr<store> node_writer() { return db_.open_backend()->open_writer(); }

  mariadb_test_database db_;
  user_id alice_ = 0;
  user_id bob_ = 0;
  conversation_id group_ = 0;
};

// Appends count messages to c from `from`, one transaction each; keys are
// key_prefix + i. Returns the entries as appended.
std::vector<appended_entry> append_messages(store& writer, conversation_id c, user_id from,
                                            const std::string& key_prefix, int count) {
  std::vector<appended_entry> appended;
  for (int i = 0; i < count; ++i) {
    writer.begin_transaction();
    appended.push_back(writer.append(make_message(c, from, "m" + std::to_string(i), key_prefix + std::to_string(i))));
    writer.commit_transaction();
  }
  return appended;
}

TEST_F(store_mariadb_nodes, nodes_appending_to_one_conversation_get_gapless_distinct_seqs) {
  constexpr int per_node = 100;
  auto first = node_writer();
  auto second = node_writer();
  std::vector<appended_entry> from_first, from_second;
  std::thread other([&] { from_second = append_messages(*second, group_, bob_, "b", per_node); });
  from_first = append_messages(*first, group_, alice_, "a", per_node);
  other.join();

  std::set<seq_t> seqs;
  int stored = 0;
  for (const auto* node : {&from_first, &from_second}) {
    for (const auto& a : *node) {
      seqs.insert(a.entry.seq);
      stored += a.stored ? 1 : 0;
    }
  }
  // Each is a new send, even one that waited while the other node's append
  // moved the conversation's last_seq.
  EXPECT_EQ(stored, 2 * per_node);
  EXPECT_EQ(seqs.size(), 2u * per_node);
  EXPECT_EQ(*seqs.begin(), 1);
  EXPECT_EQ(*seqs.rbegin(), 2 * per_node);
  EXPECT_EQ(first->conversation_by_id(group_)->last_seq, 2 * per_node);
  EXPECT_EQ(first->log_after(group_, 0, 1000).size(), 2u * per_node);
}

TEST_F(store_mariadb_nodes, one_send_retried_on_two_nodes_at_once_is_stored_once) {
  constexpr int sends = 50;
  auto first = node_writer();
  auto second = node_writer();
  std::vector<appended_entry> via_first, via_second;
  std::thread other([&] { via_second = append_messages(*second, group_, alice_, "k", sends); });
  via_first = append_messages(*first, group_, alice_, "k", sends);
  other.join();

  for (int i = 0; i < sends; ++i) {
    EXPECT_EQ(via_first[i].entry.id, via_second[i].entry.id) << "send " << i;
    EXPECT_EQ(via_first[i].entry.seq, via_second[i].entry.seq) << "send " << i;
    EXPECT_NE(via_first[i].stored, via_second[i].stored) << "send " << i << ": one stored it, one found it";
  }
  std::vector<seq_t> expected;
  for (seq_t s = 1; s <= sends; ++s) expected.push_back(s);
  EXPECT_EQ(seqs_of(first->log_after(group_, 0, 1000)), expected);
  EXPECT_EQ(first->conversation_by_id(group_)->last_seq, sends);  // no seq lost to a collision
}

TEST_F(store_mariadb_nodes, crossed_appends_deadlock_and_the_victim_gets_a_retryable_failure) {
  auto first = node_writer();
  auto second = node_writer();
  const conversation_id other_group = first->create_conversation(make_conversation(conversation_kind::group, "x"))->id;
  std::latch both_hold_their_first(2);
  std::atomic<int> retryable{0}, committed{0};
  // Each appends to its own conversation, then to the other's: a cycle.
  const auto cross = [&](store& writer, conversation_id mine, conversation_id theirs) {
    writer.begin_transaction();
    writer.append(make_message(mine, alice_, "first", ""));
    both_hold_their_first.arrive_and_wait();
    try {
      writer.append(make_message(theirs, alice_, "second", ""));
      writer.commit_transaction();
      ++committed;
    } catch (const retryable_failure&) {
      ++retryable;
      writer.rollback_transaction();  // lets the other one through
    }
  };
  std::thread other([&] { cross(*second, other_group, group_); });
  cross(*first, group_, other_group);
  other.join();

  EXPECT_EQ(retryable.load(), 1);
  EXPECT_EQ(committed.load(), 1);
  EXPECT_EQ(first->conversation_by_id(group_)->last_seq + first->conversation_by_id(other_group)->last_seq, 2);
}

// Groups of sends (append_messages) from two nodes into the same
// conversations, each group naming them in the opposite order of the other
// node's: the conversations are locked in id order, so neither node waits
// for the other in a cycle, and the seqs stay gapless and distinct.
TEST_F(store_mariadb_nodes, groups_of_sends_from_two_nodes_in_crossed_order_never_deadlock) {
  constexpr int groups = 40;
  auto first = node_writer();
  auto second = node_writer();
  const conversation_id other_group = first->create_conversation(make_conversation(conversation_kind::group, "x"))->id;
  for (auto c : {group_, other_group}) {
    for (auto u : {alice_, bob_}) first->add_member(c, u, member_role::member, conformance::t0, 0);
  }
  std::atomic<int> failures{0};
  const auto send_groups = [&](store& writer, user_id from, conversation_id a, conversation_id b) {
    for (int g = 0; g < groups; ++g) {
      const std::string key = std::to_string(from) + "-" + std::to_string(g);
      const std::vector<new_message> messages{{a, from, conformance::t0, "one", key + "a", std::nullopt, {}},
                                              {b, from, conformance::t0, "two", key + "b", std::nullopt, {}},
                                              {a, from, conformance::t0, "three", key + "c", std::nullopt, {}}};
      try {
        writer.begin_transaction();
        for (const auto& m : writer.append_messages(messages)) {
          if (m.refused != send_refusal::none || !m.appended.stored) ++failures;
        }
        writer.commit_transaction();
      } catch (const std::exception&) {
        ++failures;
        writer.rollback_transaction();
      }
    }
  };
  std::thread other([&] { send_groups(*second, bob_, other_group, group_); });
  send_groups(*first, alice_, group_, other_group);
  other.join();

  EXPECT_EQ(failures.load(), 0) << "no deadlock victim, no refusal";
  for (auto c : {group_, other_group}) {
    const auto log = first->log_after(c, 0, 1000);
    std::vector<seq_t> expected;
    for (seq_t s = 1; s <= static_cast<seq_t>(log.size()); ++s) expected.push_back(s);
    EXPECT_EQ(seqs_of(log), expected);
    EXPECT_EQ(log.size(), static_cast<std::size_t>(3 * groups)) << "each node sent 2 or 1 per group here";
    for (auto u : {alice_, bob_}) EXPECT_EQ(first->unread_count(c, u), conformance::unread_by_counting(*first, c, u));
  }
}

TEST_F(store_mariadb_nodes, nodes_migrating_at_once_apply_each_migration_once) {
  mariadb_test_database fresh;
  constexpr int nodes = 4;
  std::atomic<int> failures{0};
  std::vector<std::thread> starting;
  for (int i = 0; i < nodes; ++i) {
    starting.emplace_back([&] {
      try {
        fresh.open_backend()->migrate();
      } catch (const failure&) {
        ++failures;
      }
    });
  }
  for (auto& t : starting) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(fresh.run("SELECT COUNT(*) FROM " + fresh.name() + ".schema_migrations")[0].text_at(0),
            std::to_string(all_migrations().size()));
}

// The executor over a backend whose sessions the server ended, as when
// MariaDB restarts under a running natterd.
TEST_F(store_mariadb_nodes, database_carries_on_after_the_server_ended_its_sessions) {
  database_options options;
  options.reader_threads = 1;
  boost::asio::io_context io;  // before db: its threads post completions to io until they are joined
  database db(db_.open_backend(), std::move(options));
  const auto write = [&](std::string name) {
    std::optional<result<user_record>> out;
    auto insert = [name](store& s) { return s.insert_user(make_new_user(name)); };
    boost::asio::co_spawn(io, db.write(insert), [&out](std::exception_ptr e, result<user_record> r) {
      if (e) std::rethrow_exception(e);
      out = std::move(r);
    });
    io.restart();
    io.run();
    return out;
  };
  const auto find = [&](std::string name) {
    std::optional<result<std::optional<user_record>>> out;
    auto lookup = [name](store& s) -> result<std::optional<user_record>> { return s.user_by_username(name); };
    boost::asio::co_spawn(io, db.read(lookup), [&out](std::exception_ptr e, result<std::optional<user_record>> r) {
      if (e) std::rethrow_exception(e);
      out = std::move(r);
    });
    io.restart();
    io.run();
    return out;
  };
  ASSERT_TRUE(write("carol")->ok());
  ASSERT_TRUE(find("carol")->ok());

  db_.kill_sessions();
  // The group's transaction was lost before COMMIT: run again on a new session.
  EXPECT_TRUE(write("dave")->ok());
  const auto found = find("dave");  // the read job, likewise
  ASSERT_TRUE(found->ok());
  EXPECT_TRUE(found->value().has_value());
}

// Claims of one device's one-time keys on two nodes at once: each key goes
// to exactly one claim, and no claim falls back while keys are left.
TEST_F(store_mariadb_nodes, one_time_keys_claimed_on_two_nodes_go_out_once_each) {
  constexpr int keys = 200;
  auto first = node_writer();
  auto second = node_writer();
  device_record d;
  d.user = alice_;
  d.device_id = "phone";
  d.session = "family-1";
  d.curve25519 = "c";
  d.ed25519 = "e";
  d.signature = "s";
  d.created_at = 1;
  first->insert_device(d);
  std::vector<device_key_record> stock;
  for (int i = 0; i < keys; ++i) stock.push_back({"k" + std::to_string(i), "otk", "sig"});
  first->add_one_time_keys(alice_, "phone", stock);
  first->set_fallback_key(alice_, "phone", {"fallback", "fb", "sig"});

  auto claim_half = [this](store& writer, std::vector<std::string>& got) {
    for (int i = 0; i < keys / 2; ++i) {
      writer.begin_transaction();
      auto k = writer.claim_key(alice_, "phone");
      writer.commit_transaction();
      got.push_back(k && !k->fallback ? k->key.key_id : "fallback");
    }
  };
  std::vector<std::string> via_first;
  std::vector<std::string> via_second;
  std::thread other([&] { claim_half(*second, via_second); });
  claim_half(*first, via_first);
  other.join();

  std::set<std::string> distinct(via_first.begin(), via_first.end());
  distinct.insert(via_second.begin(), via_second.end());
  EXPECT_EQ(distinct.count("fallback"), 0U);
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(keys));
  EXPECT_EQ(first->one_time_key_count(alice_, "phone"), 0);
}

}  // namespace
}  // namespace natter::store::mariadb
