#pragma once
// Turns an uploaded image into images that are safe to serve: decoded with
// libvips under limits, auto-rotated, stripped of every metadata block and
// re-encoded, plus a thumbnail. The uploaded bytes themselves are never
// served (docs/security.md, "Decoding untrusted images").

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "common/result.hpp"
#include "media/content_type.hpp"

namespace natter::media {

struct image_limits {
  std::uint64_t max_pixels = 40'000'000;       // width*height (per frame) above it: refused before decoding
  int max_side = 16384;                        // either side above it: refused before decoding
  std::chrono::milliseconds max_time{10'000};  // decode+encode longer than this: cancelled and refused
  int thumbnail_box = 320;                     // thumbnails fit in box x box
};

// avatar: centre-cropped square, main 256x256, thumbnail 64x64.
enum class image_purpose { picture, avatar };

struct processed_image {
  std::filesystem::path main;       // re-encoded, auto-rotated, no metadata
  std::filesystem::path thumbnail;  // fits in thumbnail_box (avatar: 64x64)
  std::string mime;                 // of main: the input's type (gif: png when libvips cannot save gif)
  std::string thumbnail_mime;       // image/jpeg, or image/png when the image has alpha
  int width = 0, height = 0;        // of main
  int thumbnail_width = 0, thumbnail_height = 0;
  std::string colour;  // "#rrggbb": the average colour (of the thumbnail)
};

// Sets libvips up for this process (once; later calls return the first
// answer): no operation cache, one thread per image, every loader but PNG,
// JPEG, GIF and WebP blocked, libvips' warnings to the debug log. Any thread.
// process_image calls it; natterd calls it at start to fail early.
status init_images();

// Frees what libvips keeps for the calling thread. Call it last in a thread
// (not one of GLib's) that may have run process_image; harmless otherwise.
void release_thread_images();

// Blocking: call it from an image_pool worker, never from an I/O thread.
// Decodes input as kind (only that format's loader runs), checks the header
// against limits before any pixel is decoded, and writes main and thumbnail
// as new files with random names in out_dir (mode 0600; the caller removes
// them). Animated GIF and WebP keep their first frame only.
//
// Errors, never exceptions: errc::validation_failed, field "file":
// "The image cannot be decoded." (not that format, malformed, truncated,
// kind other), "The image is larger than N megapixels.", "The image is larger
// than N pixels on a side.", "The image took too long to decode.";
// errc::internal when out_dir cannot be written or libvips cannot start.
// On error no output file is left behind.
result<processed_image> process_image(const std::filesystem::path& input, content_kind kind, image_purpose purpose,
                                      const std::filesystem::path& out_dir, const image_limits& limits);

}  // namespace natter::media
