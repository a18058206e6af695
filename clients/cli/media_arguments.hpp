#pragma once
// Media ids on natter's command line. An id may begin with '-' (one in 64
// do), which a command-line parser takes for an option.

#include <string>
#include <string_view>
#include <vector>

namespace natter::cli {

// 22 characters A-Z a-z 0-9 - _.
bool is_media_id(std::string_view text);

// `args` (argv, the program first) with each media id given to `download`
// that begins with '-' moved behind a "--", where it can only be the id:
// `natter download -Xb4... -o x` reads as `natter download -o x -- -Xb4...`.
// Values of -o/--output and --server stay where they are; all else too. The
// same for the session id of `sessions end` (ids of the same alphabet).
std::vector<std::string> media_ids_behind_double_dash(std::vector<std::string> args);

}  // namespace natter::cli
