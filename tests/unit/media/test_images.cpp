#include "test_images.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "media/image_processor.hpp"

namespace natter::media::test {

namespace {

image_ref failed(const char* what) {
  ADD_FAILURE() << what << ": " << vips_error_buffer();
  vips_error_clear();
  return nullptr;
}

image_ref as_srgb(VipsImage* image) {
  VipsImage* out = nullptr;
  if (vips_copy(image, &out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr) != 0) return failed("vips_copy");
  return adopt(out);
}

}  // namespace

image_ref solid(int width, int height, std::array<double, 3> rgb) {
  if (!init_images()) return failed("init_images");
  VipsImage* black = nullptr;
  if (vips_black(&black, width, height, "bands", 3, nullptr) != 0) return failed("vips_black");
  image_ref b = adopt(black);
  const double scale[] = {1, 1, 1};
  VipsImage* coloured = nullptr;
  if (vips_linear(b.get(), &coloured, scale, rgb.data(), 3, "uchar", TRUE, nullptr) != 0) return failed("vips_linear");
  return as_srgb(adopt(coloured).get());
}

image_ref with_alpha(VipsImage* image, double alpha) {
  VipsImage* out = nullptr;
  if (vips_bandjoin_const1(image, &out, alpha, nullptr) != 0) return failed("vips_bandjoin_const1");
  return as_srgb(adopt(out).get());
}

image_ref pattern(int width, int height) {
  if (!init_images()) return failed("init_images");
  VipsImage* xyz = nullptr;
  if (vips_xyz(&xyz, width, height, nullptr) != 0) return failed("vips_xyz");
  image_ref coordinates = adopt(xyz);
  VipsImage* stripes = nullptr;
  if (vips_remainder_const1(coordinates.get(), &stripes, 256, nullptr) != 0) return failed("vips_remainder_const1");
  image_ref two = adopt(stripes);
  VipsImage* three = nullptr;
  if (vips_bandjoin_const1(two.get(), &three, 128, nullptr) != 0) return failed("vips_bandjoin_const1");
  image_ref joined = adopt(three);
  VipsImage* bytes = nullptr;
  if (vips_cast_uchar(joined.get(), &bytes, nullptr) != 0) return failed("vips_cast_uchar");
  return as_srgb(adopt(bytes).get());
}

image_ref copy_of(VipsImage* image) {
  VipsImage* out = nullptr;
  if (vips_copy(image, &out, nullptr) != 0) return failed("vips_copy");
  return adopt(out);
}

std::string encode(VipsImage* image, const char* suffix) {
  void* buffer = nullptr;
  std::size_t length = 0;
  if (vips_image_write_to_buffer(image, suffix, &buffer, &length, nullptr) != 0) {
    failed("vips_image_write_to_buffer");
    return {};
  }
  std::string bytes(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return bytes;
}

image_ref decode(const std::filesystem::path& path) {
  if (!init_images()) return failed("init_images");
  VipsImage* image = vips_image_new_from_file(path.c_str(), "fail_on", VIPS_FAIL_ON_WARNING, nullptr);
  if (!image) return failed("vips_image_new_from_file");
  image_ref loaded = adopt(image);
  double ignored = 0;
  if (vips_avg(loaded.get(), &ignored, nullptr) != 0) return failed("decoding");  // every pixel, once
  return loaded;
}

std::vector<std::string> fields_of(VipsImage* image) {
  std::vector<std::string> names;
  gchar** fields = vips_image_get_fields(image);
  for (gchar** f = fields; f && *f; ++f) names.emplace_back(*f);
  g_strfreev(fields);
  return names;
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

temp_directory::temp_directory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "natter-media-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
  path_ = pattern;
}

temp_directory::~temp_directory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::vector<std::string> temp_directory::files() const {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(path_)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace natter::media::test
