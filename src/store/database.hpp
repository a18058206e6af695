#pragma once
// The database executor: runs store work off the I/O threads.
//
// Writes go to one writer thread that commits in groups: every write waiting
// when the previous commit ends joins the next transaction, each inside its own
// savepoint, so a failed write does not spoil its neighbours. A write completes
// (on the caller's executor) only after its transaction committed, so a
// successful write is durable. Reads run on a few reader threads, each with its
// own connection.
//
// Both queues are bounded (database_options). A write or read submitted while
// its queue is full completes at once with errc::busy; nothing is queued.

#include <atomic>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "store/store.hpp"

namespace natter::store {

// Opens connections to one database. One implementation per backend.
class backend {
 public:
  virtual ~backend() = default;
  // Brings the schema to the newest version. Called once, before any open_*.
  virtual void migrate() = 0;
  virtual std::unique_ptr<store> open_writer() = 0;
  virtual std::unique_ptr<store> open_reader() = 0;
};

// A kind of write the writer runs in groups: the writes of one batcher that
// are next to each other in the write queue run in one call to run(), in one
// savepoint, instead of one savepoint each (database::write_batched).
template <class Item, class R>
class batcher {
 public:
  virtual ~batcher() = default;
  // Runs the items in order, on the writer thread inside its transaction;
  // returns one result per item (an error result: that item changed
  // nothing). Throwing undoes the whole call: then each item is run alone
  // (items of one), so that one bad item does not fail its neighbours.
  virtual std::vector<R> run(store& s, std::span<Item* const> items) = 0;
};

struct database_options {
  int reader_threads = 2;
  std::size_t max_queued_writes = 16384;  // overflow: errc::busy
  std::size_t max_queued_reads = 16384;   // overflow: errc::busy
  std::size_t max_batch = 4096;           // writes per group commit
  // A group whose transaction fails with store::retryable_failure (a deadlock,
  // a serialization failure, a connection lost before COMMIT) is rolled back
  // and run again, at most this many times in all; then its writes complete
  // with errc::store_unavailable. A read job is retried the same way. So a
  // job's fn may run more than once: it must only use the store.
  int max_attempts = 3;
  // Called on the writer thread after each commit with its size and duration.
  std::function<void(std::size_t writes, double seconds)> on_commit;
  // Called on the writer thread when a group's transaction failed to commit,
  // so that caches filled by its writes can be dropped.
  std::function<void()> on_commit_failed;
};

class database {
 public:
  // Migrates, opens the connections and starts the threads. Throws
  // store::failure when the database cannot be opened or the options are
  // out of range.
  database(std::unique_ptr<backend> backend, database_options options);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  // Pass fn as a named variable, never as a lambda written inside the co_await
  // expression: GCC 12 destroys such temporaries twice (a compiler bug that
  // AddressSanitizer reports as a double free).
  //
  // Runs fn(store&) -> result<T> on the writer thread (see above). An exception
  // thrown by fn becomes errc::store_unavailable (a store::retryable_failure
  // first runs the group again: database_options::max_attempts); an error
  // result rolls back fn's own changes only.
  template <class Fn>
  auto write(Fn fn) -> boost::asio::awaitable<std::invoke_result_t<Fn, store&>>;

  // As write(fn), and then, when fn succeeded and its transaction committed,
  // runs after(const result&) on the writer thread before completing (what
  // it publishes - an ended session, a new member - is in effect when the
  // caller answers). after hooks run in commit order: this is where events
  // are published, so that every subscriber sees a conversation's events in
  // seq order. They must not block.
  template <class Fn, class After>
  auto write(Fn fn, After after) -> boost::asio::awaitable<std::invoke_result_t<Fn, store&>>;

  // A write run by b together with its neighbours in the queue (see
  // batcher); otherwise as write(fn, after): the result is b's for item,
  // after(result) runs on the writer thread after the commit, in commit
  // order, when the result is ok. Unlike write(), it completes before the
  // after hooks of its group run (a send is acknowledged before its fan-out),
  // so after must publish nothing the caller's answer depends on. b must
  // outlive the database's threads.
  template <class Item, class R, class After>
  auto write_batched(batcher<Item, R>& b, Item item, After after) -> boost::asio::awaitable<R>;

  // Runs fn(store&) -> result<T> on a reader thread.
  template <class Fn>
  auto read(Fn fn) -> boost::asio::awaitable<std::invoke_result_t<Fn, store&>>;

  // Runs every queued write, commits, and stops the threads. Later submissions
  // complete with errc::store_unavailable. Idempotent.
  void stop();

  // When the store last failed a read or a write (an exception from the
  // store, not an expected error such as a taken name; retried failures that
  // then succeeded do not count), or nothing. For readiness. Any thread.
  std::optional<std::chrono::steady_clock::time_point> last_storage_failure() const noexcept;

