// Conformance: the group-commit executor (store::database) over each backend.

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store_database_conformance.hpp"

namespace natter::store::conformance {
namespace {

auto insert_named(std::string name) {
  return [name = std::move(name)](store& s) { return s.insert_user(make_new_user(name)); };
}

template <class T>
errc code_of(const std::optional<result<T>>& r) {
  if (!r.has_value()) return errc::internal;  // never completed
  return r->ok() ? errc::internal : r->err().code;
}

TEST_P(store_database_conformance, concurrent_writes_all_complete_and_are_visible_to_reads) {
  start();
  constexpr std::size_t writes = 200;
  std::vector<std::optional<result<user_record>>> results(writes);
  for (std::size_t i = 0; i < writes; ++i) spawn(results[i], db().write(insert_named("user" + std::to_string(i))));
  finish();

  std::set<user_id> ids;
  for (const auto& r : results) {
    ASSERT_TRUE(r.has_value() && r->ok());
    ids.insert((*r)->id);
  }
  EXPECT_EQ(ids.size(), writes);

  std::optional<result<std::vector<user_record>>> listed;
  spawn(listed,
        db().read([](store& s) -> result<std::vector<user_record>> { return s.users_with_prefix("user", "", 1000); }));
  finish();
  ASSERT_TRUE(listed.has_value() && listed->ok());
  EXPECT_EQ(listed->value().size(), writes);
}

TEST_P(store_database_conformance, on_commit_counts_every_committed_write) {
  std::atomic<std::size_t> committed{0};
  database_options options;
  options.on_commit = [&committed](std::size_t n, double) { committed += n; };
  start(std::move(options));
  constexpr std::size_t writes = 50;
  std::vector<std::optional<result<user_record>>> results(writes);
  for (std::size_t i = 0; i < writes; ++i) spawn(results[i], db().write(insert_named("user" + std::to_string(i))));
  finish();
  EXPECT_EQ(committed.load(), writes);
}

TEST_P(store_database_conformance, failed_write_rolls_back_only_its_own_changes) {
  std::mutex batches_mutex;
  std::vector<std::size_t> batches;
  database_options options;
  options.on_commit = [&](std::size_t n, double) {
    std::lock_guard lock(batches_mutex);
    batches.push_back(n);
  };
  start(std::move(options));
  gate g;
  std::optional<status> held;
  hold_writer(g, held);

  std::optional<result<user_record>> before, failing, after;
  spawn(before, db().write(insert_named("before")));
  spawn(failing, db().write([](store& s) -> result<user_record> {
    auto inserted = s.insert_user(make_new_user("failing"));
    if (!inserted.ok()) return inserted;
    return error(errc::validation_failed);  // after a change that must be undone
  }));
  spawn(after, db().write(insert_named("after")));
  settle();
  g.release();
  finish();

  EXPECT_TRUE(held.has_value() && held->ok());
  EXPECT_TRUE(before.has_value() && before->ok());
  EXPECT_TRUE(after.has_value() && after->ok());
  EXPECT_EQ(code_of(failing), errc::validation_failed);
  EXPECT_TRUE(find_user("before").has_value());
  EXPECT_TRUE(find_user("after").has_value());
  EXPECT_FALSE(find_user("failing").has_value());
  std::lock_guard lock(batches_mutex);
  EXPECT_EQ(batches, (std::vector<std::size_t>{1, 3}));  // the three shared one transaction
}

TEST_P(store_database_conformance, after_commit_hooks_run_for_successful_writes_in_commit_order) {
  start();
  gate g;
  std::optional<status> held;
  hold_writer(g, held);

  std::mutex hooks_mutex;
  std::vector<std::string> hooks;
  const auto record = [&](std::string name) {
    return [&, name](const result<user_record>&) {
      std::lock_guard lock(hooks_mutex);
      hooks.push_back(name);
    };
  };
  std::optional<result<user_record>> first, failing, last;
  spawn(first, db().write(insert_named("first"), record("first")));
  spawn(failing,
        db().write([](store&) -> result<user_record> { return error(errc::validation_failed); }, record("failing")));
  spawn(last, db().write(insert_named("last"), record("last")));
  settle();
  g.release();
  finish();

  EXPECT_EQ(code_of(failing), errc::validation_failed);
  std::lock_guard lock(hooks_mutex);
  EXPECT_EQ(hooks, (std::vector<std::string>{"first", "last"}));
}

TEST_P(store_database_conformance, throwing_write_completes_with_store_unavailable_and_spares_its_batch) {
  start();
  gate g;
  std::optional<status> held;
  hold_writer(g, held);

  std::optional<result<user_record>> thrower, neighbour;
  spawn(thrower, db().write([](store& s) -> result<user_record> {
    static_cast<void>(s.insert_user(make_new_user("thrower")));
    throw std::runtime_error("store function failed");
  }));
  spawn(neighbour, db().write(insert_named("neighbour")));
  settle();
  g.release();
  finish();

  EXPECT_EQ(code_of(thrower), errc::store_unavailable);
  EXPECT_TRUE(neighbour.has_value() && neighbour->ok());
  EXPECT_FALSE(find_user("thrower").has_value());
  EXPECT_TRUE(find_user("neighbour").has_value());
}

TEST_P(store_database_conformance, retryable_failure_runs_the_whole_group_again) {
  std::mutex batches_mutex;
  std::vector<std::size_t> batches;
  database_options options;
  options.on_commit = [&](std::size_t n, double) {
    std::lock_guard lock(batches_mutex);
    batches.push_back(n);
  };
  start(std::move(options));
  gate g;
  std::optional<status> held;
  hold_writer(g, held);

  int flaky_runs = 0;
  std::optional<result<user_record>> before, flaky, after;
  spawn(before, db().write(insert_named("before")));
  spawn(flaky, db().write([&flaky_runs](store& s) -> result<user_record> {
    auto inserted = s.insert_user(make_new_user("flaky"));
    if (++flaky_runs == 1) throw retryable_failure("deadlock, say");
    return inserted;
  }));
  spawn(after, db().write(insert_named("after")));
  settle();
  g.release();
  finish();

  EXPECT_EQ(flaky_runs, 2);
  EXPECT_TRUE(before.has_value() && before->ok());  // not username_taken: its first run was rolled back
  EXPECT_TRUE(flaky.has_value() && flaky->ok());
  EXPECT_TRUE(after.has_value() && after->ok());
  EXPECT_TRUE(find_user("flaky").has_value());
  std::lock_guard lock(batches_mutex);
  EXPECT_EQ(batches, (std::vector<std::size_t>{1, 3}));
}

TEST_P(store_database_conformance, group_failing_retryably_every_time_gives_up_after_max_attempts) {
  std::atomic<int> failed_commits{0};
  database_options options;
  options.max_attempts = 3;
  options.on_commit_failed = [&failed_commits] { ++failed_commits; };
  start(std::move(options));
  gate g;
  std::optional<status> held;
  hold_writer(g, held);

  int runs = 0;
  std::optional<result<user_record>> doomed, neighbour;
  spawn(doomed, db().write([&runs](store&) -> result<user_record> {
    ++runs;
    throw retryable_failure("serialization failure, say");
  }));
  spawn(neighbour, db().write(insert_named("neighbour")));
  settle();
  g.release();
  finish();

  EXPECT_EQ(runs, 3);
  EXPECT_EQ(failed_commits.load(), 3);
  EXPECT_EQ(code_of(doomed), errc::store_unavailable);
  EXPECT_EQ(code_of(neighbour), errc::store_unavailable);  // its group never committed
  EXPECT_FALSE(find_user("neighbour").has_value());
}

TEST_P(store_database_conformance, read_failing_retryably_runs_again) {
  start();
  int runs = 0;
  std::optional<status> read;
  spawn(read, db().read([&runs](store& s) -> status {
    if (++runs == 1) throw retryable_failure("connection lost, say");
    return s.ping() ? status(ok) : status(errc::store_unavailable);
  }));
  finish();
  EXPECT_EQ(runs, 2);
  EXPECT_TRUE(read.has_value() && read->ok());
}

TEST_P(store_database_conformance, throwing_read_completes_with_store_unavailable) {
  start();
  std::optional<status> thrown;
  spawn(thrown, db().read([](store&) -> status { throw std::runtime_error("read failed"); }));
  finish();
  EXPECT_EQ(code_of(thrown), errc::store_unavailable);
}

TEST_P(store_database_conformance, writes_after_stop_complete_with_store_unavailable) {
  start();
  db().stop();
  bool ran = false;
  std::optional<status> late;
  spawn(late, db().write([&ran](store&) -> status {
    ran = true;
    return ok;
  }));
  finish();
  EXPECT_EQ(code_of(late), errc::store_unavailable);
  EXPECT_FALSE(ran);
}

TEST_P(store_database_conformance, reads_after_stop_complete_with_store_unavailable) {
  start();
  db().stop();
  std::optional<status> late;
  spawn(late, db().read([](store&) -> status { return ok; }));
  finish();
  EXPECT_EQ(code_of(late), errc::store_unavailable);
}

TEST_P(store_database_conformance, stop_runs_writes_queued_before_it) {
  start();
  gate g;
  std::optional<status> held;
  hold_writer(g, held);
  std::optional<result<user_record>> queued;
  spawn(queued, db().write(insert_named("queued")));
  settle();

  std::thread stopper([this] { db().stop(); });
  wait_until_stopping();
  g.release();
  stopper.join();
  finish();

  EXPECT_TRUE(queued.has_value() && queued->ok());
  EXPECT_TRUE(migrated_backend()->open_reader()->user_by_username("queued").has_value());
}

TEST_P(store_database_conformance, full_write_queue_answers_busy) {
  database_options options;
  options.max_queued_writes = 1;
  start(std::move(options));
  gate g;
  std::optional<status> held;
  hold_writer(g, held);

  std::optional<result<user_record>> queued, refused;
  spawn(queued, db().write(insert_named("queued")));
  settle();
  spawn(refused, db().write(insert_named("refused")));
  settle();
  EXPECT_EQ(code_of(refused), errc::busy);  // at once, while the writer is still held

  g.release();
  finish();
  EXPECT_TRUE(queued.has_value() && queued->ok());
  EXPECT_FALSE(find_user("refused").has_value());
}

TEST_P(store_database_conformance, full_read_queue_answers_busy) {
  database_options options;
  options.reader_threads = 1;
  options.max_queued_reads = 1;
  start(std::move(options));
  gate g;
  std::optional<status> held;
  spawn(held, db().read([&g](store&) -> status {
    g.hold();
    return ok;
  }));
  settle();
  g.wait_until_held();

  std::optional<status> queued, refused;
  spawn(queued, db().read([](store&) -> status { return ok; }));
  settle();
  spawn(refused, db().read([](store&) -> status { return ok; }));
  settle();
  EXPECT_EQ(code_of(refused), errc::busy);

  g.release();
  finish();
  EXPECT_TRUE(held.has_value() && held->ok());
  EXPECT_TRUE(queued.has_value() && queued->ok());
}

}  // namespace
}  // namespace natter::store::conformance
