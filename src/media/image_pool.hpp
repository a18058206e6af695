#pragma once
// The threads that decode images, so that no I/O thread ever runs a decoder.
//
// Bounded both ways: `threads` workers, and at most `queue` jobs waiting for
// one. A job submitted while the queue is full completes at once with
// errc::busy (the client retries later); nothing waits for room.

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "media/content_type.hpp"
#include "media/image_processor.hpp"

namespace natter::media {

// What a worker runs for each job: process_image, or in tests a stand-in.
using image_job_fn =
    std::function<result<processed_image>(const std::filesystem::path& input, content_kind kind, image_purpose purpose,
                                          const std::filesystem::path& out_dir, const image_limits& limits)>;

class image_pool {
 public:
  // Starts the threads (at least one). Throws std::invalid_argument when queue
  // is 0, std::system_error when a thread cannot start.
  image_pool(std::size_t threads, std::size_t queue, image_limits limits, image_job_fn run = process_image);
  // Jobs still waiting complete with errc::busy; running ones finish (within
  // limits.max_time); then the threads are joined. Destroy the pool before the
  // io_context its callers run on.
  ~image_pool();
  image_pool(const image_pool&) = delete;
  image_pool& operator=(const image_pool&) = delete;

  // Runs run(input, kind, purpose, out_dir, limits) on a worker and
  // resumes the caller on its own executor with the result. errc::busy when
  // the queue is full (checked at once).
  boost::asio::awaitable<result<processed_image>> process(std::filesystem::path input, content_kind kind,
                                                          image_purpose purpose, std::filesystem::path out_dir);

  // For the metrics: jobs waiting, and those refused with BUSY. Any thread.
  std::size_t queued() const;
  std::uint64_t refused() const noexcept { return refused_.load(std::memory_order_relaxed); }

 private:
  struct job {
    std::filesystem::path input;
    content_kind kind = content_kind::other;
    image_purpose purpose = image_purpose::picture;
    std::filesystem::path out_dir;
    std::function<void(result<processed_image>)> complete;  // posts to the caller's executor
  };

  // Queues j, or returns false (and leaves j alone) when the queue is full.
  bool enqueue(job& j);
  void worker_loop();

  image_limits limits_;
  image_job_fn run_;
  std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::atomic<std::uint64_t> refused_{0};
  std::condition_variable ready_;
  std::deque<job> queue_;  // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::vector<std::thread> workers_;
};

inline boost::asio::awaitable<result<processed_image>> image_pool::process(std::filesystem::path input,
                                                                           content_kind kind, image_purpose purpose,
                                                                           std::filesystem::path out_dir) {
  using R = result<processed_image>;
  auto initiate = [this](auto handler, job j) {
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    j.complete = [shared](R r) {
      auto ex = boost::asio::get_associated_executor(*shared);
      boost::asio::post(ex, [shared, r = std::move(r)]() mutable { std::move (*shared)(std::move(r)); });
    };
    if (!enqueue(j)) j.complete(R(error(errc::busy)));
  };
  job j{std::move(input), kind, purpose, std::move(out_dir), {}};
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(R)>(
      initiate, boost::asio::use_awaitable, std::move(j));
}

}  // namespace natter::media
