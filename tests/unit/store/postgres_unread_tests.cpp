// Unread counts with several natterd nodes on one PostgreSQL database: the
// counters stay what counting the log says however the nodes' appends,
// deletions and read receipts interleave.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "conversation_conformance.hpp"
#include "postgres_test_database.hpp"

namespace natter::store::postgres {
namespace {

using conformance::make_conversation;
using conformance::make_entry;
using conformance::make_message;
using conformance::make_new_user;
using conformance::postgres_test_database;
using conformance::t0;
using conformance::unread_by_counting;

// A migrated schema with a group of alice, bob and carol.
class store_postgres_unread : public ::testing::Test {
 protected:
  void SetUp() override {
    auto backend = db_.open_backend();
    backend->migrate();
    auto writer = backend->open_writer();
    for (const char* name : {"alice", "bob", "carol"}) users_.push_back(writer->insert_user(make_new_user(name))->id);
    group_ = writer->create_conversation(make_conversation(conversation_kind::group, "friends"))->id;
    for (const auto u : users_) writer->add_member(group_, u, member_role::member, t0, 0);
  }

  // A writer of a node of its own.
  std::unique_ptr<store> node_writer() { return db_.open_backend()->open_writer(); }

  void expect_every_count_exact(store& s) {
    for (const auto u : users_) EXPECT_EQ(s.unread_count(group_, u), unread_by_counting(s, group_, u)) << "user " << u;
  }

  // Sessions of this test (named after its schema) waiting for a lock.
  int waiting_for_a_lock() {
    return db_
        .run(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = current_schema() "
            "AND wait_event_type = 'Lock'")[0][0]
        .as<int>();
  }

  postgres_test_database db_;
  std::vector<user_id> users_;  // alice, bob, carol
  conversation_id group_ = 0;
};

// Runs fn in a transaction of its own, again when it was a deadlock victim
// (as the executor does).
template <class Fn>
void in_transaction(store& s, Fn fn) {
  for (int attempt = 1;; ++attempt) {
    s.begin_transaction();
    try {
      fn();
      s.commit_transaction();
      return;
    } catch (const retryable_failure&) {
      s.rollback_transaction();
      if (attempt == 10) throw;
    }
  }
}

void delete_message(store& s, const message_record& m, user_id by) {
  s.delete_message(m.id, t0);
  auto deletion = make_entry(m.conversation, entry_kind::deletion, by);
  deletion.target = m.id;
  s.append(deletion);
}

TEST_F(store_postgres_unread, nodes_appending_deleting_and_reading_one_conversation_at_once_keep_counts_exact) {
  constexpr int steps = 150;
  const user_id alice = users_[0], bob = users_[1], carol = users_[2];
  auto first = node_writer();
  auto second = node_writer();
  auto third = node_writer();
  // alice sends; bob sends and deletes alice's latest message every third
  // step; carol reads up to a few entries short of the end, then to the end.
  std::thread sending([&] {
    for (int i = 0; i < steps; ++i) {
      in_transaction(*first, [&] { first->append(make_message(group_, alice, "a", "a" + std::to_string(i))); });
    }
  });
  std::thread deleting([&] {
    for (int i = 0; i < steps; ++i) {
      in_transaction(*second, [&] {
        second->append(make_message(group_, bob, "b", "b" + std::to_string(i)));
        if (i % 3 != 0) return;
        const auto last = second->conversation_by_id(group_)->last_seq;
        for (const auto& e : second->log_before(group_, last + 1, 10)) {
          if (e.kind == entry_kind::message && e.actor == alice && !e.message->deleted) {
            delete_message(*second, *e.message, bob);
            return;
          }
        }
      });
    }
  });
  for (int i = 0; i < steps; ++i) {
    in_transaction(*third, [&] {
      const auto last = third->conversation_by_id(group_)->last_seq;
      third->advance_receipts(group_, carol, 0, i % 4 == 3 ? last : last - i % 4);
    });
  }
  sending.join();
  deleting.join();

  expect_every_count_exact(*third);
  EXPECT_EQ(third->conversation_summary_of(group_, carol)->unread, unread_by_counting(*third, group_, carol));
  third->advance_receipts(group_, bob, 0, 1'000'000);
  EXPECT_EQ(third->unread_count(group_, bob), 0);
}

// bob's read receipt (on one node) waits for the row lock of a deletion (on
// another) that counted the deleted message for him; what the receipt then
// subtracts must see that deletion, or the message stays counted as one
// that does not count although bob has read it.
TEST_F(store_postgres_unread, a_read_that_waited_for_a_deletion_counts_it) {
  const user_id alice = users_[0], bob = users_[1];
  auto setup = node_writer();
  setup->append(make_message(group_, alice, "1", "a1"));
  const auto doomed = setup->append(make_message(group_, alice, "2", "a2")).entry;
  setup->append(make_message(group_, alice, "3", "a3"));
  auto deleting = node_writer();
  auto reading = node_writer();

  deleting->begin_transaction();
  delete_message(*deleting, *doomed.message, alice);  // holds bob's member row
  std::thread receipt([&] { in_transaction(*reading, [&] { reading->advance_receipts(group_, bob, 2, 2); }); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (waiting_for_a_lock() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // PostgreSQL has nothing to await
  }
  EXPECT_EQ(waiting_for_a_lock(), 1) << "the receipt waits for the deletion";
  deleting->commit_transaction();
  receipt.join();

  EXPECT_EQ(setup->member(group_, bob)->read_seq, 2);
  EXPECT_EQ(setup->unread_count(group_, bob), 1) << "message 3";
  expect_every_count_exact(*setup);
}

}  // namespace
}  // namespace natter::store::postgres
