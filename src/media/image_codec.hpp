#pragma once
// The decoders and encoders an image job uses, one per format, called
// directly (never libvips' "any loader that recognises the file"). Internal
// to media/.

#include <vips/vips.h>

#include <filesystem>
#include <string_view>

#include "media/content_type.hpp"
#include "media/vips_image.hpp"

namespace natter::media {

enum class image_format { png, jpeg, gif, webp };

// Opens path with the loader of kind (not other), reading the header only:
// pixels are decoded, in order and once, when the image is computed. Decoding
// stops at the first error or truncation. Animated GIF and WebP: the first
// frame only. Null on failure (logged).
image_ref open_image(const std::filesystem::path& path, content_kind kind);

// The format a main image of kind is written in: its own; GIF as PNG when
// this libvips cannot write GIF.
image_format main_format(content_kind kind);
std::string_view mime_of(image_format format);
std::string_view extension_of(image_format format);

// Writes image to the open file descriptor fd, without any metadata (EXIF,
// XMP, IPTC, ICC profile, comments). False on failure (logged), also when a
// watched image was killed.
bool save_image(VipsImage* image, int fd, image_format format, int quality);

}  // namespace natter::media
