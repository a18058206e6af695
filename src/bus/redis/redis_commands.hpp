#pragma once
// The thread that sends commands to Redis: publishes (in the order they were
// queued, which for events is commit order) and the presence commands.
//
// Callers never wait on Redis: submit() only queues. The queue is bounded
// (max_queued); a job submitted while it is full is dropped at once (a
// publish is counted and logged; a command completes with no reply). While
// Redis is unreachable, jobs fail at once too, and the connection is retried
// with a backoff from 100 ms to 2 s. Receivers repair what was lost from the
// store (sequence gaps, resync after reconnect), so a lost publish delays an
// event, it does not lose data.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "bus/redis/redis_connection.hpp"
#include "common/metrics.hpp"

namespace natter::bus {

// A reply copied out of hiredis: null when the command could not be sent.
struct command_reply {
  bool error = false;
  long long integer = 0;
  std::string text;
  std::vector<std::string> items;
};

class redis_commands {
 public:
  static constexpr std::size_t max_queued = 65536;

  redis_commands(redis_endpoint where, metrics::registry& metrics);
  ~redis_commands();  // stops: queued publishes are sent first if Redis is up

  // Queues PUBLISH channel payload. Never blocks; false when dropped.
  bool publish(std::string channel, std::string payload);

  // Queues a command; done runs on this class's thread with the reply, or
  // with nullopt when the command was dropped or Redis is unreachable. done
  // must not block.
  using completion = std::function<void(std::optional<command_reply>)>;
  void submit(std::vector<std::string> argv, completion done);

  void stop();

  // Jobs waiting for Redis, for the metrics. Any thread.
  std::size_t queued() const;

 private:
  struct job {
    std::vector<std::string> argv;
    completion done;  // empty for a publish
  };
  void run();
  bool connected();
  void execute(job& j);

  redis_endpoint where_;
  metrics::registry& metrics_;
  // Counted per publish: children looked up once.
  metrics::counter& published_;
  metrics::counter& publish_failed_;
  metrics::counter& publish_dropped_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<job> queue_;
  bool stopping_ = false;
  std::unique_ptr<redis_connection> connection_;  // the thread's own
  std::chrono::steady_clock::time_point next_attempt_{};
  std::chrono::milliseconds backoff_{100};
  std::atomic<std::uint64_t> dropped_logged_{0};  // drops counted when last logged
  std::thread thread_;
};

}  // namespace natter::bus
