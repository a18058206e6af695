#pragma once
// STOMP 1.2 frames (https://stomp.github.io/stomp-specification-1.2.html):
// a pure parser and serializer, without sockets. natterd reads one WebSocket
// message at a time, which may hold several frames and heart-beat EOLs
// between them; a frame never spans two messages.
//
// Strict where the specification is: a known command, header lines of
// "name:value", the 1.2 escapes (\r \n \c \\) in every frame but CONNECT,
// STOMP and CONNECTED (an undefined escape is an error), a body either of
// content-length octets or up to the first NUL, then the NUL. Every part has
// a limit, and going past one is an error of its own kind, so that the peer
// can be told which.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace natter::stomp {

struct frame {
  std::string command;
  // In the order they came; a repeated header keeps every copy, and the first
  // one counts (STOMP 1.2, "Repeated Header Entries").
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header of that name, if any.
  const std::string* header(std::string_view name) const;
  bool operator==(const frame&) const = default;
};

struct frame_limits {
  std::size_t max_frame_bytes = 65536;  // command, headers, body and the NUL
  std::size_t max_headers = 32;
  std::size_t max_header_line_bytes = 4096;  // one "name:value" line, as sent (escaped)
  std::size_t max_body_bytes = 65536;
};

enum class frame_error {
  truncated,           // the input ends before the frame's NUL
  unknown_command,     // not a STOMP 1.2 command
  bad_header,          // a header line without ':', or not UTF-8
  bad_escape,          // a backslash not followed by r, n, c or backslash
  too_many_headers,    // more than max_headers
  header_too_long,     // a header line over max_header_line_bytes
  frame_too_large,     // over max_frame_bytes
  body_too_large,      // a body (or content-length) over max_body_bytes
  bad_content_length,  // content-length not a decimal number
  missing_nul,         // the content-length octets are not followed by a NUL
};

// The wire text of an error, for logs and ERROR frames.
std::string_view describe(frame_error e) noexcept;

// What parse() found at the start of its input.
struct parsed {
  std::optional<frame> f;            // nothing: the input held only heart-beats
  std::optional<frame_error> error;  // set: f is empty and the rest of the input is not read
};

// Reads the next frame from input, skipping heart-beat EOLs (\n or \r\n)
// before it and after its NUL, and removes what it read from input. An error
// leaves input where the bad frame started. Never throws on any input.
parsed parse(std::string_view& input, const frame_limits& limits = {});

// The frame as STOMP 1.2 text, NUL-terminated, with its headers escaped (but
// those of CONNECT, STOMP and CONNECTED). Adds no header: a caller that sends
// a body other than UTF-8 text, or one with a NUL in it, adds content-length.
std::string serialize(const frame& f);

// True for the commands that carry their headers unescaped.
bool headers_unescaped(std::string_view command) noexcept;

}  // namespace natter::stomp
