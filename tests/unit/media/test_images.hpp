#pragma once
// Images for the media tests, made with libvips itself, and what the tests
// need around them: a temporary directory, files, and a look at what was
// written. A helper that fails reports it to the running test (ADD_FAILURE)
// and returns nothing.

#include <vips/vips.h>

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "media/vips_image.hpp"

namespace natter::media::test {

// width x height of one sRGB colour, 8 bits a band.
image_ref solid(int width, int height, std::array<double, 3> rgb);
// image with an alpha band of the given value (0-255) added.
image_ref with_alpha(VipsImage* image, double alpha);
// width x height of varied content (diagonal stripes), sRGB, 8 bits a band.
image_ref pattern(int width, int height);
// A copy of image whose metadata can be changed.
image_ref copy_of(VipsImage* image);

// The bytes of image saved as suffix (".png", ".jpg[Q=90]", ".gif", ".webp").
std::string encode(VipsImage* image, const char* suffix);
// The image in path, decoded fully (fails on any decoding error).
image_ref decode(const std::filesystem::path& path);
// The names of image's metadata fields.
std::vector<std::string> fields_of(VipsImage* image);

void write_file(const std::filesystem::path& path, std::string_view bytes);
std::string read_file(const std::filesystem::path& path);

// A fresh directory, removed with its content at the end of the test.
class temp_directory {
 public:
  temp_directory();
  ~temp_directory();
  temp_directory(const temp_directory&) = delete;
  temp_directory& operator=(const temp_directory&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }
  // The names of the files in it.
  std::vector<std::string> files() const;

 private:
  std::filesystem::path path_;
};

}  // namespace natter::media::test
