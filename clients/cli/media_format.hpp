#pragma once
// Attachments as natter prints them:
//   [image 1280×720 photo.jpg 245 KB]
//   [file report.pdf 1.2 MB]

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/frames.hpp"

namespace natter::cli {

// Bytes in decimal units, as file managers show them: "512 B", "9.8 KB",
// "245 KB", "1.2 MB", "3.0 GB". One decimal below 10, none above.
std::string human_size(std::int64_t bytes);

// Text from the server made safe for a terminal: control characters (C0,
// DEL, C1) become '?', so that no name can move the cursor or recolour the
// screen.
std::string printable(std::string_view text);

// "[image 1280×720 photo.jpg 245 KB]", "[file report.pdf 1.2 MB]".
std::string attachment_label(const protocol::media& m);

// The lines of a message for history and listen: `first` (the message's own
// line), then one line per attachment, "  [file report.pdf 1.2 MB] <media
// id>", so that `natter download <media id>` can fetch it.
std::string with_attachments(std::string first, const protocol::message& m);

}  // namespace natter::cli
