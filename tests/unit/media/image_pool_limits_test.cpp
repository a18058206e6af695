// The pool running process_image itself: the time limit holds on a worker.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "media/image_pool.hpp"
#include "pool_harness.hpp"
#include "test_images.hpp"

namespace natter::media::test {
namespace {

TEST(image_pool_limits, a_valid_image_that_takes_longer_than_max_time_is_refused) {
  temp_directory dir;
  write_file(dir.path() / "big.png", encode(pattern(4000, 4000).get(), ".png"));
  std::filesystem::create_directory(dir.path() / "out");
  image_limits hurried;
  hurried.max_time = std::chrono::milliseconds(1);
  image_pool pool(1, 1, hurried);
  boost::asio::io_context ioc;
  outcome r;
  auto job = pool.process(dir.path() / "big.png", content_kind::png, image_purpose::picture, dir.path() / "out");
  boost::asio::co_spawn(ioc, std::move(job),
                        [&r](std::exception_ptr, result<processed_image> res) { r = std::move(res); });
  ioc.run();
  ASSERT_TRUE(r.has_value());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->err().code, errc::validation_failed);
  EXPECT_EQ(r->err().message, "The image took too long to decode.");
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() / "out"));
}

}  // namespace
}  // namespace natter::media::test
