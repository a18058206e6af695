#pragma once
// The steps of an image job between decoding and encoding, each taking and
// returning images; null on failure (logged). Internal to media/.

#include <vips/vips.h>

#include <string>

#include "media/vips_image.hpp"

namespace natter::media {

// Turned upright by its EXIF orientation, which is then dropped. An
// orientation other than 1 needs the whole image, so it is first decoded into
// memory (as vips_thumbnail does): at most max_pixels times 8 bytes.
image_ref upright(image_ref in);

// Converted to sRGB when it carries an ICC profile or is CMYK: browsers take
// an image without a profile as sRGB, and the profile is stripped on saving.
// A profile that cannot be read leaves the pixels as they are.
image_ref to_srgb(image_ref in);

// Scaled to fit in box x box, never enlarged. Decoded from the file at path
// (libvips shrinks JPEG and WebP while decoding them).
image_ref fitted_thumbnail(const char* path, int box);

// Scaled to cover side x side (enlarged if smaller), then the centre cropped
// to that square.
image_ref centre_square(VipsImage* in, int side);

// Computed into memory, so that it can be read more than once.
image_ref in_memory(VipsImage* in);

// Without its alpha band when that band is fully opaque.
image_ref without_opaque_alpha(image_ref in);

// "#rrggbb": the average colour, transparent parts taken as white. Empty on
// failure (logged).
std::string average_colour(VipsImage* in);

}  // namespace natter::media
