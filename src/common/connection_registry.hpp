#pragma once
// The live connections of a server, so that shutdown can reach them.
// Thread-safe. A closer is called at most once, from close_all(), on any
// thread; it must only post to its connection's strand.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace natter {

class connection_registry {
 public:
  using closer = std::function<void()>;

  // Registers a connection. After close_all(), the closer is called at once.
  std::uint64_t add(closer c);
  void remove(std::uint64_t id);
  void close_all();
  std::size_t size() const;
  // Waits until every connection is gone or the timeout passed; true if empty.
  bool wait_empty(std::chrono::milliseconds timeout);

 private:
  mutable std::mutex mutex_;
  std::condition_variable empty_;
  std::unordered_map<std::uint64_t, closer> closers_;
  std::uint64_t next_id_ = 1;
  bool closing_ = false;
};

}  // namespace natter
