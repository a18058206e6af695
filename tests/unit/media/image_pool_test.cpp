// The pool alone, with a stand-in for process_image (no libvips), so that
// ThreadSanitizer can watch it.

#include "media/image_pool.hpp"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <stdexcept>
#include <thread>

#include "pool_harness.hpp"

namespace natter::media::test {
namespace {

namespace asio = boost::asio;

TEST(image_pool, runs_a_job_on_a_worker_and_resumes_the_caller_on_its_own_thread) {
  asio::io_context ioc;
  held_job jobs;
  image_pool pool(1, 4, {}, jobs.fn());
  outcome r;
  std::thread::id resumed_on;
  start(ioc, pool, "a.png", r, [&] { resumed_on = std::this_thread::get_id(); });
  ioc.run();
  ASSERT_TRUE(r.has_value() && r->ok());
  EXPECT_EQ((*r)->main, "a.png");
  EXPECT_NE(jobs.ran_on(), std::this_thread::get_id());
  EXPECT_EQ(resumed_on, std::this_thread::get_id());
}

TEST(image_pool, answers_busy_at_once_when_its_queue_is_full) {
  asio::io_context ioc;
  held_job jobs;
  image_pool pool(1, 1, {}, jobs.fn());
  outcome first, second, third;
  start(ioc, pool, "held", first);
  ioc.poll();
  jobs.wait_until_started();  // the worker is in the first job
  start(ioc, pool, "second", second);
  ioc.poll();  // the second waits in the queue
  start(ioc, pool, "third", third);
  ioc.poll();
  ASSERT_TRUE(third.has_value()) << "refused without waiting for the worker";
  ASSERT_FALSE(third->ok());
  EXPECT_EQ(third->err().code, errc::busy);
  EXPECT_FALSE(first.has_value());
  EXPECT_FALSE(second.has_value());

  jobs.release();
  ioc.run();
  ASSERT_TRUE(first.has_value() && second.has_value());
  ASSERT_TRUE(first->ok() && second->ok());
  EXPECT_EQ((*first)->main, "held");
  EXPECT_EQ((*second)->main, "second") << "a queued job runs once the worker is free";
}

TEST(image_pool, several_workers_answer_each_caller_with_its_own_result) {
  asio::io_context ioc;
  held_job jobs;
  image_pool pool(3, 64, {}, jobs.fn());
  std::vector<outcome> results(50);
  for (std::size_t i = 0; i < results.size(); ++i) start(ioc, pool, std::to_string(i), results[i]);
  ioc.run();
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].has_value() && results[i]->ok());
    EXPECT_EQ((*results[i])->main, std::to_string(i));
  }
}

TEST(image_pool, destroying_it_cancels_waiting_jobs_and_finishes_the_running_one) {
  asio::io_context ioc;
  held_job jobs;
  auto pool = std::make_unique<image_pool>(1, 4, image_limits{}, jobs.fn());
  outcome running, waiting;
  start(ioc, *pool, "held", running);
  ioc.poll();
  jobs.wait_until_started();
  // Once the waiting job is answered, the running one may go on.
  start(ioc, *pool, "waiting", waiting, [&] { jobs.release(); });
  ioc.poll();
  auto guard = asio::make_work_guard(ioc);
  std::thread io([&] { ioc.run(); });
  pool.reset();
  guard.reset();
  io.join();
  ASSERT_TRUE(waiting.has_value() && running.has_value());
  ASSERT_FALSE(waiting->ok());
  EXPECT_EQ(waiting->err().code, errc::busy);
  EXPECT_TRUE(running->ok()) << "the running job finished before the threads were joined";
}

TEST(image_pool, a_job_that_throws_answers_internal_and_the_worker_goes_on) {
  asio::io_context ioc;
  auto throwing = [](const std::filesystem::path& input, content_kind, image_purpose, const std::filesystem::path&,
                     const image_limits&) -> result<processed_image> {
    if (input == "bad") throw std::runtime_error("bad");
    return processed_image{};
  };
  image_pool pool(1, 4, {}, throwing);
  outcome bad, good;
  start(ioc, pool, "bad", bad);
  start(ioc, pool, "good", good);
  ioc.run();
  ASSERT_TRUE(bad.has_value() && good.has_value());
  ASSERT_FALSE(bad->ok());
  EXPECT_EQ(bad->err().code, errc::internal);
  EXPECT_TRUE(good->ok());
}

TEST(image_pool, refuses_an_empty_queue) {
  EXPECT_THROW(image_pool(1, 0, {}), std::invalid_argument);
}

}  // namespace
}  // namespace natter::media::test
