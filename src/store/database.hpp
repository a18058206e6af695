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
#include <thread>
#include <type_traits>
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
  // runs after(result&) on the writer thread before completing. after hooks
  // run in commit order: this is where events are published, so that every
  // subscriber sees a conversation's events in seq order. They must not block.
  template <class Fn, class After>
  auto write(Fn fn, After after) -> boost::asio::awaitable<std::invoke_result_t<Fn, store&>>;

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

 private:
  // How a job's fn ended. failed: roll back its savepoint; retryable: its
  // transaction is lost, run the whole group (or read) again.
  enum class outcome { succeeded, failed, retryable };
  struct job {
    std::function<outcome(store&)> run;
    std::function<void()> after_commit;  // may be empty
    std::function<void(bool committed)> complete;
  };
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
  outcome roll_back(outcome why);

  std::unique_ptr<backend> backend_;
  database_options options_;
  std::unique_ptr<store> writer_store_;

  std::mutex write_mutex_;
  std::condition_variable write_ready_;
  std::deque<job> write_queue_;

  std::mutex read_mutex_;
  std::condition_variable read_ready_;
  std::deque<job> read_queue_;

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
        if constexpr (!std::is_same_v<After, no_after>) {
          j.after_commit = [state, after]() mutable {
            if (state->value.ok()) after(state->value);
          };
        }
        j.complete = [state](bool committed) {
          if (!committed) state->value = R(error(errc::store_unavailable));
          auto ex = boost::asio::get_associated_executor(state->handler);
          boost::asio::post(ex, [state] { std::move(state->handler)(std::move(state->value)); });
        };
        if (auto refused = submit_fn(j)) {
          state->value = R(error(*refused));
          j.complete(true);
        }
      },
      boost::asio::use_awaitable, std::move(fn));
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
