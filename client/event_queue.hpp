#pragma once
// A bounded, thread-safe FIFO of session events: the session's thread pushes,
// the user's thread pops. Past `limit` the oldest event is dropped (see
// session_options::event_queue_limit).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

#include "client/session_event.hpp"

namespace natter::client {

class event_queue {
 public:
  explicit event_queue(std::size_t limit) : limit_(limit) {}

  void push(session_event e) {
    {
      std::lock_guard lock(mutex_);
      if (events_.size() >= limit_) events_.pop_front();
      events_.push_back(std::move(e));
    }
    ready_.notify_one();
  }

  // The oldest event, waiting up to `wait` for one.
  std::optional<session_event> pop(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, wait, [this] { return !events_.empty(); })) return std::nullopt;
    auto e = std::move(events_.front());
    events_.pop_front();
    return e;
  }

 private:
  std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<session_event> events_;
};

}  // namespace natter::client
