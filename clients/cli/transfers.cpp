#include "clients/cli/transfers.hpp"

#include <cstdlib>

namespace natter::cli {

client::outcome<std::vector<protocol::media>> upload_files(client::session& s, const std::vector<std::string>& files) {
  std::vector<protocol::media> out;
  for (const auto& file : files) {
    auto token = s.access_token().get();
    if (!token) return token.error();
    auto media = s.http().upload(token.value(), file);
    if (!media) {
      auto why = media.error();
      why.message += " (" + file + ")";
      return why;
    }
    out.push_back(std::move(media.value()));
  }
  return out;
}

client::outcome<client::downloaded_file> download_media(client::session& s, const std::string& id,
                                                        const std::filesystem::path& target, bool overwrite) {
  auto token = s.access_token().get();
  if (!token) return token.error();
  return s.http().download(token.value(), id, target, {false, overwrite});
}

std::filesystem::path expand_home(const std::string& path) {
  const char* home = std::getenv("HOME");
  if (home && (path == "~" || path.starts_with("~/")))
    return std::filesystem::path(home) / path.substr(path.size() > 1 ? 2 : 1);
  return path;
}

}  // namespace natter::cli
