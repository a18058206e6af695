// What a client says about an upload or a download, as natterd reads it: the
// Range header of a download (api::parse_byte_range) and the name and
// upload_id of an upload (media::safe_file_name, media::valid_upload_id).
// The first 8 bytes of the input are the size of the file the range is
// against; the rest is the header, and the name.
//
// Properties: a range lies inside the file (first <= last < size) or is
// unsatisfiable, never both; a kept name is valid UTF-8 of 1 to 255 bytes,
// with no control character, quote, slash or backslash, and does not start
// with a dot; an upload_id that passes is 1 to 64 URL-safe characters.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "api/byte_range.hpp"
#include "common/utf8.hpp"
#include "fuzz_check.hpp"
#include "media/upload_names.hpp"

namespace {

using namespace natter;
using fuzz::check;

void check_range(std::string_view header, std::uint64_t size) {
  const auto r = api::parse_byte_range(header, size);
  check(r.first.has_value() == r.last.has_value(), "a range has both ends or neither");
  if (r.first) {
    check(!r.unsatisfiable, "a served range is not also unsatisfiable");
    check(*r.first <= *r.last && *r.last < size, "a range lies inside the file");
  }
}

void check_name(std::string_view input) {
  const auto name = media::safe_file_name(input);
  check(!name.empty() && name.size() <= 255, "a kept name has 1 to 255 bytes");
  check(is_valid_utf8(name), "a kept name is valid UTF-8");
  check(name.front() != '.', "a kept name is not hidden");
  for (unsigned char c : name) {
    check(c >= 0x20 && c != 0x7f && c != '"' && c != '\\' && c != '/', "no control character, quote or slash");
  }
}

void check_upload_id(std::string_view input) {
  if (!media::valid_upload_id(input)) return;
  check(!input.empty() && input.size() <= 64, "an upload_id has 1 to 64 characters");
  for (char c : input) {
    const bool url_safe =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    check(url_safe, "an upload_id is URL-safe");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::uint64_t file_size = 0;
  const std::size_t head = size < 8 ? size : 8;
  std::memcpy(&file_size, data, head);
  const std::string_view rest(reinterpret_cast<const char*>(data) + head, size - head);
  check_range(rest, file_size);
  check_range(rest, file_size % 4096);
  check_name(rest);
  check_upload_id(rest);
  return 0;
}
