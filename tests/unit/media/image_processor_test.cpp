#include "media/image_processor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "processor_fixture.hpp"

namespace natter::media::test {
namespace {

using test::encode;

TEST_F(image_processor, a_png_stays_png_with_its_size_a_fitted_thumbnail_and_its_colour) {
  auto image = test::solid(640, 480, {200, 100, 50});
  auto r = process(encode(image.get(), ".png"));
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mime, "image/png");
  EXPECT_EQ(r->thumbnail_mime, "image/jpeg");
  EXPECT_EQ(r->width, 640);
  EXPECT_EQ(r->height, 480);
  EXPECT_EQ(r->thumbnail_width, 320);
  EXPECT_EQ(r->thumbnail_height, 240);
  EXPECT_EQ(r->colour, "#c86432");
  expect_written(*r, out_.path());
  EXPECT_EQ(loader_of(r->main), "VipsForeignLoadPngFile");
  EXPECT_EQ(loader_of(r->thumbnail), "VipsForeignLoadJpegFile");
}

TEST_F(image_processor, a_png_with_transparency_gets_a_png_thumbnail) {
  auto image = test::with_alpha(test::solid(400, 100, {0, 0, 255}).get(), 128);
  auto r = process(encode(image.get(), ".png"));
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mime, "image/png");
  EXPECT_EQ(r->thumbnail_mime, "image/png");
  EXPECT_EQ(r->thumbnail_width, 320);
  EXPECT_EQ(r->thumbnail_height, 80);
  expect_written(*r, out_.path());
  EXPECT_EQ(loader_of(r->thumbnail), "VipsForeignLoadPngFile");
}

TEST_F(image_processor, a_jpeg_stays_jpeg) {
  auto image = test::solid(1280, 720, {10, 120, 240});
  auto r = process(encode(image.get(), ".jpg[Q=95]"));
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mime, "image/jpeg");
  EXPECT_EQ(r->thumbnail_mime, "image/jpeg");
  EXPECT_EQ(r->width, 1280);
  EXPECT_EQ(r->height, 720);
  EXPECT_EQ(r->thumbnail_width, 320);
  EXPECT_EQ(r->thumbnail_height, 180);
  expect_written(*r, out_.path());
  EXPECT_EQ(loader_of(r->main), "VipsForeignLoadJpegFile");
}

TEST_F(image_processor, a_gif_stays_gif_when_libvips_can_write_gif) {
  ASSERT_NE(vips_type_find("VipsOperation", "gifsave"), 0u) << "this libvips writes no GIF: the PNG branch applies";
  auto image = test::pattern(300, 200);
  auto r = process(encode(image.get(), ".gif"));
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mime, "image/gif");
  EXPECT_EQ(r->thumbnail_mime, "image/jpeg") << "an opaque GIF's alpha band is dropped for the thumbnail";
  EXPECT_EQ(r->width, 300);
  EXPECT_EQ(r->height, 200);
  expect_written(*r, out_.path());
  EXPECT_EQ(loader_of(r->main), "VipsForeignLoadNsgifFile");
}

TEST_F(image_processor, a_webp_stays_webp) {
  auto image = test::pattern(500, 500);
  auto r = process(encode(image.get(), ".webp"));
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mime, "image/webp");
  EXPECT_EQ(r->thumbnail_mime, "image/jpeg");
  EXPECT_EQ(r->width, 500);
  EXPECT_EQ(r->thumbnail_width, 320);
  EXPECT_EQ(r->thumbnail_height, 320);
  expect_written(*r, out_.path());
  EXPECT_EQ(loader_of(r->main), "VipsForeignLoadWebpFile");
}

// Colour distance, channel by channel, of "#rrggbb" from rgb.
int distance(const std::string& colour, std::array<int, 3> rgb) {
  int most = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const int channel = std::stoi(colour.substr(1 + 2 * i, 2), nullptr, 16);
    most = std::max(most, std::abs(channel - rgb[i]));
  }
  return most;
}

TEST_F(image_processor, pixels_in_an_embedded_colour_profile_are_converted_to_srgb_before_it_is_stripped) {
  auto srgb = solid(64, 64, {200, 50, 50});
  VipsImage* converted = nullptr;
  ASSERT_EQ(vips_icc_transform(srgb.get(), &converted, "p3", "input_profile", "srgb", nullptr), 0);
  image_ref p3 = adopt(converted);
  ASSERT_NE(vips_image_get_typeof(p3.get(), VIPS_META_ICC_NAME), 0u);
  const auto bytes = encode(p3.get(), ".png");
  auto r = process(bytes);
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_LE(distance(r->colour, {200, 50, 50}), 3) << r->colour << ": the P3 values were taken as sRGB";
  auto out = decode(r->main);
  ASSERT_TRUE(out);
  EXPECT_EQ(vips_image_get_typeof(out.get(), VIPS_META_ICC_NAME), 0u);
}

TEST_F(image_processor, a_cmyk_jpeg_comes_out_as_rgb) {
  auto srgb = solid(64, 64, {40, 160, 90});
  VipsImage* converted = nullptr;
  ASSERT_EQ(vips_icc_transform(srgb.get(), &converted, "cmyk", "input_profile", "srgb", nullptr), 0);
  image_ref cmyk = adopt(converted);
  vips_image_remove(cmyk.get(), VIPS_META_ICC_NAME);
  auto r = process(encode(cmyk.get(), ".jpg"));
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mime, "image/jpeg");
  auto out = decode(r->main);
  ASSERT_TRUE(out);
  EXPECT_EQ(vips_image_get_bands(out.get()), 3);
  EXPECT_EQ(vips_image_guess_interpretation(out.get()), VIPS_INTERPRETATION_sRGB);
  EXPECT_LE(distance(r->colour, {40, 160, 90}), 24) << r->colour;  // through a CMYK profile and back
}

TEST_F(image_processor, a_small_picture_keeps_its_size_in_the_thumbnail) {
  auto r = process(encode(test::solid(100, 50, {1, 2, 3}).get(), ".png"));
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->thumbnail_width, 100);
  EXPECT_EQ(r->thumbnail_height, 50);
}

TEST_F(image_processor, an_output_directory_that_cannot_be_written_is_an_internal_error) {
  const fs::path input = uploads_.path() / "fine.png";
  write_file(input, encode(solid(8, 8, {1, 2, 3}).get(), ".png"));
  auto r = process_image(input, content_kind::png, image_purpose::picture, out_.path() / "missing", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::internal);
  EXPECT_TRUE(out_.files().empty());
}

TEST_F(image_processor, output_files_have_new_random_names_and_are_private) {
  const auto bytes = encode(test::solid(64, 64, {1, 2, 3}).get(), ".png");
  auto first = process(bytes);
  auto second = process(bytes);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(out_.files().size(), 4u);
  EXPECT_NE(first->main, second->main);
  EXPECT_EQ(first->main.stem().string().size(), 32u);
  const auto perms = fs::status(first->main).permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

}  // namespace
}  // namespace natter::media::test
