#pragma once
// Names of downloaded files. A name comes from the server (or whoever
// uploaded it): it is reduced to a plain file name before it touches the
// disk, whatever the server did to it already.

#include <string>
#include <string_view>

namespace natter::client {

// A file name safe to create in a directory: the last segment of `name`
// ('/' and '\\' both separate), without control characters (C0, DEL, C1),
// invalid UTF-8 or leading dots and spaces, at most 255 bytes (cut at a
// character boundary); "file" when nothing is left. Never a path, never
// hidden, never "." or "..".
std::string local_file_name(std::string_view name);

// The file name a Content-Disposition header gives: filename*=UTF-8''...
// (percent-decoded) when present, else filename="..." (or unquoted); empty
// when there is none. Not yet safe: see local_file_name.
std::string disposition_file_name(std::string_view header);

// Percent-encodes everything but A-Z a-z 0-9 - . _ ~ (for a query value).
std::string percent_encoded(std::string_view text);

}  // namespace natter::client