  // For the metrics. Any thread.
  std::size_t queued_writes() const;
  std::size_t queued_reads() const;
  std::uint64_t refused_writes() const noexcept { return refused_writes_.load(std::memory_order_relaxed); }
  std::uint64_t refused_reads() const noexcept { return refused_reads_.load(std::memory_order_relaxed); }

 private:
  // How a job's fn ended. failed: roll back its savepoint; retryable: its
  // transaction is lost, run the whole group (or read) again.
  enum class outcome { succeeded, failed, retryable };
  struct job;
  // Runs jobs (all of one batcher, key) together; throws as batcher::run.
  using run_together_fn = void (*)(void* key, store&, std::span<job>);
  struct job {
    std::function<outcome(store&)> run;
    std::function<void()> after_commit;  // may be empty
    std::function<void(bool committed)> complete;
    void* group_key = nullptr;  // batched writes: their batcher
    run_together_fn run_together = nullptr;
    std::shared_ptr<void> slot;  // batched writes: their batched_slot
    // Batched writes complete before their group's after hooks run (the
    // sender's ack does not wait for the fan-out); others after them.
    bool complete_first = false;
  };
  // A batched write's item, and where its result goes (its pending state,
  // which owner keeps alive).
  template <class Item, class R>
  struct batched_slot {
    Item item;
    R* value = nullptr;
    std::shared_ptr<void> owner;
  };
  template <class Item, class R>
  static void run_batched(void* key, store& s, std::span<job> jobs);
  // b.run(s, items), refusing a result count unlike the items'.
  template <class Item, class R>
  static std::vector<R> run_items(batcher<Item, R>& b, store& s, std::span<Item* const> items);
  template <class R, class Handler>
  struct pending {
    explicit pending(Handler h) : handler(std::move(h)) {}
    Handler handler;
    R value;
  };

  // Runs fn, turning an exception into errc::store_unavailable; retryable is
  // set when it was a store::retryable_failure.
  template <class Fn>
  auto run_guarded(Fn& fn, store& s, bool& retryable) -> std::invoke_result_t<Fn, store&>;
  void note_storage_failure() noexcept;
  struct no_after {
    template <class R>
    void operator()(R&) const {}
  };
  template <class Fn, class After, class Submit>
  auto submit(Fn fn, After after, Submit submit_fn) -> boost::asio::awaitable<std::invoke_result_t<Fn, store&>>;

  // Moves j into its queue and returns nothing, or leaves j alone and returns
  // why not (busy: full; store_unavailable: stopped).
  std::optional<errc> enqueue_write(job& j);
  std::optional<errc> enqueue_read(job& j);
  static void log_failure(const std::exception& e);
  void writer_loop();
  void reader_loop(std::unique_ptr<store> connection);
  void run_read(job& j, store& connection);
  static outcome run_read_once(job& j, store& connection);
  void run_batch(std::vector<job>& batch);
  // One attempt at the batch in one transaction: succeeded (committed),
  // retryable or failed (rolled back).
  outcome run_group(std::vector<job>& batch);
  // Runs j in its own savepoint. False when the group's transaction is lost.
  bool run_in_savepoint(job& j);
  // Runs batched jobs of one batcher together in one savepoint, or, when
  // that throws, each alone. False when the group's transaction is lost.
  bool run_together_in_savepoint(std::span<job> jobs);
  // Fills j's after_commit and complete for a job whose result goes to
  // state->value. A job that completes first (and has an after hook) hands
  // its caller a copy of the value: the hook may still be reading it on the
  // writer thread.
  template <class State, class After>
  static void finish_job(job& j, const std::shared_ptr<State>& state, const After& after);
  outcome roll_back(outcome why);

  std::unique_ptr<backend> backend_;
  database_options options_;
  std::unique_ptr<store> writer_store_;

  mutable std::mutex write_mutex_;
  std::condition_variable write_ready_;
  std::deque<job> write_queue_;
  std::atomic<std::uint64_t> refused_writes_{0};  // BUSY: the queue was full

  mutable std::mutex read_mutex_;
  std::condition_variable read_ready_;
  std::deque<job> read_queue_;
  std::atomic<std::uint64_t> refused_reads_{0};

