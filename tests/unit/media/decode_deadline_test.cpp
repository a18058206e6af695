#include "media/decode_deadline.hpp"

#include <gtest/gtest.h>

#include "media/image_processor.hpp"
#include "test_images.hpp"

namespace natter::media::test {
namespace {

using namespace std::chrono_literals;

class decode_deadline_test : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(init_images()); }
  void TearDown() override { vips_error_clear(); }
};

TEST_F(decode_deadline_test, an_image_within_its_deadline_is_computed) {
  auto image = pattern(1000, 1000);
  decode_deadline deadline(1h);
  deadline.watch(image.get());
  double mean = 0;
  EXPECT_EQ(vips_avg(image.get(), &mean, nullptr), 0);
  EXPECT_FALSE(deadline.expired());
}

TEST_F(decode_deadline_test, a_watched_image_past_its_deadline_stops_computing) {
  auto image = pattern(2000, 2000);
  decode_deadline deadline(0ms);
  deadline.watch(image.get());
  double mean = 0;
  EXPECT_NE(vips_avg(image.get(), &mean, nullptr), 0) << "killed at its first progress report";
  EXPECT_TRUE(deadline.expired());
}

// Images computed from a watched one report their progress to it; the kill
// reaches the image being computed even when the watched one is already in
// memory (an image that had to be rotated).
TEST_F(decode_deadline_test, an_image_computed_from_a_watched_one_in_memory_stops_too) {
  auto source = pattern(2000, 2000);
  image_ref memory = adopt(vips_image_copy_memory(source.get()));
  ASSERT_TRUE(memory);
  decode_deadline deadline(0ms);
  deadline.watch(memory.get());
  VipsImage* turned = nullptr;
  ASSERT_EQ(vips_rot90(memory.get(), &turned, nullptr), 0);
  image_ref derived = adopt(turned);
  double mean = 0;
  EXPECT_NE(vips_avg(derived.get(), &mean, nullptr), 0);
  EXPECT_TRUE(deadline.expired());
}

}  // namespace
}  // namespace natter::media::test
