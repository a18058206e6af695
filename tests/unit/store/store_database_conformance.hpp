#pragma once
// The executor suite's fixture: a store::database over the backend under test,
// driven by a single-threaded io_context on the test thread.
//
// Ordering is arranged, never waited for: a gate holds the writer thread (or a
// reader thread) while the test lines up requests behind it, and settle() runs
// the io_context only until those requests are queued.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "store_conformance.hpp"

namespace natter::store::conformance {

// Holds whichever database thread runs hold() until release() (or destruction,
// so that a failing test cannot leave the database unable to stop).
class gate {
 public:
  gate() : held_future_(held_.get_future().share()), released_future_(released_.get_future().share()) {}
  ~gate() { release(); }
  gate(const gate&) = delete;
  gate& operator=(const gate&) = delete;

  void hold() {
    held_.set_value();
    released_future_.wait();
  }
  void wait_until_held() { held_future_.wait(); }
  void release() {
    std::call_once(release_once_, [this] { released_.set_value(); });
  }

 private:
  std::promise<void> held_;
  std::shared_future<void> held_future_;
  std::promise<void> released_;
  std::shared_future<void> released_future_;
  std::once_flag release_once_;
};

class store_database_conformance : public conformance_test {
 protected:
  void start(database_options options = {}) {
    db_ = std::make_unique<database>(test_db_->open_backend(), std::move(options));
  }
  database& db() { return *db_; }

  // Runs op on io_ and stores its result in out when it completes.
  template <class T>
  void spawn(std::optional<T>& out, boost::asio::awaitable<T> op) {
    boost::asio::co_spawn(io_, std::move(op), [&out](std::exception_ptr e, T value) {
      if (e) std::rethrow_exception(e);
      out = std::move(value);
    });
  }
  // Runs what is ready: everything spawned gets as far as queueing its request.
  void settle() {
    io_.restart();
    io_.poll();
  }
  // Runs until everything spawned has completed.
  void finish() {
    io_.restart();
    io_.run();
  }
  // Queues a write that holds the writer thread until g is released.
  void hold_writer(gate& g, std::optional<status>& out) {
    spawn(out, db().write([&g](store&) -> status {
      g.hold();
      return ok;
    }));
    settle();
    g.wait_until_held();
  }
  std::optional<user_record> find_user(const std::string& username) {
    std::optional<result<std::optional<user_record>>> found;
    spawn(found, db().read([username](store& s) -> result<std::optional<user_record>> {
      return s.user_by_username(username);
    }));
    finish();
    return found && found->ok() ? found->value() : std::nullopt;
  }
  // Returns once stop() has begun, which a probe read tells by being refused.
  void wait_until_stopping() {
    for (;;) {
      std::optional<status> probe;
      spawn(probe, db().read([](store&) -> status { return ok; }));
      io_.restart();
      while (!probe) io_.run_one();
      if (!probe->ok()) return;
    }
  }

  boost::asio::io_context io_;  // before db_: the database posts completions to it
  std::unique_ptr<database> db_;
};

}  // namespace natter::store::conformance