  bool stopping_ = false;  // guarded by both mutexes (set under each)
  std::mutex stop_mutex_;
  std::thread writer_;
  std::vector<std::thread> readers_;
  // steady_clock ticks of the last storage failure; 0: none yet.
  std::atomic<std::chrono::steady_clock::rep> last_failure_{0};
};

// --- template implementation ---

template <class Fn>
auto database::run_guarded(Fn& fn, store& s, bool& retryable) -> std::invoke_result_t<Fn, store&> {
  try {
    return fn(s);
  } catch (const retryable_failure& e) {
    log_failure(e);
    retryable = true;
    return error(errc::store_unavailable);
  } catch (const std::exception& e) {
    log_failure(e);
    note_storage_failure();
    return error(errc::store_unavailable);
  }
}

template <class State, class After>
void database::finish_job(job& j, const std::shared_ptr<State>& state, const After& after) {
  using R = decltype(state->value);
  constexpr bool has_after = !std::is_same_v<After, no_after>;
  if constexpr (has_after) {
    j.after_commit = [state, after]() mutable {
      if (state->value.ok()) after(std::as_const(state->value));
    };
  }
  j.complete = [state, copy = has_after && j.complete_first](bool committed) {
    if (!committed) state->value = R(error(errc::store_unavailable));
    auto ex = boost::asio::get_associated_executor(state->handler);
    if (copy) {
      boost::asio::post(ex, [state] { std::move(state->handler)(R(state->value)); });
    } else {
      boost::asio::post(ex, [state] { std::move(state->handler)(std::move(state->value)); });
    }
  };
}

template <class Fn, class After, class Submit>
auto database::submit(Fn fn, After after, Submit submit_fn)
    -> boost::asio::awaitable<std::invoke_result_t<Fn, store&>> {
  using R = std::invoke_result_t<Fn, store&>;
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(R)>(
      [this, submit_fn, after](auto handler, Fn work) {
        using state_t = pending<R, decltype(handler)>;
        auto state = std::make_shared<state_t>(std::move(handler));
        auto shared_fn = std::make_shared<Fn>(std::move(work));
        job j;
        j.run = [this, state, shared_fn](store& s) {
          bool retryable = false;
          state->value = run_guarded(*shared_fn, s, retryable);
          if (retryable) return outcome::retryable;
          return state->value.ok() ? outcome::succeeded : outcome::failed;
        };
        finish_job(j, state, after);
        if (auto refused = submit_fn(j)) {
          state->value = R(error(*refused));
          j.complete(true);
        }
      },
      boost::asio::use_awaitable, std::move(fn));
}

template <class Item, class R>
std::vector<R> database::run_items(batcher<Item, R>& b, store& s, std::span<Item* const> items) {
  auto results = b.run(s, items);
  if (results.size() != items.size()) throw failure("database: a batcher returned a result count unlike its items'");
  return results;
}

template <class Item, class R>
void database::run_batched(void* key, store& s, std::span<job> jobs) {
  using slot_t = batched_slot<Item, R>;
  std::vector<Item*> items;
  items.reserve(jobs.size());
  for (auto& j : jobs) items.push_back(&static_cast<slot_t*>(j.slot.get())->item);
  auto results = run_items(*static_cast<batcher<Item, R>*>(key), s, std::span<Item* const>(items));
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    *static_cast<slot_t*>(jobs[i].slot.get())->value = std::move(results[i]);
  }
}

template <class Item, class R, class After>
auto database::write_batched(batcher<Item, R>& b, Item item, After after) -> boost::asio::awaitable<R> {
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(R)>(
      [this, &b, after](auto handler, Item it) {
        using state_t = pending<R, decltype(handler)>;
        auto state = std::make_shared<state_t>(std::move(handler));
        auto slot = std::make_shared<batched_slot<Item, R>>(batched_slot<Item, R>{std::move(it), &state->value, state});
        job j;
        j.group_key = &b;
        j.run_together = &run_batched<Item, R>;
        j.slot = slot;
        j.complete_first = true;
        // Alone (or after its group failed): a group of one.
        j.run = [this, &b, slot](store& s) {
          bool retryable = false;
          auto one = [&](store& st) -> R {
            Item* items[] = {&slot->item};
            return std::move(run_items(b, st, std::span<Item* const>(items)).front());
          };
          *slot->value = run_guarded(one, s, retryable);
          if (retryable) return outcome::retryable;
          return slot->value->ok() ? outcome::succeeded : outcome::failed;
        };
        finish_job(j, state, after);
        if (auto refused = enqueue_write(j)) {
          state->value = R(error(*refused));
          j.complete(true);
        }
      },
      boost::asio::use_awaitable, std::move(item));
}

template <class Fn>
auto database::write(Fn fn) -> boost::asio::awaitable<std::invoke_result_t<Fn, store&>> {
  return submit(std::move(fn), no_after{}, [this](job& j) { return enqueue_write(j); });
}

template <class Fn, class After>
auto database::write(Fn fn, After after) -> boost::asio::awaitable<std::invoke_result_t<Fn, store&>> {
  return submit(std::move(fn), std::move(after), [this](job& j) { return enqueue_write(j); });
}

template <class Fn>
auto database::read(Fn fn) -> boost::asio::awaitable<std::invoke_result_t<Fn, store&>> {
  return submit(std::move(fn), no_after{}, [this](job& j) { return enqueue_read(j); });
}

}  // namespace natter::store
