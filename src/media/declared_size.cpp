#include "media/declared_size.hpp"

#include <algorithm>
#include <string_view>

namespace natter::media {

namespace {

using bytes = std::span<const unsigned char>;

std::uint64_t big_endian(bytes b, std::size_t at, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | b[at + i];
  return v;
}

std::uint64_t little_endian(bytes b, std::size_t at, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = n; i-- > 0;) v = (v << 8) | b[at + i];
  return v;
}

bool has(bytes b, std::size_t at, std::string_view text) {
  return b.size() >= at + text.size() &&
         std::equal(text.begin(), text.end(), b.begin() + static_cast<std::ptrdiff_t>(at),
                    [](char t, unsigned char c) { return static_cast<unsigned char>(t) == c; });
}

// The IHDR chunk comes first, right after the signature.
std::optional<declared_dimensions> png_size(bytes b) {
  if (b.size() < 24 || !has(b, 12, "IHDR")) return std::nullopt;
  return declared_dimensions{big_endian(b, 16, 4), big_endian(b, 20, 4)};
}

// The logical screen; frames are drawn on it.
std::optional<declared_dimensions> gif_size(bytes b) {
  if (b.size() < 10) return std::nullopt;
  return declared_dimensions{little_endian(b, 6, 2), little_endian(b, 8, 2)};
}

bool is_start_of_frame(unsigned char marker) {
  return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

// Walks the segments up to the first start-of-frame (SOFn) header.
std::optional<declared_dimensions> jpeg_size(bytes b) {
  std::size_t at = 2;
  while (at + 4 <= b.size()) {
    if (b[at] != 0xff) return std::nullopt;
    const unsigned char marker = b[at + 1];
    if (marker == 0xff) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {  // no length
      at += 2;
      continue;
    }
    if (marker == 0xda || marker == 0xd9) return std::nullopt;  // scan or end before any frame header
    if (is_start_of_frame(marker)) {
      if (at + 9 > b.size()) return std::nullopt;
      return declared_dimensions{big_endian(b, at + 7, 2), big_endian(b, at + 5, 2)};
    }
    at += 2 + big_endian(b, at + 2, 2);
  }
  return std::nullopt;
}

// RIFF <size> WEBP, then the first chunk: VP8X (canvas), VP8L or VP8.
std::optional<declared_dimensions> webp_size(bytes b) {
  if (has(b, 12, "VP8X") && b.size() >= 30) {
    return declared_dimensions{1 + little_endian(b, 24, 3), 1 + little_endian(b, 27, 3)};
  }
  if (has(b, 12, "VP8L") && b.size() >= 25) {
    const std::uint64_t bits = little_endian(b, 21, 4);
    return declared_dimensions{1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff)};
  }
  if (has(b, 12, "VP8 ") && b.size() >= 30) {
    return declared_dimensions{little_endian(b, 26, 2) & 0x3fff, little_endian(b, 28, 2) & 0x3fff};
  }
  return std::nullopt;
}

}  // namespace

std::optional<declared_dimensions> declared_size(std::span<const unsigned char> head, content_kind kind) {
  if (sniff(head) != kind) return std::nullopt;
  switch (kind) {
    case content_kind::png:
      return png_size(head);
    case content_kind::gif:
      return gif_size(head);
    case content_kind::jpeg:
      return jpeg_size(head);
    case content_kind::webp:
      return webp_size(head);
    case content_kind::other:
      break;
  }
  return std::nullopt;
}

}  // namespace natter::media
