#pragma once
// Driving an image_pool from a test: start a job on an io_context, and a
// stand-in for process_image that the test can hold in the worker.

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <optional>
#include <thread>

#include "media/image_pool.hpp"

namespace natter::media::test {

using outcome = std::optional<result<processed_image>>;

// Runs pool.process(input, ...) on ioc; its result lands in out, then `then` runs.
inline void start(boost::asio::io_context& ioc, image_pool& pool, const std::filesystem::path& input, outcome& out,
                  std::function<void()> then = {}) {
  auto job = pool.process(input, content_kind::png, image_purpose::picture, "/nonexistent");
  boost::asio::co_spawn(ioc, std::move(job), [&out, then](std::exception_ptr e, result<processed_image> r) {
    if (e) std::rethrow_exception(e);
    out = std::move(r);
    if (then) then();
  });
}

// Instead of decoding, answers a processed_image whose main is the input,
// on the worker's thread; a job whose input is "held" waits, once started,
// until the test releases it (so the test knows what the worker is doing).
class held_job {
 public:
  image_job_fn fn() {
    return [this](const std::filesystem::path& input, content_kind, image_purpose, const std::filesystem::path&,
                  const image_limits&) -> result<processed_image> {
      ran_on_ = std::this_thread::get_id();
      if (input == "held") {
        started_.set_value();
        released_.wait();
      }
      processed_image done;
      done.main = input;
      return done;
    };
  }
  void wait_until_started() { started_.get_future().wait(); }
  void release() { release_.set_value(); }
  std::thread::id ran_on() const { return ran_on_; }

 private:
  std::promise<void> started_;
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  std::atomic<std::thread::id> ran_on_;
};

}  // namespace natter::media::test
