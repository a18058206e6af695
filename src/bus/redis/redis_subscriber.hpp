#pragma once
// The thread that listens to Redis channels: a hiredis connection in
// subscribed mode, driven by poll() on its socket plus a wake-up pipe through
// which subscribe and unsubscribe requests arrive.
//
// It keeps the set of wanted channels; after losing Redis it reconnects (with
// a backoff from 100 ms to 2 s), subscribes to all of them again, and then
// calls on_reconnected so the owner can repair what it missed.
//
// A barrier(done) completes once every subscription requested before it is
// in place (a PING answered in order after the SUBSCRIBEs).

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "bus/redis/redis_connection.hpp"

namespace natter::bus {

class redis_subscriber {
 public:
  // Both run on the subscriber thread and must not block.
  using message_handler = std::function<void(std::string channel, std::string payload)>;
  using reconnect_handler = std::function<void()>;

  static constexpr std::size_t max_pending = 65536;  // overflow: resubscribe from scratch

  redis_subscriber(redis_endpoint where, message_handler on_message, reconnect_handler on_reconnected);
  ~redis_subscriber();

  // Thread-safe, never block.
  void subscribe(const std::string& channel);
  void unsubscribe(const std::string& channel);
  // done runs on the subscriber thread; it must not block.
  void barrier(std::function<void()> done);

  void stop();

 private:
  struct op {
    enum { subscribe, unsubscribe, barrier } what;
    std::string channel;  // barrier: its token
  };
  void push(op o);
  void run();
  void wait_before_retry(std::chrono::milliseconds backoff);
  void session(redis_connection& c, bool reconnected);
  void on_reply(redis_connection& c, const redisReply& r);

  redis_endpoint where_;
  message_handler on_message_;
  reconnect_handler on_reconnected_;

  std::mutex mutex_;
  std::set<std::string> wanted_;
  std::deque<op> pending_;
  bool overflowed_ = false;
  std::map<std::uint64_t, std::function<void()>> barriers_;
  std::uint64_t next_barrier_ = 1;
  std::atomic<bool> stopping_{false};
  int wake_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace natter::bus
