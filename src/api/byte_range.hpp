#pragma once
// The Range header of a download (RFC 9110 §14.2): one range of bytes.

#include <cstdint>
#include <optional>
#include <string_view>

namespace natter::api {

struct byte_range {
  std::optional<std::uint64_t> first;  // both set: serve first..last (inclusive), 206
  std::optional<std::uint64_t> last;
  bool unsatisfiable = false;  // 416
};

// "bytes=a-b", "bytes=a-" or "bytes=-n" against a body of `size` bytes. No
// header, several ranges, another unit or anything malformed: the whole body
// (neither set, not unsatisfiable), as the RFC allows.
byte_range parse_byte_range(std::string_view header, std::uint64_t size);

}  // namespace natter::api
