#pragma once
// What an upload is, read from its first bytes: the client's name and
// Content-Type are never consulted, so a file cannot pass for an image (or an
// image for a file) by what it is called.

#include <span>
#include <string_view>

namespace natter::media {

enum class content_kind { png, jpeg, gif, webp, other };

// The kind whose magic number the content starts with. 16 bytes suffice;
// fewer are other unless they hold a whole signature. SVG, HTML and anything
// else not listed are other.
content_kind sniff(std::span<const unsigned char> head);

// image/png, image/jpeg, image/gif, image/webp; other: application/octet-stream.
std::string_view mime_of(content_kind k);

}  // namespace natter::media
