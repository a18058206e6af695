#pragma once
// Pictures for the media tests, made with libvips (the library natterd
// decodes with), and a reader of what natterd served.

#include <string>
#include <vector>

namespace natter::testing {

// A w x h picture of a gradient, encoded by suffix (".png", ".jpg", ".gif",
// ".webp"). with_gps: a JPEG whose EXIF holds a GPS position and a camera
// make ("Natter Test Camera").
std::string encoded_image(int w, int h, const std::string& suffix, bool with_gps = false);

// A PNG whose header claims w x h pixels and holds no pixel data: a
// decompression bomb's header, which must be refused before decoding.
std::string png_claiming(unsigned w, unsigned h);

struct decoded_image {
  bool ok = false;
  int width = 0;
  int height = 0;
  std::string loader;               // e.g. "pngload_buffer"
  std::vector<std::string> fields;  // metadata fields libvips found
};

decoded_image decode_image(const std::string& bytes);

}  // namespace natter::testing
