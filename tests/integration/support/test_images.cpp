#include "integration/support/test_images.hpp"

#include <vips/vips.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace natter::testing {
namespace {

void start_vips() {
  static const bool started = VIPS_INIT("natter-tests") == 0;
  if (!started) throw std::runtime_error("libvips did not start");
}

struct image_ref {
  VipsImage* image = nullptr;
  ~image_ref() {
    if (image) g_object_unref(image);
  }
};

std::uint32_t crc32(const std::string& bytes) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string png_chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

}  // namespace

std::string encoded_image(int w, int h, const std::string& suffix, bool with_gps) {
  start_vips();
  image_ref x, rgb, out;
  if (vips_xyz(&x.image, w, h, nullptr) != 0) throw std::runtime_error("vips_xyz");
  std::array<double, 3> scale{255.0 / w, 255.0 / h, 0}, offset{0, 0, 0};
  image_ref banded, cast;
  VipsImage* bands[3] = {x.image, x.image, x.image};
  if (vips_bandjoin(bands, &banded.image, 3, nullptr) != 0) throw std::runtime_error("vips_bandjoin");
  image_ref three;
  if (vips_extract_band(banded.image, &three.image, 0, "n", 3, nullptr) != 0) throw std::runtime_error("extract");
  if (vips_linear(three.image, &rgb.image, scale.data(), offset.data(), 3, nullptr) != 0) {
    throw std::runtime_error("vips_linear");
  }
  if (vips_cast_uchar(rgb.image, &out.image, nullptr) != 0) throw std::runtime_error("vips_cast");
  if (with_gps) {
    vips_image_set_string(out.image, "exif-ifd3-GPSLatitudeRef", "N");
    vips_image_set_string(out.image, "exif-ifd3-GPSLatitude", "51/1 30/1 1234/100");
    vips_image_set_string(out.image, "exif-ifd0-Make", "Natter Test Camera");
  }
  void* buffer = nullptr;
  std::size_t size = 0;
  if (vips_image_write_to_buffer(out.image, suffix.c_str(), &buffer, &size, nullptr) != 0) {
    throw std::runtime_error("cannot encode " + suffix);
  }
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

std::string png_claiming(unsigned w, unsigned h) {
  const std::string header = be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
  return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", header) + png_chunk("IDAT", std::string(16, '\0')) +
         png_chunk("IEND", "");
}

decoded_image decode_image(const std::string& bytes) {
  start_vips();
  decoded_image out;
  image_ref image;
  image.image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  if (!image.image) {
    vips_error_clear();
    return out;
  }
  out.ok = true;
  out.width = vips_image_get_width(image.image);
  out.height = vips_image_get_height(image.image);
  const char* loader = nullptr;
  if (vips_image_get_string(image.image, VIPS_META_LOADER, &loader) == 0 && loader) out.loader = loader;
  gchar** fields = vips_image_get_fields(image.image);
  for (gchar** f = fields; f && *f; ++f) out.fields.emplace_back(*f);
  g_strfreev(fields);
  return out;
}

}  // namespace natter::testing
