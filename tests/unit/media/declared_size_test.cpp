#include "media/declared_size.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "media/image_processor.hpp"
#include "test_images.hpp"

namespace natter::media::test {
namespace {

std::optional<declared_dimensions> declared(const std::string& bytes, content_kind kind) {
  return declared_size(std::span(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()), kind);
}

struct encoded_as {
  const char* name;
  const char* suffix;
  content_kind kind;
};

void PrintTo(const encoded_as& e, std::ostream* out) {
  *out << e.name;
}

class declared_size_test : public ::testing::TestWithParam<encoded_as> {};

TEST_P(declared_size_test, reads_the_size_the_encoder_wrote) {
  const auto bytes = encode(pattern(321, 123).get(), GetParam().suffix);
  const auto size = declared(bytes, GetParam().kind);
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(size->width, 321u);
  EXPECT_EQ(size->height, 123u);
}

INSTANTIATE_TEST_SUITE_P(formats, declared_size_test,
                         ::testing::Values(encoded_as{"png", ".png", content_kind::png},
                                           encoded_as{"jpeg", ".jpg", content_kind::jpeg},
                                           encoded_as{"gif", ".gif", content_kind::gif},
                                           encoded_as{"webp_lossy", ".webp", content_kind::webp},
                                           encoded_as{"webp_lossless", ".webp[lossless]", content_kind::webp}),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(declared_size, a_jpeg_frame_header_after_a_large_exif_segment_is_found) {
  auto image = copy_of(pattern(50, 40).get());
  vips_image_set_string(image.get(), "exif-ifd0-ImageDescription", std::string(30000, 'x').c_str());
  const auto bytes = encode(image.get(), ".jpg");
  ASSERT_GT(bytes.size(), 30000u);
  const auto size = declared(bytes, content_kind::jpeg);
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(size->width, 50u);
  EXPECT_EQ(size->height, 40u);
}

TEST(declared_size, says_nothing_about_a_short_or_foreign_head) {
  const auto png = encode(pattern(10, 10).get(), ".png");
  EXPECT_FALSE(declared(png.substr(0, 20), content_kind::png).has_value());
  EXPECT_FALSE(declared(png, content_kind::jpeg).has_value());
  EXPECT_FALSE(declared("", content_kind::gif).has_value());
  const auto jpeg = encode(pattern(10, 10).get(), ".jpg");
  EXPECT_FALSE(declared(jpeg.substr(0, 30), content_kind::jpeg).has_value());
}

}  // namespace
}  // namespace natter::media::test
