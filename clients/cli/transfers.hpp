#pragma once
// Uploads and downloads on behalf of a logged-in session (its access token,
// its server), for `send --file`, `download` and the full-screen chat.
// Blocking; safe on any thread but the session's own.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "client/http_api.hpp"
#include "client/outcome.hpp"
#include "client/session.hpp"
#include "clients/cli/media_arguments.hpp"

namespace natter::cli {

// At most this many files on one message (natterd's limit).
inline constexpr std::size_t max_attachments = 10;

// Uploads each file as an attachment, one after the other. Errors: the
// first failure, its message naming the file.
client::outcome<std::vector<protocol::media>> upload_files(client::session& s, const std::vector<std::string>& files);

// Downloads media `id` to `target` (a file, or a directory where it takes
// its own name); see client::http_api::download.
client::outcome<client::downloaded_file> download_media(client::session& s, const std::string& id,
                                                        const std::filesystem::path& target, bool overwrite);

// "~/x" as $HOME/x; anything else as it is.
std::filesystem::path expand_home(const std::string& path);

}  // namespace natter::cli
