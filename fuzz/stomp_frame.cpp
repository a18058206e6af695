// The STOMP 1.2 frame parser and serializer (src/stomp/frame.hpp), as natterd
// runs them on every WebSocket message of /stomp: the input is read frame by
// frame until it ends or a frame is refused, once with natterd's limits and
// once with tiny ones (so that every limit is reached).
//
// Properties: no crash or sanitizer report; a refused frame leaves the input
// where the bad frame starts (past heart-beats) and a parsed one consumes
// something; every parsed frame, once serialized, parses back to the same
// frame (command, headers in order, body) and consumes exactly its text.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "stomp/frame.hpp"

namespace {

using namespace natter;
using fuzz::check;

void round_trip(const stomp::frame& f) {
  const auto text = stomp::serialize(f);
  // Escaping may lengthen a header (a raw ':' in a value becomes \c): read it
  // back with room to spare.
  stomp::frame_limits roomy;
  roomy.max_frame_bytes = 2 * text.size() + 16;
  roomy.max_headers = f.headers.size();
  roomy.max_header_line_bytes = text.size();
  roomy.max_body_bytes = f.body.size();
  std::string_view input = text;
  auto again = stomp::parse(input, roomy);
  check(again.f.has_value() && !again.error, "a serialized frame parses");
  check(*again.f == f, "a frame survives serializing");
  check(input.empty(), "a serialized frame is read whole");
}

void read_all(std::string_view input, const stomp::frame_limits& limits) {
  for (;;) {
    const auto before = input;
    auto got = stomp::parse(input, limits);
    if (got.error) {
      check(!got.f.has_value(), "an error comes without a frame");
      const auto skipped = before.substr(0, before.size() - input.size());
      check(before.ends_with(input), "an error consumes nothing but heart-beats");
      check(skipped.find_first_not_of("\r\n") == std::string_view::npos, "an error consumes nothing but heart-beats");
      return;
    }
    if (!got.f) {
      check(input.empty(), "no frame only at the end of the input");
      return;
    }
    check(input.size() < before.size(), "a frame consumes its text");
    check(got.f->headers.size() <= limits.max_headers, "the header limit holds");
    check(got.f->body.size() <= limits.max_body_bytes, "the body limit holds");
    round_trip(*got.f);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  read_all(input, stomp::frame_limits{});
  stomp::frame_limits tiny;
  tiny.max_frame_bytes = 64;
  tiny.max_headers = 3;
  tiny.max_header_line_bytes = 16;
  tiny.max_body_bytes = 24;
  read_all(input, tiny);
  return 0;
}
