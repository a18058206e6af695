#include "media/image_stages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace natter::media {

namespace {

struct array_unref {
  void operator()(VipsArrayDouble* a) const noexcept { vips_area_unref(VIPS_AREA(a)); }
};

double max_alpha(VipsImage* image) {
  return vips_image_get_format(image) == VIPS_FORMAT_USHORT ? 65535.0 : 255.0;
}

image_ref failed(const char* step) {
  log_vips_failure(step);
  return nullptr;
}

std::string no_colour() {
  log_vips_failure("averaging the colour");
  return {};
}

}  // namespace

image_ref upright(image_ref in) {
  if (vips_image_get_orientation(in.get()) == 1) {
    vips_image_remove(in.get(), VIPS_META_ORIENTATION);
    return in;
  }
  image_ref memory = in_memory(in.get());
  if (!memory) return nullptr;
  VipsImage* out = nullptr;
  if (vips_autorot(memory.get(), &out, nullptr) != 0) return failed("rotating the image");
  return adopt(out);
}

image_ref to_srgb(image_ref in) {
  VipsImage* out = nullptr;
  if (vips_image_get_typeof(in.get(), VIPS_META_ICC_NAME) != 0) {
    if (vips_icc_transform(in.get(), &out, "srgb", "embedded", TRUE, "intent", VIPS_INTENT_PERCEPTUAL, nullptr) == 0) {
      return adopt(out);
    }
    log_vips_failure("converting from the embedded colour profile");
  }
  if (vips_image_guess_interpretation(in.get()) != VIPS_INTERPRETATION_CMYK) return in;
  if (vips_colourspace(in.get(), &out, VIPS_INTERPRETATION_sRGB, nullptr) != 0) return failed("converting from CMYK");
  return adopt(out);
}

image_ref fitted_thumbnail(const char* path, int box) {
  VipsImage* out = nullptr;
  if (vips_thumbnail(path, &out, box, "height", box, "size", VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR, nullptr) !=
      0) {
    return failed("making the thumbnail");
  }
  return adopt(out);
}

image_ref centre_square(VipsImage* in, int side) {
  VipsImage* out = nullptr;
  if (vips_thumbnail_image(in, &out, side, "height", side, "size", VIPS_SIZE_BOTH, "crop", VIPS_INTERESTING_CENTRE,
                           nullptr) != 0) {
    return failed("cropping the image");
  }
  return adopt(out);
}

image_ref in_memory(VipsImage* in) {
  image_ref out = adopt(vips_image_copy_memory(in));
  if (!out) return failed("decoding the image");
  return out;
}

image_ref without_opaque_alpha(image_ref in) {
  if (!vips_image_hasalpha(in.get())) return in;
  const int bands = vips_image_get_bands(in.get());
  VipsImage* alpha = nullptr;
  double lowest = 0;
  if (vips_extract_band(in.get(), &alpha, bands - 1, nullptr) != 0) return failed("reading the alpha band");
  const bool measured = vips_min(adopt(alpha).get(), &lowest, nullptr) == 0;
  if (!measured) return failed("reading the alpha band");
  if (lowest < max_alpha(in.get())) return in;
  VipsImage* out = nullptr;
  if (vips_extract_band(in.get(), &out, 0, "n", bands - 1, nullptr) != 0) return failed("dropping the alpha band");
  return adopt(out);
}

std::string average_colour(VipsImage* in) {
  VipsImage* step = nullptr;
  if (vips_colourspace(in, &step, VIPS_INTERPRETATION_sRGB, nullptr) != 0) return no_colour();
  image_ref rgb = adopt(step);
  if (vips_image_hasalpha(rgb.get())) {
    std::unique_ptr<VipsArrayDouble, array_unref> white(vips_array_double_newv(3, 255.0, 255.0, 255.0));
    if (vips_flatten(rgb.get(), &step, "background", white.get(), nullptr) != 0) return no_colour();
    rgb = adopt(step);
  }
  if (vips_stats(rgb.get(), &step, nullptr) != 0) return no_colour();
  image_ref stats = adopt(step);
  std::array<int, 3> channel{};
  const int bands = std::min(3, vips_image_get_bands(rgb.get()));
  for (int b = 0; b < 3; ++b) {
    const double mean = *VIPS_MATRIX(stats.get(), 4, 1 + std::min(b, bands - 1));  // column 4: the mean
    channel[static_cast<std::size_t>(b)] = static_cast<int>(std::clamp(std::lround(mean), 0L, 255L));
  }
  return fmt::format("#{:02x}{:02x}{:02x}", channel[0], channel[1], channel[2]);
}

}  // namespace natter::media
