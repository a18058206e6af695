#include "media/content_type.hpp"

#include <algorithm>
#include <cstddef>

namespace natter::media {

namespace {

bool starts_with(std::span<const unsigned char> head, std::string_view magic, std::size_t at = 0) {
  if (head.size() < at + magic.size()) return false;
  return std::equal(magic.begin(), magic.end(), head.begin() + static_cast<std::ptrdiff_t>(at),
                    [](char m, unsigned char h) { return static_cast<unsigned char>(m) == h; });
}

// RIFF <size> WEBP, then the first chunk: VP8 (lossy), VP8L (lossless) or
// VP8X (extended).
bool is_webp(std::span<const unsigned char> head) {
  if (!starts_with(head, "RIFF") || !starts_with(head, "WEBPVP8", 8) || head.size() < 16) return false;
  const unsigned char variant = head[15];
  return variant == ' ' || variant == 'L' || variant == 'X';
}

}  // namespace

content_kind sniff(std::span<const unsigned char> head) {
  if (starts_with(head, "\x89PNG\r\n\x1a\n")) return content_kind::png;
  if (starts_with(head, "\xff\xd8\xff")) return content_kind::jpeg;
  if (starts_with(head, "GIF87a") || starts_with(head, "GIF89a")) return content_kind::gif;
  if (is_webp(head)) return content_kind::webp;
  return content_kind::other;
}

std::string_view mime_of(content_kind k) {
  switch (k) {
    case content_kind::png:
      return "image/png";
    case content_kind::jpeg:
      return "image/jpeg";
    case content_kind::gif:
      return "image/gif";
    case content_kind::webp:
      return "image/webp";
    case content_kind::other:
      break;
  }
  return "application/octet-stream";
}

}  // namespace natter::media
