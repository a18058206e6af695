// What process_image refuses, and what it takes out of what it accepts.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "processor_fixture.hpp"

namespace natter::media::test {
namespace {

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string big_endian(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string png_chunk(std::string_view type, std::string_view data) {
  std::string typed = std::string(type) + std::string(data);
  return big_endian(static_cast<std::uint32_t>(data.size())) + typed + big_endian(crc32(typed));
}

// A PNG of nothing but a header claiming width x height (8-bit RGB), and its
// end: no pixel data at all.
std::string png_header_only(std::uint32_t width, std::uint32_t height) {
  const std::string ihdr = big_endian(width) + big_endian(height) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IEND", "");
}

bool has_metadata(const std::vector<std::string>& fields) {
  return std::any_of(fields.begin(), fields.end(), [](const std::string& f) {
    return f.starts_with("exif-") || f.starts_with("xmp-") || f.starts_with("iptc-") || f.starts_with("icc-") ||
           f.starts_with("png-comment") || f == "orientation";
  });
}

TEST_F(image_processor, a_png_header_claiming_30000_by_30000_is_refused_before_decoding) {
  expect_refused(process(png_header_only(30000, 30000)), "The image is larger than 40 megapixels.");
}

TEST_F(image_processor, the_pixel_limit_is_the_configured_one) {
  image_limits tight;
  tight.max_pixels = 1'500'000;
  expect_refused(process(png_header_only(2000, 1000), image_purpose::picture, tight),
                 "The image is larger than 1.5 megapixels.");
}

// A JPEG whose frame header lies beyond what is read by hand (behind 320 KB
// of application segments): libvips' reading of the header refuses it.
TEST_F(image_processor, a_size_only_the_decoder_finds_is_refused_too) {
  auto jpeg = encode(pattern(2000, 1000).get(), ".jpg");
  std::string padding;
  for (int i = 0; i < 5; ++i) padding += std::string("\xff\xef\xff\xff", 4) + std::string(65533, 'p');
  jpeg.insert(2, padding);
  image_limits tight;
  tight.max_pixels = 1'500'000;
  expect_refused(process(jpeg, image_purpose::picture, tight), "The image is larger than 1.5 megapixels.");
  tight.max_pixels = 2'000'000;
  EXPECT_TRUE(process(jpeg, image_purpose::picture, tight).ok()) << "the padding itself is fine";
}

TEST_F(image_processor, a_side_over_the_limit_is_refused_before_decoding) {
  expect_refused(process(png_header_only(20000, 10)), "The image is larger than 16384 pixels on a side.");
}

TEST_F(image_processor, a_truncated_jpeg_is_refused_not_half_grey) {
  const auto whole = encode(pattern(512, 512).get(), ".jpg");
  ASSERT_GT(whole.size(), 1000u);
  expect_refused(process(whole.substr(0, whole.size() / 2)), "The image cannot be decoded.");
}

TEST_F(image_processor, a_truncated_png_is_refused) {
  const auto whole = encode(pattern(512, 512).get(), ".png");
  expect_refused(process(whole.substr(0, whole.size() / 2)), "The image cannot be decoded.");
}

TEST_F(image_processor, garbage_behind_a_png_signature_is_refused) {
  expect_refused(process(std::string("\x89PNG\r\n\x1a\n", 8) + std::string(200, 'x')), "The image cannot be decoded.");
}

TEST_F(image_processor, svg_and_html_named_png_are_not_images) {
  const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>";
  const std::string html = "<!doctype html><script>alert(document.cookie)</script>";
  for (const auto& bytes : {svg, html}) {
    const fs::path input = uploads_.path() / "photo.png";
    write_file(input, bytes);
    const auto head = read_file(input).substr(0, 16);
    EXPECT_EQ(sniff(std::span(reinterpret_cast<const unsigned char*>(head.data()), head.size())), content_kind::other);
    expect_refused(process_image(input, content_kind::other, image_purpose::picture, out_.path(), {}),
                   "The image cannot be decoded.");
    // Handed to the PNG decoder anyway, libvips' SVG loader does not run.
    expect_refused(process_image(input, content_kind::png, image_purpose::picture, out_.path(), {}),
                   "The image cannot be decoded.");
  }
}

// Defence in depth: whatever reaches libvips, only the four decoders run.
TEST_F(image_processor, libvips_loaders_other_than_png_jpeg_gif_and_webp_refuse_to_run) {
  const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>";
  const std::string ppm = "P3\n1 1\n255\n0 0 0\n";
  for (const auto& bytes : {svg, ppm}) {
    VipsImage* image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
    if (image) g_object_unref(image);
    EXPECT_EQ(image, nullptr) << bytes;
    vips_error_clear();
  }
  const auto png = encode(solid(4, 4, {1, 2, 3}).get(), ".png");
  VipsImage* image = vips_image_new_from_buffer(png.data(), png.size(), "", nullptr);
  EXPECT_NE(image, nullptr);
  if (image) g_object_unref(image);
}

TEST_F(image_processor, a_jpeg_loses_its_exif_gps_position_and_every_other_metadata_block) {
  auto image = copy_of(pattern(200, 100).get());
  vips_image_set_string(image.get(), "exif-ifd3-GPSLatitudeRef", "N");
  vips_image_set_string(image.get(), "exif-ifd3-GPSLatitude", "51/1 30/1 1234/100");
  vips_image_set_string(image.get(), "exif-ifd0-Make", "Natter Camera");
  const auto bytes = encode(image.get(), ".jpg");
  {  // The upload does carry them.
    write_file(uploads_.path() / "gps.jpg", bytes);
    auto uploaded = decode(uploads_.path() / "gps.jpg");
    ASSERT_TRUE(uploaded);
    const auto fields = fields_of(uploaded.get());
    ASSERT_NE(std::find(fields.begin(), fields.end(), "exif-ifd3-GPSLatitude"), fields.end());
    ASSERT_NE(std::find(fields.begin(), fields.end(), "exif-data"), fields.end());
  }
  auto r = process(bytes);
  ASSERT_TRUE(r.ok()) << r.err().message;
  for (const auto& path : {r->main, r->thumbnail}) {
    auto out = decode(path);
    ASSERT_TRUE(out);
    EXPECT_FALSE(has_metadata(fields_of(out.get()))) << path;
    EXPECT_EQ(read_file(path).find("Natter Camera"), std::string::npos);
  }
}

TEST_F(image_processor, a_png_loses_its_text_chunks_and_xmp) {
  auto image = copy_of(pattern(64, 64).get());
  vips_image_set_string(image.get(), "png-comment-0-Author", "Someone Private");
  static constexpr std::string_view xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">Private</x:xmpmeta>";
  vips_image_set_blob_copy(image.get(), VIPS_META_XMP_NAME, xmp.data(), xmp.size());
  const auto bytes = encode(image.get(), ".png");
  {  // The upload does carry them.
    write_file(uploads_.path() / "text.png", bytes);
    auto uploaded = decode(uploads_.path() / "text.png");
    ASSERT_TRUE(uploaded);
    const auto fields = fields_of(uploaded.get());
    ASSERT_NE(std::find(fields.begin(), fields.end(), VIPS_META_XMP_NAME), fields.end());
    ASSERT_TRUE(has_metadata(fields));
  }
  auto r = process(bytes);
  ASSERT_TRUE(r.ok()) << r.err().message;
  auto out = decode(r->main);
  ASSERT_TRUE(out);
  EXPECT_FALSE(has_metadata(fields_of(out.get())));
}

TEST_F(image_processor, exif_orientation_6_turns_the_image_upright) {
  auto image = copy_of(solid(400, 200, {50, 150, 250}).get());
  vips_image_set_int(image.get(), VIPS_META_ORIENTATION, 6);
  const auto bytes = encode(image.get(), ".jpg");
  {
    write_file(uploads_.path() / "turned.jpg", bytes);
    auto uploaded = decode(uploads_.path() / "turned.jpg");
    ASSERT_TRUE(uploaded);
    ASSERT_EQ(vips_image_get_orientation(uploaded.get()), 6);
  }
  auto r = process(bytes);
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->width, 200);
  EXPECT_EQ(r->height, 400);
  EXPECT_EQ(r->thumbnail_width, 160);
  EXPECT_EQ(r->thumbnail_height, 320);
  auto out = decode(r->main);
  ASSERT_TRUE(out);
  EXPECT_EQ(vips_image_get_orientation(out.get()), 1) << "no orientation left to apply twice";
  expect_written(*r, out_.path());
}

TEST_F(image_processor, an_avatar_is_a_256_square_with_a_64_square_thumbnail) {
  auto r = process(encode(pattern(600, 300).get(), ".jpg"), image_purpose::avatar);
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mime, "image/jpeg");
  EXPECT_EQ(r->width, 256);
  EXPECT_EQ(r->height, 256);
  EXPECT_EQ(r->thumbnail_width, 64);
  EXPECT_EQ(r->thumbnail_height, 64);
  expect_written(*r, out_.path());
}

TEST_F(image_processor, a_small_avatar_is_enlarged_to_256) {
  auto r = process(encode(solid(40, 90, {9, 9, 9}).get(), ".png"), image_purpose::avatar);
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->width, 256);
  EXPECT_EQ(r->height, 256);
  EXPECT_EQ(r->colour, "#090909");
}

TEST_F(image_processor, a_valid_image_that_takes_too_long_is_cancelled_and_refused) {
  image_limits hurried;
  hurried.max_time = std::chrono::milliseconds(1);
  expect_refused(process(encode(pattern(4000, 4000).get(), ".jpg"), image_purpose::picture, hurried),
                 "The image took too long to decode.");
}

}  // namespace
}  // namespace natter::media::test
