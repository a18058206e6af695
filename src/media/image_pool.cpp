#include "media/image_pool.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <stdexcept>

namespace natter::media {

image_pool::image_pool(std::size_t threads, std::size_t queue, image_limits limits, image_job_fn run)
    : limits_(limits), run_(std::move(run)), max_queued_(queue) {
  if (queue == 0) throw std::invalid_argument("image_pool: the queue must hold at least one job");
  if (!run_) throw std::invalid_argument("image_pool: no job function");
  try {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i)
      workers_.emplace_back([this] { worker_loop(); });
  } catch (...) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : workers_) t.join();
    throw;
  }
}

image_pool::~image_pool() {
  std::deque<job> cancelled;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    cancelled.swap(queue_);
  }
  ready_.notify_all();
  for (auto& j : cancelled) j.complete(error(errc::busy));
  for (auto& t : workers_) t.join();
}

std::size_t image_pool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

bool image_pool::enqueue(job& j) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queued_) {
      refused_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    queue_.push_back(std::move(j));
  }
  ready_.notify_one();
  return true;
}

void image_pool::worker_loop() {
  for (;;) {
    job j;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) break;
      j = std::move(queue_.front());
      queue_.pop_front();
    }
    result<processed_image> r = error(errc::internal);
    try {
      r = run_(j.input, j.kind, j.purpose, j.out_dir, limits_);
    } catch (const std::exception& e) {
      spdlog::error("media: an image job failed: {}", e.what());
    }
    j.complete(std::move(r));
  }
  release_thread_images();
}

}  // namespace natter::media
