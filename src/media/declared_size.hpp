#pragma once
// The size an image's header claims, read by hand from the file's first
// bytes, so that a decompression bomb is refused before any decoder, libvips
// included, looks at it (libvips' PNG loader, for one, reads on to the pixel
// data before it reports the header's size). Internal to media/.

#include <cstdint>
#include <optional>
#include <span>

#include "media/content_type.hpp"

namespace natter::media {

struct declared_dimensions {
  std::uint64_t width = 0;
  std::uint64_t height = 0;
};

// How many leading bytes declared_size looks at, at most: a JPEG's size
// follows its EXIF and other segments.
inline constexpr std::size_t declared_size_window = 256 * 1024;

// What the header of an image of kind at the start of head says its (first
// frame's or canvas') size is; nothing when head does not say (too short, a
// JPEG whose frame header comes later, not that format). The decoder checks
// again: this only refuses early.
std::optional<declared_dimensions> declared_size(std::span<const unsigned char> head, content_kind kind);

}  // namespace natter::media
