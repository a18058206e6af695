#pragma once
// What natterd keeps of what a client says about an upload: its name and its
// retry key. Pure functions, fuzzed (fuzz/media_request.cpp).

#include <string>
#include <string_view>

namespace natter::media {

// The name a client gave, made safe to store and to send back in a
// Content-Disposition: no directories, no control characters, no quotes or
// backslashes, at most 255 bytes of valid UTF-8; "file" when nothing is left.
std::string safe_file_name(std::string_view name);

// True for 1-64 characters of [A-Za-z0-9_-].
bool valid_upload_id(std::string_view id) noexcept;

}  // namespace natter::media
