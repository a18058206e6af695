// Conformance: batched writes (database::write_batched) over each backend:
// neighbours in the queue run as one group, a group that throws is run again
// one write at a time, and acks and after hooks keep their promises.

#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "store_database_conformance.hpp"

namespace natter::store::conformance {
namespace {

// Inserts users by name in groups; a group holding "poison" throws, and
// "poison" alone fails its own insert.
// An after hook that publishes nothing.
const auto ignore = [](const result<user_record>&) {};

class user_batcher final : public batcher<std::string, result<user_record>> {
 public:
  std::vector<result<user_record>> run(store& s, std::span<std::string* const> names) override {
    {
      std::lock_guard lock(mutex_);
      group_sizes_.push_back(names.size());
    }
    std::vector<result<user_record>> out;
    for (const auto* name : names) {
      if (*name == "poison" && names.size() > 1) throw failure("a group with poison in it");
      if (*name == "poison") {
        out.emplace_back(error(errc::validation_failed));
        continue;
      }
      out.push_back(s.insert_user(make_new_user(*name)));
    }
    return out;
  }
  std::vector<std::size_t> group_sizes() {
    std::lock_guard lock(mutex_);
    return group_sizes_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::size_t> group_sizes_;
};

TEST_P(store_database_conformance, batched_neighbours_run_as_one_group_and_complete_each) {
  user_batcher batcher;
  start();
  gate g;
  std::optional<status> held;
  hold_writer(g, held);
  std::mutex hooks_mutex;
  std::vector<std::string> hooks;
  auto record = [&](const result<user_record>& r) {
    std::lock_guard lock(hooks_mutex);
    hooks.push_back(r->username);
  };
  std::vector<std::optional<result<user_record>>> results(5);
  const std::vector<std::string> names{"ann", "bea", "cid", "dan", "eve"};
  for (std::size_t i = 0; i < names.size(); ++i) spawn(results[i], db().write_batched(batcher, names[i], record));
  settle();
  g.release();
  finish();
  // Batched writes complete before their group's hooks run; a later write
  // completes after them.
  std::optional<result<int>> later;
  spawn(later, db().write([](store&) -> result<int> { return 0; }));
  finish();

  for (std::size_t i = 0; i < names.size(); ++i) {
    ASSERT_TRUE(results[i].has_value() && results[i]->ok()) << names[i];
    EXPECT_EQ((*results[i])->username, names[i]);
    EXPECT_TRUE(find_user(names[i]).has_value());
  }
  EXPECT_EQ(batcher.group_sizes(), (std::vector<std::size_t>{5}));
  std::lock_guard lock(hooks_mutex);
  EXPECT_EQ(hooks, names) << "after hooks in queue order";
}

TEST_P(store_database_conformance, a_batched_group_that_throws_runs_again_one_write_at_a_time) {
  user_batcher batcher;
  start();
  gate g;
  std::optional<status> held;
  hold_writer(g, held);
  std::vector<std::optional<result<user_record>>> results(4);
  const std::vector<std::string> names{"ann", "poison", "cid", "dan"};
  for (std::size_t i = 0; i < names.size(); ++i) spawn(results[i], db().write_batched(batcher, names[i], ignore));
  std::optional<result<user_record>> plain;
  spawn(plain, db().write([](store& s) { return s.insert_user(make_new_user("plain")); }));
  settle();
  g.release();
  finish();

  EXPECT_EQ(batcher.group_sizes(), (std::vector<std::size_t>{4, 1, 1, 1, 1})) << "the group, then each alone";
  for (const auto* name : {"ann", "cid", "dan", "plain"}) EXPECT_TRUE(find_user(name).has_value()) << name;
  ASSERT_TRUE(results[1].has_value());
  EXPECT_EQ(results[1]->err().code, errc::validation_failed);
  EXPECT_FALSE(find_user("poison").has_value());
  EXPECT_TRUE(results[3].has_value() && results[3]->ok());
  EXPECT_TRUE(plain.has_value() && plain->ok());
}

TEST_P(store_database_conformance, writes_of_other_kinds_split_a_batched_run) {
  user_batcher batcher;
  start();
  gate g;
  std::optional<status> held;
  hold_writer(g, held);
  std::vector<std::optional<result<user_record>>> results(4);
  spawn(results[0], db().write_batched(batcher, std::string("ann"), ignore));
  spawn(results[1], db().write_batched(batcher, std::string("bea"), ignore));
  spawn(results[2], db().write([](store& s) { return s.insert_user(make_new_user("between")); }));
  spawn(results[3], db().write_batched(batcher, std::string("cid"), ignore));
  settle();
  g.release();
  finish();

  EXPECT_EQ(batcher.group_sizes(), (std::vector<std::size_t>{2, 1})) << "queue order is kept";
  for (const auto& r : results) EXPECT_TRUE(r.has_value() && r->ok());
}

}  // namespace
}  // namespace natter::store::conformance
